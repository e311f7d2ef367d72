package dev.qvm.cli.bench;

import dev.qvm.core.config.ConfigException;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code qvm bench}: runs the benchmark guests under qvm and under QEMU TCG in turn and prints
 * the speed ratios, then the whole-VM figures (docs/benchmarks.md).
 */
@Command(
    name = "bench",
    mixinStandardHelpOptions = true,
    description = {
      "Run every benchmark board (qvmconf-examples/bench/*.qvmconf) under qvm ('./qvm run --stats')"
          + " and under qemu-system-aarch64 -M virt -cpu cortex-a57 (TCG), in turn, --runs times;"
          + " print guest MIPS both ways, the median ratio per benchmark and their geometric mean;"
          + " then 'qvm run hello' wall time and memory, and the Linux boot-to-marker time both ways."
          + " Writes every figure to a JSON file."
    })
public final class BenchCommand implements Callable<Integer> {

  static final String LINUX_MARKER = "QVM-LINUX-BOOT-OK";

  @Spec CommandSpec spec;

  @Option(names = "--runs", paramLabel = "N", description = "Runs per benchmark and side (default ${DEFAULT-VALUE}).")
  int runs = 3;

  @Option(names = "--only", paramLabel = "NAMES", split = ",", description = "Only these benchmarks (comma-separated names).")
  List<String> only = new ArrayList<>();

  @Option(names = "--json", paramLabel = "FILE", description = "Where to write the results (default: target/bench-results.json in the repository).")
  Path json;

  @Option(names = "--qemu", paramLabel = "PATH", description = "The QEMU system emulator (default ${DEFAULT-VALUE}).")
  String qemu = "qemu-system-aarch64";

  @Option(names = "--timeout", paramLabel = "SECONDS", description = "Kill a benchmark run after this long (default ${DEFAULT-VALUE}).")
  int timeoutSeconds = 600;

  @Option(names = "--linux-timeout", paramLabel = "SECONDS", description = "Give up on the Linux marker after this long (default ${DEFAULT-VALUE}).")
  int linuxTimeoutSeconds = 120;

  @Option(names = "--no-linux", description = "Skip the Linux boot.")
  boolean noLinux;

  @Option(names = "--no-icount", description = "Skip the QEMU -icount run that cross-checks qvm's instruction counts.")
  boolean noIcount;

  @Option(names = "--no-hello", description = "Skip 'qvm run hello'.")
  boolean noHello;

  @Option(names = "--repo", paramLabel = "DIR", description = "The qvm repository (default: found from the current directory).")
  Path repo;

  private PrintWriter out;
  private PrintWriter err;

