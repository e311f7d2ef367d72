package dev.qvm.cli.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** One run of the benchmark suite: per-benchmark results and the whole-VM figures, as a table and as JSON. */
public final class BenchReport {

  /**
   * {@code qvm run hello}: wall times including JVM start, and peak RSS.
   *
   * @param wallSeconds one entry per run
   * @param peakRssKib the largest peak RSS seen, or -1 if unknown
   * @param guestRamBytes the guest RAM the board configures
   * @param error why there is no figure, or null
   */
  public record Hello(List<Double> wallSeconds, long peakRssKib, long guestRamBytes, String error) {
    /** Peak RSS minus guest RAM, in MiB; NaN if unknown. */
    public double beyondGuestRamMib() {
      return peakRssKib < 0 ? Double.NaN : (peakRssKib * 1024.0 - guestRamBytes) / (1 << 20);
    }
  }

  /**
   * A Linux boot to the marker line on one side.
   *
   * @param seconds time from process start to the marker line, or NaN when not reached
   * @param note what happened when it was not reached (e.g. "did not reach marker within 60 s")
   */
  public record LinuxBoot(double seconds, String note) {}

  private final Map<String, String> environment = new LinkedHashMap<>();
  private final List<BenchmarkResult> benchmarks = new ArrayList<>();
  private Hello hello;
  private final Map<String, LinuxBoot> linux = new LinkedHashMap<>();
  private String linuxSkipped;

  /** Notes where and how it was measured (host, tool versions, runs). */
  public void putEnvironment(String key, String value) {
    environment.put(key, value);
  }

  public void add(BenchmarkResult r) {
    benchmarks.add(r);
  }

  public List<BenchmarkResult> benchmarks() {
    return List.copyOf(benchmarks);
  }

  public void setHello(Hello h) {
    hello = h;
  }

  /** Records a Linux boot result for "qvm" or "qemu". */
  public void putLinux(String side, LinuxBoot boot) {
    linux.put(side, boot);
  }

  /** Records why the Linux boot was not measured at all. */
  public void setLinuxSkipped(String reason) {
    linuxSkipped = reason;
  }

  /** The geometric mean of the per-benchmark ratios that exist; NaN if none. */
  public double geometricMeanRatio() {
    List<Double> r = new ArrayList<>();
    for (BenchmarkResult b : benchmarks) {
      double x = b.ratio();
      if (!Double.isNaN(x)) {
        r.add(x);
      }
    }
    return Statistics.geometricMean(r);
  }

  private long ratioCount() {
    return benchmarks.stream().filter(b -> !Double.isNaN(b.ratio())).count();
  }

  /** The human table: one row per benchmark, then the geometric mean, hello and Linux. */
  public String table() {
    StringBuilder sb = new StringBuilder();
    sb.append(String.format(Locale.ROOT, "%-10s %-28s %15s %10s %10s %9s  %s%n",
        "benchmark", "work per run", "instructions", "qvm MIPS", "QEMU MIPS", "qvm/QEMU", "note"));
    for (BenchmarkResult b : benchmarks) {
      String work = "";
      for (BenchmarkResult.Sample s : b.samples()) {
        if (s.line() != null) {
          work = String.format(Locale.ROOT, "%,d %s", s.line().units(), s.line().unit());
          break;
        }
      }
      String insns = b.instructions().isPresent() ? String.format(Locale.ROOT, "%,d", b.instructions().getAsLong()) : "?";
      String note = b.firstFailure() == null ? "" : b.firstFailure();
      sb.append(String.format(Locale.ROOT, "%-10s %-28s %15s %10s %10s %9s  %s%n", b.name(), work, insns,
          fmt(b.medianMips(BenchmarkResult.Side.QVM), 1), fmt(b.medianMips(BenchmarkResult.Side.QEMU), 1),
          fmt(b.ratio(), 3), note));
    }
    sb.append(String.format(Locale.ROOT, "geometric mean of qvm/QEMU over %d benchmarks: %s%n",
        ratioCount(), fmt(geometricMeanRatio(), 3)));
    if (hello != null) {
      if (hello.error() != null) {
        sb.append("qvm run hello: ").append(hello.error()).append('\n');
      } else {
        sb.append(String.format(Locale.ROOT,
            "qvm run hello: %.2f s wall including JVM start (median of %d); peak RSS %s MiB, %s MiB beyond its %d MiB of guest RAM%n",
            Statistics.median(hello.wallSeconds()), hello.wallSeconds().size(),
            hello.peakRssKib() < 0 ? "?" : fmt(hello.peakRssKib() / 1024.0, 0),
            fmt(hello.beyondGuestRamMib(), 0), hello.guestRamBytes() >> 20));
      }
    }
    if (linuxSkipped != null) {
      sb.append("Linux boot to marker: not measured: ").append(linuxSkipped).append('\n');
    } else {
      for (Map.Entry<String, LinuxBoot> e : linux.entrySet()) {
        LinuxBoot l = e.getValue();
        sb.append("Linux boot to marker, ").append(e.getKey()).append(": ")
            .append(Double.isNaN(l.seconds()) ? l.note() : String.format(Locale.ROOT, "%.2f s", l.seconds()))
            .append('\n');
      }
    }
    return sb.toString();
  }

