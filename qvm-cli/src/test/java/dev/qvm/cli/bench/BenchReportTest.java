package dev.qvm.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.qvm.cli.bench.BenchmarkResult.Sample;
import dev.qvm.cli.bench.BenchmarkResult.Side;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchReportTest {

  private static final long FREQ = 62_500_000L;

  private static BenchmarkResult result(String name, double qvmSeconds, double qemuSeconds) {
    BenchmarkResult r = new BenchmarkResult(name);
    r.add(new Sample(Side.QVM, 0, new BenchLine(name, 10, "ops", 1, 1, Math.round(qvmSeconds * FREQ), FREQ, true), 2_000_000_000L, qvmSeconds, null));
    r.add(new Sample(Side.QEMU, 0, new BenchLine(name, 10, "ops", 1, 1, Math.round(qemuSeconds * FREQ), FREQ, true), -1, qemuSeconds, null));
    return r;
  }

  private static BenchReport report() {
    BenchReport rep = new BenchReport();
    rep.add(result("a", 10, 1)); // 0.1
    rep.add(result("b", 2.5, 1)); // 0.4
    BenchmarkResult dead = new BenchmarkResult("c");
    dead.add(new Sample(Side.QVM, 0, null, -1, 660, "killed after 660 s"));
    rep.add(dead);
    rep.setHello(new BenchReport.Hello(List.of(0.9, 0.7, 0.8), 200 * 1024, 128L << 20, null));
    rep.putLinux("qemu", new BenchReport.LinuxBoot(1.4, "marker reached"));
    rep.putLinux("qvm", new BenchReport.LinuxBoot(Double.NaN, "did not reach marker within 60 s"));
    return rep;
  }

  @Test
  void geometricMeanCoversTheBenchmarksThatHaveARatio() {
    assertThat(report().geometricMeanRatio()).as("sqrt(0.1 * 0.4)").isCloseTo(0.2, within(1e-9));
  }

  @Test
  void tableHasARowPerBenchmarkAndTheWholeVmFigures() {
    String t = report().table();
    assertThat(t).contains("qvm/QEMU");
    assertThat(t.lines().filter(l -> l.startsWith("a ")).findFirst().orElseThrow())
        .contains("2,000,000,000").contains("200.0").contains("2000.0").contains("0.100");
    assertThat(t).contains("killed after 660 s");
    assertThat(t).contains("geometric mean of qvm/QEMU over 2 benchmarks: 0.200");
    assertThat(t).contains("qvm run hello: 0.80 s wall including JVM start (median of 3); peak RSS 200 MiB, 72 MiB beyond its 128 MiB of guest RAM");
    assertThat(t).contains("Linux boot to marker, qemu: 1.40 s");
    assertThat(t).contains("Linux boot to marker, qvm: did not reach marker within 60 s");
  }

  @Test
  void jsonHoldsRawRunsAndSummaries(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("r.json");
    BenchReport rep = report();
    rep.putEnvironment("runs", "1");
    rep.writeJson(f);
    JsonNode j = new ObjectMapper().readTree(Files.readString(f));
    assertThat(j.get("environment").get("runs").asText()).isEqualTo("1");
    assertThat(j.get("benchmarks")).hasSize(3);
    JsonNode a = j.get("benchmarks").get(0);
    assertThat(a.get("name").asText()).isEqualTo("a");
    assertThat(a.get("instructions").asLong()).isEqualTo(2_000_000_000L);
    assertThat(a.get("ratioMedian").asDouble()).isCloseTo(0.1, within(1e-9));
    assertThat(a.get("runs")).hasSize(2);
    assertThat(a.get("runs").get(1).get("side").asText()).isEqualTo("qemu");
    assertThat(a.get("runs").get(1).get("mips").asDouble()).isCloseTo(2000.0, within(1e-6));
    JsonNode c = j.get("benchmarks").get(2);
    assertThat(c.get("ratioMedian").isNull()).as("no ratio is null, not NaN (JSON has no NaN)").isTrue();
    assertThat(c.get("failure").asText()).isEqualTo("qvm run 1: killed after 660 s");
    assertThat(j.get("geometricMeanRatio").asDouble()).isCloseTo(0.2, within(1e-9));
    assertThat(j.get("hello").get("beyondGuestRamMib").asDouble()).isCloseTo(72.0, within(1e-9));
    assertThat(j.get("linuxBootToMarker").get("qvm").get("seconds").isNull()).isTrue();
    assertThat(j.get("linuxBootToMarker").get("qemu").get("seconds").asDouble()).isEqualTo(1.4);
  }

  @Test
  void linuxSkippedSaysWhy() {
    BenchReport rep = new BenchReport();
    rep.setLinuxSkipped("no Debian kernel in cache");
    assertThat(rep.table()).contains("Linux boot to marker: not measured: no Debian kernel in cache");
    assertThat(rep.table()).contains("over 0 benchmarks: -");
  }
}
