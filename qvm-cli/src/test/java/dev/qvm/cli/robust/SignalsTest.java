package dev.qvm.cli.robust;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 10, "Signals and console": real signals sent to a real {@code qvm run} process whose guest
 * spins forever ({@code b .}). Exit codes per QVMCONF.md: 130 SIGINT, 143 SIGTERM, 3 SIGQUIT.
 */
class SignalsTest {

  private static final Duration READY = Duration.ofSeconds(60);
  private static final Duration EXIT = Duration.ofSeconds(30);

  @TempDir Path dir;

  private QvmProcess spin(String... options) throws Exception {
    Path board = Guests.board(dir, Guests.SPIN, "16M", "");
    String[] args = new String[options.length + 2];
    args[0] = "run";
    System.arraycopy(options, 0, args, 1, options.length);
    args[args.length - 1] = board.toString();
    QvmProcess q = QvmProcess.start(dir, List.of(), args);
    q.awaitSignalHandlers(READY);
    return q;
  }

  @Test
  void sigintStopsTheVmWithStatsAndExit130() throws Exception {
    try (QvmProcess q = spin("--stats")) {
      q.signal("INT");
      assertThat(q.waitFor(EXIT)).isEqualTo(130);
      assertThat(q.stderr()).contains("qvm: stopped by SIGINT").containsPattern("vcpu0 +[0-9,]+ instructions");
    }
  }

  @Test
  void sigtermStopsTheVmWithStatsAndExit143() throws Exception {
    try (QvmProcess q = spin("--stats")) {
      q.signal("TERM");
      assertThat(q.waitFor(EXIT)).isEqualTo(143);
      assertThat(q.stderr()).contains("qvm: stopped by SIGTERM").containsPattern("vcpu0 +[0-9,]+ instructions");
    }
  }

  @Test
  void sigquitIsAPowerCutWithExit3AndNoThreadDump() throws Exception {
    try (QvmProcess q = spin()) {
      q.signal("QUIT");
      assertThat(q.waitFor(EXIT)).isEqualTo(3);
      assertThat(q.stderr()).contains("power cut (SIGQUIT)");
      assertThat(q.stdout()).as("the JVM's thread dump must not reach the guest console").doesNotContain("Full thread dump");
    }
  }

  @Test
  void sigusr1PrintsEveryVcpuAndTheGuestRunsOn() throws Exception {
    try (QvmProcess q = spin()) {
      q.signal("USR1");
      Thread.sleep(500);
      assertThat(q.process.isAlive()).as("SIGUSR1 only reports").isTrue();
      q.signal("USR1");
      Thread.sleep(500);
      q.signal("TERM");
      assertThat(q.waitFor(EXIT)).isEqualTo(143);
      assertThat(q.stderr())
          .containsPattern("qvm: vcpu0 .*PC=0x4008000[04].* instructions")
          .contains("qvm: status after");
      assertThat(q.stderr().split("qvm: status after", -1)).as("two reports").hasSize(3);
    }
  }

  @Test
  void consoleOutputIsFlushedWhenStoppedBySigterm() throws Exception {
    Path board = Guests.board(dir, Guests.PRINT_Q_THEN_SPIN, "16M", "vdev pl011 loc 0x09000000 hostdev >-\n");
    try (QvmProcess q = QvmProcess.start(dir, List.of(), "run", board.toString())) {
      q.awaitSignalHandlers(READY);
      // SIGTERM must come after the guest's store to UARTDR, not merely after qvm is ready: a
      // stop request ends the vCPU's slice within an instruction, possibly before the store. The
      // SIGUSR1 status report tells when vCPU 0 spins in the loop after it (0x4008000c).
      long end = System.nanoTime() + READY.toNanos();
      while (!q.stderr().contains("PC=0x4008000c")) {
        assertThat(System.nanoTime()).as("vCPU 0 reached the loop after the store").isLessThan(end);
        q.signal("USR1");
        Thread.sleep(50);
      }
      q.signal("TERM");
      assertThat(q.waitFor(EXIT)).isEqualTo(143);
      assertThat(q.stdout()).as("a character with no newline after it is still written").isEqualTo("Q");
    }
  }
}
