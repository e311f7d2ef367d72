package dev.qvm.cli.gic;

import static org.assertj.core.api.Assertions.assertThat;

import dev.qvm.core.config.QvmConfig;
import dev.qvm.core.config.QvmConfigParser;
import dev.qvm.core.config.VdevCatalog;
import dev.qvm.core.config.VmLayout;
import dev.qvm.core.config.VmLayoutPlanner;
import dev.qvm.core.vm.Vm;
import dev.qvm.core.vm.VmAssembler;
import dev.qvm.cpu.Aarch64VcpuFactory;
import dev.qvm.cpu.CpuModel;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import java.util.regex.Pattern;

/**
 * Boots the gic-* test guests in-process (planner, assembler, the AArch64 vCPU factory: the same
 * path as {@code qvm run}) on QEMU virt's layout with the implicit GICv3, and under QEMU with
 * {@code -M virt,gic-version=3} when it is installed.
 */
final class GicGuests {

  /** What one machine printed on its UART (carriage returns removed) and its exit status. */
  record Run(String console, int status, Vm vm) {}

  static Path repo() {
    return Path.of(System.getProperty("qvm.repo.root", "..")).toAbsolutePath().normalize();
  }

  static Path image(String guest) {
    return repo().resolve("guest-images").resolve(guest).resolve(guest + ".elf");
  }

  /** The board every gic guest runs on; {@code extra} lines are appended (pass contexts). */
  static String board(Path elf, String... extra) {
    List<String> lines = new ArrayList<>(List.of("system gic-guest", "ram 0x40000000,128M", "cpu", "semihosting", "load " + elf.toAbsolutePath(), "vdev pl011", "    loc 0x09000000", "    intr gic:33", "    hostdev >-"));
    lines.addAll(List.of(extra));
    return String.join("\n", lines) + "\n";
  }

  /** Runs a board under qvm; {@code whileRunning} gets the VM on another thread once it started. */
  static Run qvm(Path dir, String boardText, Duration timeout, Consumer<Vm> whileRunning) throws Exception {
    Path board = dir.resolve("guest.qvmconf");
    Files.writeString(board, boardText);
    QvmConfig config = QvmConfigParser.parse(board, List.of(), System.getenv());
    VmLayout layout = VmLayoutPlanner.plan(config, VdevCatalog.fromServiceLoader());
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Vm vm = VmAssembler.assemble(layout, new Aarch64VcpuFactory(CpuModel.CORTEX_A57), new VmAssembler.Options(out, InputStream.nullInputStream(), false));
    Thread helper = null;
    if (whileRunning != null) {
      helper = Thread.ofPlatform().daemon().start(() -> whileRunning.accept(vm));
    }
    Vm.StopReason stop = vm.run(timeout);
    if (helper != null) {
      helper.join(5000);
    }
    return new Run(out.toString(StandardCharsets.UTF_8).replace("\r", ""), stop.exitCode(), vm);
  }

  /** Runs {@code elf} under QEMU's virt board with a GICv3, or null when QEMU is not installed. */
  static Run qemu(Path elf) throws Exception {
    String qemu = System.getenv().getOrDefault("QEMU", "qemu-system-aarch64");
    boolean found = false;
    for (String d : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
      found |= Files.isExecutable(Path.of(d, qemu));
    }
    if (!found) {
      String required = System.getenv("QVM_REQUIRE_EXTERNAL");
      assertThat("1".equals(required) || "true".equals(required)).as("QVM_REQUIRE_EXTERNAL is set but %s is missing", qemu).isFalse();
      System.err.println("GicGuests: SKIPPED the QEMU comparison, " + qemu + " not found");
      return null;
    }
    Process p = new ProcessBuilder(qemu, "-M", "virt,gic-version=3", "-cpu", "cortex-a57", "-m", "128M", "-nographic", "-monitor", "none", "-serial", "stdio", "-semihosting", "-kernel", elf.toString()).redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
    byte[] output = p.getInputStream().readAllBytes();
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("QEMU did not finish " + elf);
    }
    return new Run(new String(output, StandardCharsets.UTF_8).replace("\r", ""), p.exitValue(), null);
  }

  /** Checks a run against {@code guest-images/<guest>/expect.txt} (status, then lines in order). */
  static void assertMatchesExpect(String guest, Run run) throws Exception {
    List<String> lines = List.of(run.console().split("\n"));
    int at = 0;
    Integer status = null;
    for (String pattern : Files.readAllLines(repo().resolve("guest-images").resolve(guest).resolve("expect.txt"))) {
      if (pattern.isBlank() || pattern.startsWith("#")) {
        continue;
      }
      if (pattern.startsWith("status ")) {
        status = Integer.parseInt(pattern.substring(7).trim());
        continue;
      }
      Pattern p = Pattern.compile(pattern);
      while (at < lines.size() && !p.matcher(lines.get(at)).find()) {
        at++;
      }
      assertThat(at).as("%s: no line (in order) matches %s in:%n%s", guest, pattern, run.console()).isLessThan(lines.size());
      at++;
    }
    assertThat(run.status()).as("%s exit status; console:%n%s", guest, run.console()).isEqualTo(status);
  }

  private GicGuests() {}
}
