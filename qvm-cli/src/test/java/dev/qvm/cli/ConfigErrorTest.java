package dev.qvm.cli;

import static dev.qvm.cli.CliTesting.qvm;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A broken config prints exactly one line {@code FILE:LINE:COL: message} on stderr, exits 65
 * (QNX's configuration-error code) and never shows a stack trace.
 */
class ConfigErrorTest {

  private static CliTesting.Result run(Path dir, String text) throws Exception {
    Path board = dir.resolve("bad.qvmconf");
    Files.writeString(board, text);
    Files.write(dir.resolve("x.bin"), new byte[] {0, 0, 0, 0x14});
    return qvm("run", board.toString());
  }

  private static void assertOneLocatedLine(CliTesting.Result r, Path dir, int line, String message) {
    assertThat(r.exitCode()).isEqualTo(65);
    String[] lines = r.err().strip().split("\\R");
    assertThat(lines).as("exactly one line: %s", r.err()).hasSize(1);
    assertThat(lines[0]).startsWith(dir.resolve("bad.qvmconf") + ":" + line + ":").contains(message);
    assertThat(r.err()).doesNotContain("Exception").doesNotContain("\tat ");
  }

  @Test
  void unknownOption(@TempDir Path dir) throws Exception {
    var r = run(dir, "system x\nram 0x40000000,16M\nload 0x40080000,x.bin\nvdevv pl011\n");
    assertOneLocatedLine(r, dir, 4, "unknown option 'vdevv'");
  }

  @Test
  void duplicateIntid(@TempDir Path dir) throws Exception {
    var r = run(dir, "system x\nram 0x40000000,16M\nload 0x40080000,x.bin\nvdev pl011 loc 0x09000000 intr gic:33\nvdev pl011 loc 0x09001000 intr gic:33\n");
    assertOneLocatedLine(r, dir, 5, "INTID 33");
  }

  @Test
  void overlappingLoc(@TempDir Path dir) throws Exception {
    var r = run(dir, "system x\nram 0x40000000,16M\nload 0x40080000,x.bin\nvdev pl011 loc 0x40001000\n");
    assertOneLocatedLine(r, dir, 4, "overlaps");
  }

  @Test
  void missingLoadFile(@TempDir Path dir) throws Exception {
    var r = run(dir, "system x\nram 0x40000000,16M\nload 0x40080000,nothere.bin\n");
    assertOneLocatedLine(r, dir, 3, "nothere.bin");
  }

  @Test
  void gicVersionTwoIsRefused(@TempDir Path dir) throws Exception {
    var r = run(dir, "system x\nram 0x40000000,16M\nload 0x40080000,x.bin\nvdev gic version 2\n");
    assertOneLocatedLine(r, dir, 4, "GICv2 not supported");
  }

  @Test
  void noEntryPoint(@TempDir Path dir) throws Exception {
    var r = run(dir, "system x\nram 0x40000000,16M\n");
    assertThat(r.exitCode()).isEqualTo(65);
    assertThat(r.err().strip()).contains("nothing to run").doesNotContain("\tat ");
  }

  @Test
  void unknownCpuModel(@TempDir Path dir) throws Exception {
    var r = run(dir, "system x\nram 0x40000000,16M\nload 0x40080000,x.bin\nset cpu-model cortex-a99\n");
    assertOneLocatedLine(r, dir, 4, "unknown cpu-model 'cortex-a99' (known: cortex-a57, cortex-a57-lse)");
  }
}
