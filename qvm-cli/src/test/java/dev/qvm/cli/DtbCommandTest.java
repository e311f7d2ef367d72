package dev.qvm.cli;

import static dev.qvm.cli.CliTesting.example;
import static dev.qvm.cli.CliTesting.qvm;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code qvm dtb}: the generated device tree is a valid DTB that dtc decompiles cleanly. */
class DtbCommandTest {

  @Test
  void writesAVersion17BlobWithTheBoardsNodes(@TempDir Path dir) throws Exception {
    Path out = dir.resolve("board.dtb");
    var r = qvm("dtb", example("hello.qvmconf").toString(), "-o", out.toString());
    assertThat(r.exitCode()).isZero();
    byte[] blob = Files.readAllBytes(out);
    ByteBuffer b = ByteBuffer.wrap(blob);
    assertThat(b.getInt(0)).as("FDT magic").isEqualTo(0xd00dfeed);
    assertThat(b.getInt(4)).as("totalsize").isEqualTo(blob.length);
    assertThat(b.getInt(20)).as("version").isEqualTo(17);
    String text = new String(blob, StandardCharsets.ISO_8859_1);
    assertThat(text).contains("arm,gic-v3", "arm,armv8-timer", "arm,pl011", "arm,psci-1.0", "memory@40000000", "stdout-path");
  }

  @Test
  void fdtDumpFileWritesTheSameBlob(@TempDir Path dir) throws Exception {
    Path a = dir.resolve("a.dtb");
    Path b = dir.resolve("b.dtb");
    assertThat(qvm("dtb", example("hello.qvmconf").toString(), "-o", a.toString()).exitCode()).isZero();
    var r = qvm("run", example("hello.qvmconf").toString(), "set", "fdt-dump-file", b.toString(), "dryrun");
    assertThat(r.exitCode()).isZero();
    assertThat(Files.readAllBytes(b)).isEqualTo(Files.readAllBytes(a));
  }

  @Test
  void dtcDecompilesWithoutWarnings(@TempDir Path dir) throws Exception {
    Path out = dir.resolve("board.dtb");
    assertThat(qvm("dtb", example("hello.qvmconf").toString(), "-o", out.toString()).exitCode()).isZero();
    Process p;
    try {
      p = new ProcessBuilder("dtc", "-I", "dtb", "-O", "dts", out.toString()).start();
    } catch (java.io.IOException e) {
      String reason = "dtc (Debian's device-tree-compiler) is not installed: cannot check the DTB with it";
      if ("1".equals(System.getenv("QVM_REQUIRE_EXTERNAL"))) {
        fail(reason + " and QVM_REQUIRE_EXTERNAL=1");
      }
      System.err.println("*** SKIPPED: " + reason);
      Assumptions.abort(reason);
      return;
    }
    String dts = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    String warnings = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).isZero();
    assertThat(warnings).as("dtc's warnings").isEmpty();
    assertThat(dts).contains("intc@8000000", "pl011@9000000", "enable-method = \"psci\"");
  }
}
