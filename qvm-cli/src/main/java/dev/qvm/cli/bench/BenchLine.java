package dev.qvm.cli.bench;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The result line a benchmark guest prints (guest-images/bench/common/bench.h):
 *
 * <pre>BENCH name=crc32 units=78643200 unit=bytes checksum=0x.. expected=0x.. ticks=91307002 freq=62500000 status=ok</pre>
 *
 * <p>{@code ticks} is the CNTVCT_EL0 interval around the guest's work and {@code freq} is
 * CNTFRQ_EL0, so {@link #seconds()} is host time spent in the work alone, without process or
 * JVM start-up (both QEMU TCG and qvm drive the counter from the host's monotonic clock).
 *
 * @param name the benchmark's name
 * @param units how much work the guest did, in {@code unit}s
 * @param unit what one unit is ("bytes", "iterations", ...)
 * @param checksum the result the guest computed
 * @param expected the result QEMU computes, built into the guest
 * @param ticks counter ticks spent in the work
 * @param frequencyHz counter frequency
 * @param ok whether the guest found {@code checksum == expected}
 */
public record BenchLine(
    String name,
    long units,
    String unit,
    long checksum,
    long expected,
    long ticks,
    long frequencyHz,
    boolean ok) {

  private static final Pattern LINE = Pattern.compile("(?m)^BENCH( [^\\r\\n]*)$");
  private static final Pattern FIELD = Pattern.compile(" ([a-z]+)=([^ \\r\\n]+)");

  /** Work time in seconds: ticks / frequency. */
  public double seconds() {
    return (double) ticks / frequencyHz;
  }

  /**
   * The last BENCH line in a guest's console output, or empty if there is none or it lacks a
   * field (a guest that crashed mid-line must not count as a result).
   */
  public static Optional<BenchLine> find(String consoleOutput) {
    Matcher m = LINE.matcher(consoleOutput);
    String last = null;
    while (m.find()) {
      last = m.group(1);
    }
    return last == null ? Optional.empty() : parseFields(last);
  }

  private static Optional<BenchLine> parseFields(String fields) {
    Map<String, String> f = new HashMap<>();
    Matcher m = FIELD.matcher(fields);
    while (m.find()) {
      f.put(m.group(1), m.group(2));
    }
    for (String key : new String[] {"name", "units", "unit", "checksum", "expected", "ticks", "freq", "status"}) {
      if (!f.containsKey(key)) {
        return Optional.empty();
      }
    }
    try {
      long freq = Long.parseLong(f.get("freq"));
      if (freq <= 0) {
        return Optional.empty();
      }
      return Optional.of(
          new BenchLine(
              f.get("name"),
              Long.parseUnsignedLong(f.get("units")),
              f.get("unit"),
              parseHex(f.get("checksum")),
              parseHex(f.get("expected")),
              Long.parseUnsignedLong(f.get("ticks")),
              freq,
              f.get("status").equals("ok")));
    } catch (NumberFormatException e) {
      return Optional.empty();
    }
  }

  private static long parseHex(String s) {
    if (!s.startsWith("0x") && !s.startsWith("0X")) {
      throw new NumberFormatException("not hex: " + s);
    }
    return Long.parseUnsignedLong(s.substring(2), 16);
  }
}
