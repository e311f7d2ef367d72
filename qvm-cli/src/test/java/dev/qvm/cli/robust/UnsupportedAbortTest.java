package dev.qvm.cli.robust;

import static org.assertj.core.api.Assertions.assertThat;

import dev.qvm.cli.Main;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * QVMCONF.md {@code unsupported CATEGORY abort}: qvm stops with exit code 5 and says what the
 * guest did, instead of handing the guest an exception. The hostile guest loads past the end of
 * RAM; exc-basic executes an UNDEFINED instruction.
 */
class UnsupportedAbortTest {

  static Path repo() {
    return Path.of(System.getProperty("qvm.repo.root", "..")).toAbsolutePath().normalize();
  }

  private record Result(int code, String out, String err) {}

  private static Result run(Path dir, String guest, String policy) throws Exception {
    Path board = dir.resolve("abort.qvmconf");
    Files.writeString(board, String.join("\n",
        "system abort-test",
        "ram 0x40000000,128M",
        "cpu",
        "semihosting",
        "unsupported " + policy + " abort",
        "load " + repo().resolve("guest-images/" + guest + "/" + guest + ".elf"),
        "vdev pl011",
        "    loc 0x09000000",
        "    intr gic:33",
        "    hostdev >-",
        ""));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code;
    try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
      code = Main.run(new String[] {"run", "--timeout", "60s", board.toString()}, o, e);
    }
    return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  @Test
  void anUnmappedReferenceStopsTheVmWithExitFive(@TempDir Path dir) throws Exception {
    Result r = run(dir, "hostile", "reference");
    assertThat(r.code()).as("stderr: %s", r.err()).isEqualTo(5);
    assertThat(r.err())
        .containsPattern("qvm: vcpu0: unsupported reference: \\d-byte (read|write) at IPA 0x4[0-9a-f]{7} \\(VA 0x[0-9a-f]+\\), PC 0x4[0-9a-f]{7}")
        .doesNotContain("Exception");
  }

  @Test
  void anUndefinedInstructionStopsTheVmWithExitFive(@TempDir Path dir) throws Exception {
    Result r = run(dir, "exc-basic", "instruction");
    assertThat(r.code()).as("stderr: %s", r.err()).isEqualTo(5);
    assertThat(r.err()).containsPattern("qvm: vcpu0: UNDEFINED instruction at PC 0x4[0-9a-f]{7}");
  }
}