  @Override
  public Integer call() throws IOException, InterruptedException {
    out = spec.commandLine().getOut();
    err = spec.commandLine().getErr();
    if (runs < 1 || timeoutSeconds < 1 || linuxTimeoutSeconds < 1) {
      err.println("qvm bench: --runs, --timeout and --linux-timeout must be positive");
      return 2;
    }
    Path root = repo != null ? repo.toAbsolutePath().normalize() : findRepo(Path.of("").toAbsolutePath());
    if (root == null) {
      err.println("qvm bench: cannot find the qvm repository (a directory with ./qvm and qvmconf-examples/bench); use --repo");
      return 2;
    }
    List<BenchBoard> all;
    try {
      all = BenchBoard.discover(root.resolve("qvmconf-examples/bench"));
    } catch (ConfigException e) {
      err.println(e.getMessage());
      return 65;
    }
    List<BenchBoard> boards = all;
    if (!only.isEmpty()) {
      Set<String> want = Set.copyOf(only);
      boards = all.stream().filter(b -> want.contains(b.name())).toList();
      if (boards.size() != want.size()) {
        err.println("qvm bench: --only names an unknown benchmark; known: "
            + String.join(", ", all.stream().map(BenchBoard::name).toList()));
        return 2;
      }
    }
    Path jsonFile = json != null ? json : root.resolve("target/bench-results.json");
    Files.createDirectories(jsonFile.toAbsolutePath().getParent());
    BenchReport.preloadClasses();
    ProcessRunner runner = new ProcessRunner(root);
    String qvm = root.resolve("qvm").toString();
    BenchReport report = new BenchReport();
    report.putEnvironment("date", Instant.now().toString());
    report.putEnvironment("host", hostDescription());
    report.putEnvironment("qemu", firstLine(runner.run(List.of(qemu, "--version"), Duration.ofSeconds(30), null).stdout()));
    report.putEnvironment("java", System.getProperty("java.vm.name") + " " + System.getProperty("java.version"));
    report.putEnvironment("runs", Integer.toString(runs));
    report.putEnvironment("method", "guest-timed interval (CNTVCT_EL0) and instructions from qvm --stats; see docs/benchmarks.md");

    // Build qvm once now, so that no timed run includes the launcher's Maven build.
    ProcessResult build = runner.run(List.of(qvm, "--version"), Duration.ofMinutes(15), null);
    if (build.exitCode() != 0) {
      err.println("qvm bench: './qvm --version' failed: " + build.failureSummary());
      return 1;
    }

    for (BenchBoard b : boards) {
      report.add(runBenchmark(runner, qvm, b));
      report.writeJson(jsonFile); // a long run that dies late still leaves its results
    }
    if (!noHello) {
      report.setHello(runHello(runner, qvm, root));
    }
    if (noLinux) {
      report.setLinuxSkipped("--no-linux");
    } else {
      runLinux(runner, qvm, root, report);
    }
    out.println();
    out.print(report.table());
    report.writeJson(jsonFile);
    out.println("results written to " + jsonFile);
    out.flush();
    return 0;
  }

  private BenchmarkResult runBenchmark(ProcessRunner runner, String qvm, BenchBoard b)
      throws IOException, InterruptedException {
    BenchmarkResult result = new BenchmarkResult(b.name());
    for (int i = 0; i < runs; i++) {
      progress("%s: qvm run %d/%d", b.name(), i + 1, runs);
      ProcessResult q = runner.run(
          List.of(qvm, "run", b.qvmconf().toString(), "--stats", "--timeout", timeoutSeconds + "s"),
          Duration.ofSeconds(timeoutSeconds + 60L), null);
      result.add(sample(BenchmarkResult.Side.QVM, i, q, ToolOutput.qvmInstructionsRetired(q.stderr()).orElse(-1)));
      progress("%s: QEMU run %d/%d", b.name(), i + 1, runs);
      ProcessResult e = runner.run(qemuCommand(b, false), Duration.ofSeconds(timeoutSeconds), null);
      result.add(sample(BenchmarkResult.Side.QEMU, i, e, -1));
    }
    if (!noIcount) {
      progress("%s: QEMU -icount (instruction count cross-check)", b.name());
      ProcessResult c = runner.run(qemuCommand(b, true), Duration.ofSeconds(timeoutSeconds), null);
      BenchLine.find(c.stdout()).filter(BenchLine::ok)
          .ifPresent(l -> result.setIcountInstructions(ToolOutput.icountInstructions(l)));
    }
    return result;
  }

  private static BenchmarkResult.Sample sample(BenchmarkResult.Side side, int run, ProcessResult p, long insns) {
    BenchLine line = BenchLine.find(p.stdout()).orElse(null);
    String error = p.timedOut() || p.exitCode() != 0 ? p.failureSummary() : null;
    return new BenchmarkResult.Sample(side, run, line, insns, p.wallSeconds(), error);
  }

  private List<String> qemuCommand(BenchBoard b, boolean icount) {
    List<String> c = new ArrayList<>(List.of(qemu, "-M", "virt", "-cpu", "cortex-a57",
        "-m", (b.ramBytes() >> 20) + "M", "-nographic", "-monitor", "none", "-serial", "stdio", "-semihosting"));
    if (icount) {
      c.addAll(List.of("-icount", "shift=0,align=off"));
    }
    c.addAll(List.of("-kernel", b.image().toString()));
    return c;
  }

