package dev.qvm.core.irq;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The latency arithmetic of {@code --stats} (assertion to acknowledge): median, p99 and max of
 * known samples, measured with a clock the test advances. The median of n sorted samples is the
 * lower middle one, sample (n-1)/2; p99 is the nearest-rank percentile, sample ceil(0.99 n) - 1.
 */
class InterruptStatisticsTest {

  private long now = 1_000_000;
  private final InterruptStatistics stats = new InterruptStatistics(() -> now);

  /** One assertion of SPI {@code intid} acknowledged {@code latencyNanos} later. */
  private void sample(int intid, long latencyNanos) {
    stats.asserted(-1, intid);
    now += latencyNanos;
    stats.acknowledged(0, intid);
    now += 12_345; // time between interrupts does not count
  }

  @Test
  void medianP99AndMaxOfOneToHundredMicroseconds() {
    List<Long> latencies = new ArrayList<>();
    for (long us = 1; us <= 100; us++) {
      latencies.add(us * 1000);
    }
    Collections.shuffle(latencies, new Random(42)); // the order they come in does not matter
    latencies.forEach(l -> sample(40, l));
    var s = stats.snapshot(40);
    assertThat(s.latencySamples()).isEqualTo(100);
    assertThat(s.latencyMedianNanos()).as("sample (100-1)/2 = 49 of 1..100 us").isEqualTo(50_000);
    assertThat(s.latencyP99Nanos()).as("sample ceil(99) - 1 = 98").isEqualTo(99_000);
    assertThat(s.latencyMaxNanos()).isEqualTo(100_000);
    assertThat(s.raised()).isEqualTo(100);
    assertThat(s.acknowledged()).isEqualTo(100);
  }

  @Test
  void p99PicksTheOutlierOnlyWhenItIsInTheTopPercent() {
    for (int i = 0; i < 199; i++) {
      sample(41, 10_000);
    }
    sample(41, 5_000_000); // one slow acknowledge among 200: the top 0.5 %
    var s = stats.snapshot(41);
    assertThat(s.latencyMedianNanos()).isEqualTo(10_000);
    assertThat(s.latencyP99Nanos()).as("sample ceil(198) - 1 = 197 is still a fast one").isEqualTo(10_000);
    assertThat(s.latencyMaxNanos()).as("max sees the outlier").isEqualTo(5_000_000);
  }

  @Test
  void oneSampleIsItsOwnMedianP99AndMax() {
    sample(42, 7_000);
    var s = stats.snapshot(42);
    assertThat(s.latencyMedianNanos()).isEqualTo(7_000);
    assertThat(s.latencyP99Nanos()).isEqualTo(7_000);
    assertThat(s.latencyMaxNanos()).isEqualTo(7_000);
  }

  @Test
  void noSamplesReadAsMinusOne() {
    stats.asserted(-1, 43); // asserted, never acknowledged
    var s = stats.snapshot(43);
    assertThat(s.latencySamples()).isZero();
    assertThat(s.latencyMedianNanos()).isEqualTo(-1);
    assertThat(s.latencyMaxNanos()).isEqualTo(-1);
    assertThat(stats.format()).contains("    43          1").contains(" -");
  }

  @Test
  void aRepeatedAssertionBeforeTheAcknowledgeIsMeasuredFromTheFirst() {
    stats.asserted(-1, 44);
    now += 3_000;
    stats.asserted(-1, 44); // still pending: the wait started at the first assertion
    now += 4_000;
    stats.acknowledged(0, 44);
    assertThat(stats.snapshot(44).latencyMaxNanos()).isEqualTo(7_000);
    assertThat(stats.snapshot(44).latencySamples()).isEqualTo(1);
  }

  @Test
  void heldHostAssertionIsMeasuredFromWhenItWasHeldNotWhenItWasReplayed() {
    stats.markHostOwned(45);
    long heldAt = stats.now();
    stats.hostRaised(45);
    stats.heldWhileMasked(45);
    now += 2_000_000; // masked for 2 ms until the guest enabled the INTID
    stats.forwarded(45, true, heldAt);
    now += 1_000;
    stats.acknowledged(0, 45);
    var s = stats.snapshot(45);
    assertThat(s.latencyMaxNanos()).as("time spent held counts: the device waited that long").isEqualTo(2_001_000);
    assertThat(s.raised()).isEqualTo(1);
    assertThat(s.replayed()).isEqualTo(1);
  }

  /** Private interrupts are timed per PE: INTID 27 on vCPU 0 and on vCPU 1 are two waits. */
  @Test
  void ppiLatencyIsPerPe() {
    stats.asserted(0, 27);
    now += 1_000;
    stats.asserted(1, 27);
    now += 1_000;
    stats.acknowledged(1, 27); // vCPU 1 waited 1 us
    now += 3_000;
    stats.acknowledged(0, 27); // vCPU 0 waited 5 us
    var s = stats.snapshot(27);
    assertThat(s.latencySamples()).isEqualTo(2);
    assertThat(s.latencyMedianNanos()).isEqualTo(1_000);
    assertThat(s.latencyMaxNanos()).isEqualTo(5_000);
  }
}
