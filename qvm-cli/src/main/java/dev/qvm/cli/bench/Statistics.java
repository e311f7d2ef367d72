package dev.qvm.cli.bench;

import java.util.Arrays;
import java.util.Collection;

/**
 * The two summaries the benchmark report uses. Medians, not means, because a shared machine
 * makes single runs slow at random; the geometric mean for ratios, because it is the only mean
 * for which the mean of inverse ratios is the inverse of the mean (Fleming and Wallace, CACM
 * 29(3), 1986), so "qvm/QEMU" and "QEMU/qvm" tell the same story.
 */
public final class Statistics {

  /** The median (the mean of the middle two for an even count); NaN when empty. */
  public static double median(Collection<Double> values) {
    if (values.isEmpty()) {
      return Double.NaN;
    }
    double[] v = values.stream().mapToDouble(Double::doubleValue).toArray();
    Arrays.sort(v);
    int n = v.length;
    return n % 2 == 1 ? v[n / 2] : (v[n / 2 - 1] + v[n / 2]) / 2;
  }

  /** The geometric mean of positive values; NaN when empty or when a value is not positive. */
  public static double geometricMean(Collection<Double> values) {
    if (values.isEmpty()) {
      return Double.NaN;
    }
    double logSum = 0;
    for (double v : values) {
      if (!(v > 0) || Double.isInfinite(v)) {
        return Double.NaN;
      }
      logSum += Math.log(v);
    }
    return Math.exp(logSum / values.size());
  }

  private Statistics() {}
}
