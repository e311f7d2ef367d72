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

  /** {@code qvm --help} and {@code qvm run --help}: usage on stdout, exit 0 (picocli's convention). */
  @Test
  void helpPrintsUsageAndExitsZero() {
    var r = qvm("--help");
    assertThat(r.exitCode()).isZero();
    assertThat(r.out()).contains("Usage: qvm").contains("run").contains("check").contains("dtb");
    var run = qvm("run", "--help");
    assertThat(run.exitCode()).isZero();
    assertThat(run.out()).contains("Usage: qvm run").contains("--semihosting").contains("--timeout");
    assertThat(run.err()).isEmpty();
  }

  /** {@code qvm --version}: the project version and the JVM, exit 0. */
  @Test
  void versionPrintsTheVersionAndExitsZero() {
    var r = qvm("--version");
    assertThat(r.exitCode()).isZero();
    assertThat(r.out()).containsPattern("(?m)^qvm [0-9]+\\.[0-9]+").contains("JVM:");
  }

  /**
   * A raw image that makes a semihosting SYS_EXIT (HLT #0xF000, status 42). Its EL1 vector for
   * synchronous exceptions prints 'U' and the ESR's EC as a digit on the pl011, then powers off
   * through PSCI SYSTEM_OFF (exit 0). Words assembled with aarch64-linux-gnu-as.
   */
  private static Path semihostingProbe(Path dir) throws Exception {
    ByteBuffer image = ByteBuffer.allocate(0xa2c).order(ByteOrder.LITTLE_ENDIAN);
    int[] start = {
      0x1000_4002, // adr x2, vectors (+0x800)
      0xd518_c002, // msr vbar_el1, x2
      0xd280_0300, // mov x0, #0x18 (SYS_EXIT)
      0x1000_0061, // adr x1, block (+0x18)
      0xd45e_0000, // hlt #0xf000
      0x1400_0000, // b .
    };
    for (int w : start) {
      image.putInt(w);
    }
    image.putLong(0x18, 0x20026).putLong(0x20, 42); // ADP_Stopped_ApplicationExit, status 42
    int[] syncVector = {
      0xd2a1_2003, // mov x3, #0x09000000 (pl011 data register)
      0x5280_0aa4, // mov w4, #'U'
      0x3900_0064, // strb w4, [x3]
      0xd538_5205, // mrs x5, esr_el1
      0xd35a_fca5, // lsr x5, x5, #26
      0x1100_c0a5, // add w5, w5, #'0'
      0x3900_0065, // strb w5, [x3]
      0xd2b0_8000, // mov x0, #0x84000000
      0xf280_0100, // movk x0, #0x8 (PSCI SYSTEM_OFF)
      0xd400_0002, // hvc #0
      0x1400_0000, // b .
    };
    image.position(0xa00); // VBAR_EL1 + 0x200: current EL with SP_ELx, synchronous
    for (int w : syncVector) {
      image.putInt(w);
    }
    Files.write(dir.resolve("semi.bin"), image.array());
    Path board = dir.resolve("semi.qvmconf");
    Files.writeString(board, "system semi\nram 0x40000000,16M\nload 0x40080000,semi.bin\n"
        + "vdev pl011\n    loc 0x09000000\n    intr gic:33\n    hostdev >-\n");
    return board;
  }

  /**
   * {@code --semihosting} turns on HLT #0xF000 as a semihosting call (the config's
   * {@code semihosting}): SYS_EXIT's status becomes qvm's exit code. Without it HLT stays what the
   * ARM ARM says (C6.2.104, halting debug disabled): UNDEFINED, EC 0x00, which the guest's vector
   * reports as "U0".
   */
  @Test
  void semihostingOptionEnablesHltAndWithoutItHltIsUndefined(@TempDir Path dir) throws Exception {
    Path board = semihostingProbe(dir);
    var with = qvm("run", "--semihosting", "--timeout", "20s", board.toString());
    assertThat(with.exitCode()).as("SYS_EXIT status 42%n%s", with.err()).isEqualTo(42);
    assertThat(with.out()).as("no exception taken").isEmpty();
    var without = qvm("run", "--timeout", "20s", board.toString());
    assertThat(without.out()).as("HLT is UNDEFINED: EC 0").isEqualTo("U0");
    assertThat(without.exitCode()).as("then PSCI SYSTEM_OFF%n%s", without.err()).isZero();
  }
}
