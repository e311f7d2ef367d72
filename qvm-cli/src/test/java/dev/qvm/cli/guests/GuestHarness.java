package dev.qvm.cli.guests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.qvm.cli.Main;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;

/**
 * Boots a test guest from {@code guest-images/} under qvm (in-process, through the real CLI) and
 * under {@code qemu-system-aarch64 -M virt,gic-version=3 -cpu cortex-a57} (qvm's board has a
 * GICv3, so QEMU's must too: with QEMU's default GICv2 the ICC_* system registers would be
 * UNDEFINED there), and holds both consoles so that a
 * test can demand they be identical. QEMU is the oracle: without it the comparison is skipped
 * loudly, unless {@code QVM_REQUIRE_EXTERNAL} is 1 or true, in which case it fails.
 */
final class GuestHarness {

  /** What one machine printed on its UART (carriage returns removed) and its exit status. */
  record Run(String console, int status) {}

  static Path repo() {
    return Path.of(System.getProperty("qvm.repo.root", "..")).toAbsolutePath().normalize();
  }

  static Path image(String guest) {
    return repo().resolve("guest-images").resolve(guest).resolve(guest + ".elf");
  }

  /** Runs {@code elf} under qvm with the QEMU-virt-like board of qvmconf-examples/hello.qvmconf. */
  static Run qvm(Path elf, Path workDir, String timeout) throws IOException {
    return qvm(elf, workDir, timeout, "");
  }

  /** The same board with {@code moreLines} (options, vdevs, windows) at its end. */
  static Run qvm(Path elf, Path workDir, String timeout, String moreLines) throws IOException {
    Path board = workDir.resolve("guest.qvmconf");
    Files.writeString(
        board,
        String.join(
            "\n",
            "system guest",
            "ram 0x40000000,128M",
            "cpu",
            "semihosting",
            "load " + elf.toAbsolutePath(),
            "vdev pl011",
            "    loc 0x09000000",
            "    intr gic:33",
            "    hostdev >-",
            moreLines));
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code;
    try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
      code = Main.run(new String[] {"run", "--timeout", timeout, board.toString()}, o, e);
    }
    String errText = err.toString(StandardCharsets.UTF_8);
    assertThat(errText).as("qvm's stderr for %s (no Java exception may escape)", elf).doesNotContain("Exception");
    return new Run(out.toString(StandardCharsets.UTF_8).replace("\r", ""), code);
  }

  static boolean qemuRequired() {
    String v = System.getenv("QVM_REQUIRE_EXTERNAL");
    return "1".equals(v) || "true".equals(v);
  }

  /** The QEMU binary, or a skipped (or, when required, failed) test. */
  static String qemuOrSkip() {
    String qemu = System.getenv().getOrDefault("QEMU", "qemu-system-aarch64");
    for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
      if (!qemu.contains("/") && Files.isExecutable(Path.of(dir, qemu))) {
        return qemu;
      }
    }
    if (qemu.contains("/") && Files.isExecutable(Path.of(qemu))) {
      return qemu;
    }
    String why = "SKIPPED: " + qemu + " not found, so qvm's console cannot be compared with QEMU's"
        + " (apt-get install qemu-system-arm, or set QEMU)";
    System.err.println(why);
    if (qemuRequired()) {
      fail(why.replace("SKIPPED: ", "") + " and QVM_REQUIRE_EXTERNAL is set");
    }
    Assumptions.abort(why);
    return qemu;
  }

  static Run qemu(Path elf, long timeoutSeconds) throws IOException, InterruptedException {
    return qemu(elf, timeoutSeconds, "virt,gic-version=3");
  }

  /** The same on another machine spelling ({@code virt,gic-version=3} is what qemu-test.sh uses). */
  static Run qemu(Path elf, long timeoutSeconds, String machine) throws IOException, InterruptedException {
    String qemu = qemuOrSkip();
    List<String> cmd = new ArrayList<>(List.of(qemu, "-M", machine, "-cpu", "cortex-a57", "-m", "128M",
        "-nographic", "-monitor", "none", "-serial", "stdio", "-semihosting", "-kernel", elf.toString()));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Thread reader = Thread.ofPlatform().start(() -> {
      try {
        p.getInputStream().transferTo(out);
      } catch (IOException e) {
        // the process ended; what was read so far is kept
      }
    });
    if (!p.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      reader.join(5000);
      fail("QEMU did not finish %s within %d s; it printed:%n%s", elf, timeoutSeconds, out.toString(StandardCharsets.UTF_8));
    }
    reader.join(5000);
    return new Run(out.toString(StandardCharsets.UTF_8).replace("\r", ""), p.exitValue());
  }

  /**
   * Checks {@code run} against {@code <guest>/expect.txt}: "status N" and one extended regular
   * expression per expected line, matched in order against whole lines (as qemu-test.sh does).
   */
  static void assertMatchesExpect(String guest, Run run) throws IOException {
    Path expect = repo().resolve("guest-images").resolve(guest).resolve("expect.txt");
    List<String> lines = run.console().lines().toList();
    int at = 0;
    for (String pattern : Files.readAllLines(expect)) {
      if (pattern.isEmpty() || pattern.startsWith("#")) {
        continue;
      }
      if (pattern.startsWith("status ")) {
        assertThat(run.status()).as("%s exit status%n%s", guest, run.console())
            .isEqualTo(Integer.parseInt(pattern.substring(7).trim()));
        continue;
      }
      Pattern p = Pattern.compile(pattern);
      while (at < lines.size() && !p.matcher(lines.get(at)).matches()) {
        at++;
      }
      if (at >= lines.size()) {
        fail("%s: no output line (in order) matches %s; the console was:%n%s", guest, pattern, run.console());
      }
      at++;
    }
  }

  /** qvm's console and status must equal QEMU's; on a difference, shows the first differing line. */
  static void assertSameAsQemu(String what, Run qvm, Run qemu) {
    if (!qvm.console().equals(qemu.console())) {
      List<String> a = qvm.console().lines().toList();
      List<String> b = qemu.console().lines().toList();
      int i = 0;
      while (i < a.size() && i < b.size() && a.get(i).equals(b.get(i))) {
        i++;
      }
      fail("%s: qvm and QEMU differ at line %d%n  qvm:  %s%n  QEMU: %s%n---- qvm ----%n%s%n---- QEMU ----%n%s",
          what, i + 1, i < a.size() ? a.get(i) : "<end>", i < b.size() ? b.get(i) : "<end>", qvm.console(), qemu.console());
    }
    assertThat(qvm.status()).as("%s exit status, qvm vs QEMU", what).isEqualTo(qemu.status());
  }

  private GuestHarness() {}
}
