package dev.qvm.cli;

import static dev.qvm.cli.CliTesting.example;
import static dev.qvm.cli.CliTesting.qvm;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code qvm run}: boots the example boards end to end through the real CLI. */
class RunCommandTest {

  @Test
  void helloBoardPrintsGreetingAndExitsZero() {
    var r = qvm("run", example("hello.qvmconf").toString());
    assertThat(r.out()).contains("Hello from a qvm guest!").contains("CurrentEL: EL1").contains("All checks passed.");
    assertThat(r.exitCode()).as("semihosting SYS_EXIT status 0 becomes qvm's exit code").isZero();
    assertThat(r.err()).as("nothing on stderr by default").isEmpty();
  }

  @Test
  void failBoardExitsThree() {
    var r = qvm("run", example("fail.qvmconf").toString());
    assertThat(r.exitCode()).isEqualTo(3);
  }

  @Test
  void qnxAtFormMeansRun() {
    var r = qvm("@" + example("fail.qvmconf"));
    assertThat(r.exitCode()).isEqualTo(3);
  }

  @Test
  void dryrunAssemblesAndStops() {
    var r = qvm("run", example("hello.qvmconf").toString(), "dryrun");
    assertThat(r.exitCode()).isZero();
    assertThat(r.out()).isEqualTo("Exiting: dryrun completed" + System.lineSeparator());
  }

  @Test
  void statsReportInstructionsPerVcpu() {
    var r = qvm("run", "--stats", example("hello.qvmconf").toString());
    assertThat(r.exitCode()).isZero();
    assertThat(r.err()).containsPattern("vcpu0 +[0-9,]+ instructions");
  }

  @Test
  void statsJsonHasInstructionsAndInterrupts(@TempDir Path dir) throws Exception {
    Path json = dir.resolve("stats.json");
    var r = qvm("run", "--stats-json", json.toString(), example("hello.qvmconf").toString());
    assertThat(r.exitCode()).isZero();
    var tree = new com.fasterxml.jackson.databind.ObjectMapper().readTree(json.toFile());
    assertThat(tree.path("vm").asText()).isEqualTo("hello");
    assertThat(tree.path("exitCode").asInt()).isZero();
    assertThat(tree.path("vcpus").get(0).path("instructions").asLong()).as("hello retires instructions").isGreaterThan(1000);
    assertThat(tree.path("interrupts").isArray()).isTrue();
  }

  /** A guest that spins forever ({@code b .}) is stopped by --timeout with exit code 124. */
  @Test
  void timeoutStopsASpinningGuest(@TempDir Path dir) throws Exception {
    Path loop = dir.resolve("loop.bin");
    Files.write(loop, ByteBuffer.allocate(4).order(ByteOrder.LITTLE_ENDIAN).putInt(0x1400_0000).array());
    Path board = dir.resolve("loop.qvmconf");
    Files.writeString(board, "system loop\nram 0x40000000,16M\nload 0x40080000,loop.bin\n");
    var r = qvm("run", "--timeout", "300ms", board.toString());
    assertThat(r.exitCode()).isEqualTo(124);
    assertThat(r.err()).contains("timeout");
  }

  @Test
  void badTimeoutIsAUsageError() {
    var r = qvm("run", "--timeout", "soon", example("hello.qvmconf").toString());
    assertThat(r.exitCode()).isEqualTo(2);
    assertThat(r.err()).contains("not a duration");
  }
}
