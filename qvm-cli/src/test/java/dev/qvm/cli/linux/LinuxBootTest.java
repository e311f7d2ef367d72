package dev.qvm.cli.linux;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import dev.qvm.cli.Main;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The real-guest test: Debian 12's unmodified arm64 kernel with a busybox initramfs (fetched by
 * guest-images/external/fetch.sh) boots on qvm to its marker line on one and on two vCPUs,
 * brings the second vCPU up through PSCI, and powers off through PSCI SYSTEM_OFF (exit 0). The
 * boot-to-marker time is printed.
 */
class LinuxBootTest {

  static Path repo() {
    return Path.of(System.getProperty("qvm.repo.root", "..")).toAbsolutePath().normalize();
  }

  @ParameterizedTest(name = "{0} vCPU(s)")
  @ValueSource(ints = {1, 2})
  void debianKernelBootsToTheMarker(int vcpus) throws Exception {
    Path cache = repo().resolve("guest-images/external/cache");
    if (!Files.exists(cache.resolve("vmlinuz")) || !Files.exists(cache.resolve("initramfs.cpio.gz"))) {
      String reason = "the Debian kernel and initramfs are not fetched (run guest-images/external/fetch.sh)";
      if ("1".equals(System.getenv("QVM_REQUIRE_EXTERNAL")) || "true".equals(System.getenv("QVM_REQUIRE_EXTERNAL"))) {
        fail(reason + " and QVM_REQUIRE_EXTERNAL is set");
      }
      System.err.println("*** SKIPPED: " + reason);
      Assumptions.abort(reason);
    }
    Path board = repo().resolve("qvmconf-examples/linux-ci.qvmconf");
    // A one-vCPU run drops the second "cpu" by building the board from the CI file's text.
    Path file = board;
    if (vcpus == 1) {
      file = Files.createTempFile("linux-1cpu", ".qvmconf");
      String text = Files.readString(board).replaceFirst("\ncpu\ncpu\n", "\ncpu\n")
          .replace("../guest-images", repo().resolve("guest-images").toString());
      Files.writeString(file, text);
    }
    Boot boot = boot(file, vcpus);
    if (boot.code == 124) {
      // A stall is a failure, never retried: it hid two SMP bugs (a lost store-exclusive race and
      // per-vCPU system counters). qvm's timeout report says where each vCPU was.
      fail(String.format("%d vCPU(s): the boot stalled (exit 124). Console tail:%n%s%nstderr:%n%s", vcpus, tail(boot.console), boot.err));
    }
    String console = boot.console;
    int code = boot.code;
    String err = boot.err;
    assertThat(console).as("the kernel log and /init's output").contains("QVM-LINUX-BOOT-OK");
    assertThat(code).as("PSCI SYSTEM_OFF ends the VM with exit code 0; stderr: %s", err).isZero();
    assertThat(console).contains("qvm-guest: CPUs online: " + vcpus);
    assertThat(console).contains("GICv3: CPU0: found redistributor 0");
    assertThat(console).contains("arch_timer: cp15 timer(s) running at 62.50MHz");
    assertThat(console).containsPattern("9000000.pl011: ttyAMA0 at MMIO 0x9000000");
    // init.sh's busybox applets (string functions through glibc's AdvSIMD code, doubles in awk
    // and printf): the exact output any correct machine gives.
    assertThat(console)
        .contains("qvm-guest: sort: apple,banana,fig,pear,")
        .contains("qvm-guest: sed: Hell0 w0rld, hell0 qvm")
        .contains("qvm-guest: awk: 0.667 5.187378 14") // 2/3; H(100) = 5.18737751...; 3.5 * 4
        .contains("qvm-guest: md5sum: 900150983cd24fb0d6963f7d28e17f72  -") // RFC 1321 A.5 "abc"
        .contains("qvm-guest: sha256sum: " // FIPS 180-4 example "abc"
            + "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad  -")
        .contains("qvm-guest: printf: 003.1|ff|ab  |1.234500e+03")
        .contains("qvm-guest: cut: ROOT:/ROOT");
    if (vcpus == 2) {
      assertThat(console).contains("CPU1: Booted secondary processor").contains("SMP: Total of 2 processors activated.");
    }
  }

  private record Boot(String console, String err, int code) {}

  private static String tail(String console) {
    String[] lines = console.split("\n");
    return String.join("\n", java.util.Arrays.copyOfRange(lines, Math.max(0, lines.length - 15), lines.length));
  }

  private static Boot boot(Path file, int vcpus) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    long start = System.nanoTime();
    int code;
    try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
      code = Main.run(new String[] {"run", "--stats", "--timeout", "150s", file.toString()}, o, e);
    }
    double seconds = (System.nanoTime() - start) / 1e9;
    System.out.printf("LinuxBootTest: %d vCPU(s): boot to marker and power-off in %.1f s (exit %d)%n", vcpus, seconds, code);
    return new Boot(out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8), code);
  }
}