  private static String fmt(double v, int decimals) {
    return Double.isNaN(v) ? "-" : String.format(Locale.ROOT, "%." + decimals + "f", v);
  }

  /** The whole report as a JSON tree (every run's raw figures, then the summaries). */
  public ObjectNode toJson(ObjectMapper mapper) {
    ObjectNode root = mapper.createObjectNode();
    ObjectNode env = root.putObject("environment");
    environment.forEach(env::put);
    ArrayNode list = root.putArray("benchmarks");
    for (BenchmarkResult b : benchmarks) {
      ObjectNode o = list.addObject();
      o.put("name", b.name());
      if (b.instructions().isPresent()) {
        o.put("instructions", b.instructions().getAsLong());
      }
      if (b.icountInstructions() > 0) {
        o.put("qemuIcountInstructions", b.icountInstructions());
      }
      putNumber(o, "qvmMedianMips", b.medianMips(BenchmarkResult.Side.QVM));
      putNumber(o, "qemuMedianMips", b.medianMips(BenchmarkResult.Side.QEMU));
      putNumber(o, "ratioMedian", b.ratio());
      o.put("failure", b.firstFailure());
      ArrayNode runs = o.putArray("runs");
      for (BenchmarkResult.Sample s : b.samples()) {
        ObjectNode r = runs.addObject();
        r.put("side", s.side().name().toLowerCase(Locale.ROOT));
        r.put("run", s.run() + 1);
        r.put("ok", s.ok());
        r.put("wallSeconds", s.wallSeconds());
        if (s.line() != null) {
          r.put("units", s.line().units());
          r.put("unit", s.line().unit());
          r.put("checksum", String.format("0x%016X", s.line().checksum()));
          r.put("ticks", s.line().ticks());
          r.put("frequencyHz", s.line().frequencyHz());
          r.put("seconds", s.line().seconds());
        }
        if (s.instructions() > 0) {
          r.put("qvmStatsInstructions", s.instructions());
        }
        putNumber(r, "mips", b.mips(s));
        if (s.error() != null) {
          r.put("error", s.error());
        }
      }
    }
    putNumber(root, "geometricMeanRatio", geometricMeanRatio());
    if (hello != null) {
      ObjectNode h = root.putObject("hello");
      ArrayNode w = h.putArray("wallSeconds");
      hello.wallSeconds().forEach(w::add);
      putNumber(h, "medianWallSeconds", Statistics.median(hello.wallSeconds()));
      if (hello.peakRssKib() >= 0) {
        h.put("peakRssKib", hello.peakRssKib());
      }
      h.put("guestRamBytes", hello.guestRamBytes());
      putNumber(h, "beyondGuestRamMib", hello.beyondGuestRamMib());
      h.put("error", hello.error());
    }
    ObjectNode lx = root.putObject("linuxBootToMarker");
    if (linuxSkipped != null) {
      lx.put("skipped", linuxSkipped);
    }
    linux.forEach((side, l) -> {
      ObjectNode o = lx.putObject(side);
      putNumber(o, "seconds", l.seconds());
      o.put("note", l.note());
    });
    return root;
  }

  /** Writes {@link #toJson} to {@code file}, indented. */
  public void writeJson(Path file) throws IOException {
    ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    mapper.writeValue(file.toFile(), toJson(mapper));
  }

  /**
   * Renders a complete dummy report as a table and as JSON and throws the result away. This loads
   * every class that reporting needs while the jar is still the one this JVM started from: the
   * {@code ./qvm} launcher that each child run goes through rebuilds the jar in place when a
   * source changed, and a class first loaded after that fails with NoClassDefFoundError, at the
   * end of a run that took many minutes.
   */
  public static void preloadClasses() throws IOException {
    BenchReport r = new BenchReport();
    BenchmarkResult b = new BenchmarkResult("preload");
    BenchLine line = new BenchLine("preload", 1, "ops", 1, 1, 1, 1, true);
    b.add(new BenchmarkResult.Sample(BenchmarkResult.Side.QVM, 0, line, 1, 1, null));
    b.add(new BenchmarkResult.Sample(BenchmarkResult.Side.QEMU, 0, line, -1, 1, "preload"));
    b.setIcountInstructions(1);
    r.add(b);
    r.putEnvironment("preload", "");
    r.setHello(new Hello(List.of(1.0), 1, 1, null));
    r.putLinux("qemu", new LinuxBoot(Double.NaN, "preload"));
    r.table();
    ObjectMapper mapper = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);
    mapper.writeValueAsString(r.toJson(mapper));
    r.setLinuxSkipped("preload");
    r.table();
    Statistics.median(List.of(1.0));
  }

  private static void putNumber(ObjectNode o, String key, double v) {
    if (Double.isNaN(v)) {
      o.putNull(key);
    } else {
      o.put(key, v);
    }
  }
}