  private BenchReport.Hello runHello(ProcessRunner runner, String qvm, Path root)
      throws IOException, InterruptedException {
    BenchBoard hello;
    try {
      hello = BenchBoard.read(root.resolve("qvmconf-examples/hello.qvmconf"));
    } catch (ConfigException e) {
      return new BenchReport.Hello(List.of(), -1, 0, e.getMessage());
    }
    List<Double> walls = new ArrayList<>();
    long rss = -1;
    for (int i = 0; i < runs; i++) {
      progress("hello: qvm run %d/%d", i + 1, runs);
      ProcessResult p = runner.run(List.of(qvm, "run", hello.qvmconf().toString()), Duration.ofSeconds(120), null);
      if (p.stderr().contains("qvm: building")) {
        i--; // the launcher rebuilt because someone changed a source: that run timed Maven, not qvm
        continue;
      }
      if (p.exitCode() != 0) {
        return new BenchReport.Hello(walls, rss, hello.ramBytes(), "failed: " + p.failureSummary());
      }
      walls.add(p.wallSeconds());
      rss = Math.max(rss, p.peakRssKib().orElse(-1));
    }
    return new BenchReport.Hello(walls, rss, hello.ramBytes(), null);
  }

  private void runLinux(ProcessRunner runner, String qvm, Path root, BenchReport report)
      throws IOException, InterruptedException {
    Path cache = root.resolve("guest-images/external/cache");
    Path kernel = cache.resolve("vmlinuz");
    Path initrd = cache.resolve("initramfs.cpio.gz");
    if (!Files.isRegularFile(kernel) || !Files.isRegularFile(initrd)) {
      report.setLinuxSkipped("no Debian kernel in " + cache + " (run guest-images/external/fetch.sh)");
      return;
    }
    Duration limit = Duration.ofSeconds(linuxTimeoutSeconds);
    progress("linux: QEMU");
    ProcessResult e = runner.run(List.of(qemu, "-M", "virt,gic-version=3", "-cpu", "cortex-a57", "-smp", "2",
        "-m", "512M", "-nographic", "-monitor", "none", "-serial", "stdio", "-kernel", kernel.toString(),
        "-initrd", initrd.toString(), "-append", "console=ttyAMA0 panic=-1"), limit, LINUX_MARKER);
    report.putLinux("qemu", linuxBoot(e));
    progress("linux: qvm");
    ProcessResult q = runner.run(List.of(qvm, "run", root.resolve("qvmconf-examples/linux-ci.qvmconf").toString(),
        "--timeout", linuxTimeoutSeconds + "s"), limit.plusSeconds(30), LINUX_MARKER);
    report.putLinux("qvm", linuxBoot(q));
  }

  private BenchReport.LinuxBoot linuxBoot(ProcessResult p) {
    if (p.markerNanos() >= 0) {
      return new BenchReport.LinuxBoot(p.markerNanos() / 1e9, "marker reached");
    }
    String how = p.timedOut() || p.exitCode() == 124 ? "" : " (" + p.failureSummary() + ")";
    return new BenchReport.LinuxBoot(Double.NaN, "did not reach marker within " + linuxTimeoutSeconds + " s" + how);
  }

  private void progress(String format, Object... args) {
    err.println("qvm bench: " + String.format(Locale.ROOT, format, args));
    err.flush();
  }

  /** The nearest directory at or above {@code start} holding ./qvm and qvmconf-examples/bench. */
  static Path findRepo(Path start) {
    for (Path p = start; p != null; p = p.getParent()) {
      if (Files.isRegularFile(p.resolve("qvm")) && Files.isDirectory(p.resolve("qvmconf-examples/bench"))) {
        return p;
      }
    }
    return null;
  }

  private static String hostDescription() {
    String cpu = "?";
    try {
      cpu = Files.readAllLines(Path.of("/proc/cpuinfo")).stream()
          .filter(l -> l.startsWith("model name")).map(l -> l.substring(l.indexOf(':') + 1).strip())
          .findFirst().orElse("?");
    } catch (IOException e) {
      // Not Linux: the CPU model is only a note.
    }
    return Runtime.getRuntime().availableProcessors() + " CPUs, " + cpu + ", " + System.getProperty("os.name");
  }

  private static String firstLine(String s) {
    return Arrays.stream(s.split("\n")).findFirst().orElse("").strip();
  }
}
