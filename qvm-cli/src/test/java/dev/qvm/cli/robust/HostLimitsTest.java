package dev.qvm.cli.robust;

import static org.assertj.core.api.Assertions.assertThat;

import dev.qvm.cli.Main;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Issue 10, "Limits": what the host cannot give, and a guest that stops kicking its watchdog. */
class HostLimitsTest {

  @TempDir Path dir;

  /**
   * A valid board whose RAM the host cannot give is fatal before the guest starts (64), not a
   * configuration error (65): one line that names the ram option and what the host has. A board
   * larger than the host's memory and swap (512G here) is refused before anything is allocated.
   */
  @Test
  void guestRamTheHostCannotGiveFailsAtStartWith64() throws Exception {
    Path board = Guests.board(dir, Guests.SPIN, "512G", "");
    try (QvmProcess q = QvmProcess.start(dir, List.of(), "run", board.toString())) {
      assertThat(q.waitFor(Duration.ofSeconds(60))).isEqualTo(64);
      String err = q.stderr();
      assertThat(err.lines().toList())
          .as("one line, no stack trace")
          .singleElement()
          .satisfies(
              line ->
                  assertThat(line)
                      .startsWith("qvm: " + board + ":2:1: cannot allocate 512G of guest RAM")
                      .contains("the host has only"));
    }
  }

  /** RAM within the host's memory but beyond the JVM's direct-memory limit: the same 64, naming the limit. */
  @Test
  void guestRamBeyondTheJvmLimitFailsAtStartWith64() throws Exception {
    Path board = Guests.board(dir, Guests.SPIN, "1G", "");
    try (QvmProcess q = QvmProcess.start(dir, List.of("-XX:MaxDirectMemorySize=64m"), "run", board.toString())) {
      assertThat(q.waitFor(Duration.ofSeconds(60))).isEqualTo(64);
      assertThat(q.stderr().lines().toList())
          .as("one line, no stack trace")
          .singleElement()
          .satisfies(line -> assertThat(line).startsWith("qvm: " + board + ":2:1: cannot allocate 1G of guest RAM").contains("MaxDirectMemorySize"));
    }
  }

  /** The same shortfall in {@code qvm check}, which assembles too. */
  @Test
  void checkReportsTheShortfallWith64() throws Exception {
    Path board = Guests.board(dir, Guests.SPIN, "512G", "");
    try (QvmProcess q = QvmProcess.start(dir, List.of(), "check", board.toString())) {
      assertThat(q.waitFor(Duration.ofSeconds(60))).isEqualTo(64);
      assertThat(q.stderr()).startsWith("qvm: " + board + ":2:1: cannot allocate").doesNotContain("internal error");
    }
  }

  /** A guest that starts the SP805 with RESEN and never kicks it: exit code 4 (QVMCONF.md). */
  @Test
  void unkickedWatchdogTerminatesTheVmWithExit4() throws Exception {
    Path board =
        Guests.board(
            dir,
            Guests.START_WATCHDOG_THEN_SPIN,
            "16M",
            "vdev wdt-sp805 loc 0x09010000 frequency 1000000 action dump,terminate\n");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    long start = System.nanoTime();
    int code;
    try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
      code = Main.run(new String[] {"run", "--timeout", "30s", board.toString()}, o, e);
    }
    long millis = (System.nanoTime() - start) / 1_000_000;
    assertThat(code).as("stderr: %s", err).isEqualTo(4);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("qvm: watchdog").contains("WDOGRES");
    assertThat(millis).as("two time-outs of 50 ms, not the 30 s timeout").isLessThan(20_000);
  }
}
