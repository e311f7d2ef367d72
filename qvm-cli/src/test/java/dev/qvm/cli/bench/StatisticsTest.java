package dev.qvm.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.List;
import org.junit.jupiter.api.Test;

class StatisticsTest {

  @Test
  void medianOfOddAndEvenCounts() {
    assertThat(Statistics.median(List.of(5.0, 1.0, 3.0))).isEqualTo(3.0);
    assertThat(Statistics.median(List.of(4.0, 1.0, 3.0, 10.0))).as("mean of the middle two").isEqualTo(3.5);
    assertThat(Statistics.median(List.of(7.0))).isEqualTo(7.0);
    assertThat(Statistics.median(List.of())).isNaN();
  }

  @Test
  void medianIgnoresOneSlowOutlier() {
    assertThat(Statistics.median(List.of(1.0, 1.1, 50.0))).isEqualTo(1.1);
  }

  @Test
  void geometricMean() {
    assertThat(Statistics.geometricMean(List.of(0.1, 10.0))).isCloseTo(1.0, within(1e-12));
    assertThat(Statistics.geometricMean(List.of(2.0, 8.0))).isCloseTo(4.0, within(1e-12));
    assertThat(Statistics.geometricMean(List.of(0.25))).isCloseTo(0.25, within(1e-12));
  }

  @Test
  void geometricMeanOfInversesIsTheInverse() {
    List<Double> r = List.of(0.04, 0.5, 1.3, 0.2);
    double inv = Statistics.geometricMean(r.stream().map(x -> 1 / x).toList());
    assertThat(inv).isCloseTo(1 / Statistics.geometricMean(r), within(1e-12));
  }

  @Test
  void geometricMeanNeedsPositiveValues() {
    assertThat(Statistics.geometricMean(List.of())).isNaN();
    assertThat(Statistics.geometricMean(List.of(1.0, 0.0))).isNaN();
    assertThat(Statistics.geometricMean(List.of(1.0, -2.0))).isNaN();
  }
}
