package dev.qvm.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.qvm.cli.bench.BenchmarkResult.Sample;
import dev.qvm.cli.bench.BenchmarkResult.Side;
import org.junit.jupiter.api.Test;

class BenchmarkResultTest {

  private static final long FREQ = 62_500_000L;

  /** A good run whose work took {@code seconds}. */
  private static BenchLine line(double seconds) {
    return new BenchLine("x", 100, "ops", 7, 7, Math.round(seconds * FREQ), FREQ, true);
  }

  private static Sample qvm(int run, double seconds, long insns) {
    return new Sample(Side.QVM, run, line(seconds), insns, seconds + 0.5, null);
  }

  private static Sample qemu(int run, double seconds) {
    return new Sample(Side.QEMU, run, line(seconds), -1, seconds + 0.05, null);
  }

  @Test
  void mipsIsQvmsInstructionCountOverTheGuestTimedInterval() {
    BenchmarkResult r = new BenchmarkResult("x");
    r.add(qvm(0, 10.0, 1_000_000_000L));
    r.add(qemu(0, 0.5));
    assertThat(r.medianMips(Side.QVM)).isCloseTo(100.0, within(1e-9));
    assertThat(r.medianMips(Side.QEMU)).as("the same count for QEMU: the guest is deterministic").isCloseTo(2000.0, within(1e-9));
    assertThat(r.ratio()).isCloseTo(0.05, within(1e-12));
  }

  @Test
  void ratioIsTheMedianOfBackToBackPairs() {
    BenchmarkResult r = new BenchmarkResult("x");
    // Run 1 hit a burst of load on both sides; the pairs' ratios are 0.1, 0.1 and 0.2.
    r.add(qvm(0, 10, 1000));
    r.add(qemu(0, 1));
    r.add(qvm(1, 40, 1000));
    r.add(qemu(1, 4));
    r.add(qvm(2, 10, 1000));
    r.add(qemu(2, 2));
    assertThat(r.ratio()).isCloseTo(0.1, within(1e-12));
  }

  @Test
  void failedRunsDoNotCountAndAreReported() {
    BenchmarkResult r = new BenchmarkResult("x");
    r.add(new Sample(Side.QVM, 0, null, -1, 600, "killed after 600 s"));
    r.add(qemu(0, 1));
    BenchLine bad = new BenchLine("x", 100, "ops", 6, 7, FREQ, FREQ, false);
    r.add(new Sample(Side.QVM, 1, bad, 1000, 2, null));
    r.add(qemu(1, 1));
    assertThat(r.ratio()).isNaN();
    assertThat(r.medianMips(Side.QVM)).isNaN();
    assertThat(r.firstFailure()).isEqualTo("qvm run 1: killed after 600 s");
    assertThat(r.samples().get(2).ok()).isFalse();
  }

  @Test
  void aWrongChecksumIsNamed() {
    BenchmarkResult r = new BenchmarkResult("x");
    r.add(new Sample(Side.QVM, 0, new BenchLine("x", 1, "ops", 6, 7, FREQ, FREQ, false), 1000, 2, null));
    assertThat(r.firstFailure()).isEqualTo("qvm run 1: checksum 0x0000000000000006 != expected 0x0000000000000007");
  }

  @Test
  void withoutAGoodQvmRunTheCountComesFromQemuIcount() {
    BenchmarkResult r = new BenchmarkResult("x");
    r.add(new Sample(Side.QVM, 0, null, -1, 1, "exit 127"));
    r.add(qemu(0, 0.5));
    assertThat(r.instructions()).isEmpty();
    assertThat(r.medianMips(Side.QEMU)).isNaN();
    r.setIcountInstructions(500_000_000L);
    assertThat(r.instructions()).hasValue(500_000_000L);
    assertThat(r.medianMips(Side.QEMU)).isCloseTo(1000.0, within(1e-9));
  }

  @Test
  void qvmsExactCountIsPreferredOverIcount() {
    BenchmarkResult r = new BenchmarkResult("x");
    r.setIcountInstructions(999);
    r.add(qvm(0, 1, 1234));
    assertThat(r.instructions()).hasValue(1234L);
  }
}
