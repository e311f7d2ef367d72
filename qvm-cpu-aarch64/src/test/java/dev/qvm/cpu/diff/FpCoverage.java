package dev.qvm.cpu.diff;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * How many of the generated FP/SIMD instructions a run really executed, per generator template
 * (the {@link Insn#text()} of each instruction). An instruction counts as UNDEFINED when the run
 * recorded an exception with EC 0x00 ("Unknown reason", ARM ARM D17.2.37 ESR_ELx) at its offset
 * in the block. Only sequences with FP enabled count: with CPACR_EL1.FPEN = 0b00 every allocated
 * FP instruction traps with EC 0x07 instead of executing. A green differential run says little
 * when most instructions are UNDEFINED in both runners, hence this count.
 */
public final class FpCoverage {

  private static final Pattern EXCEPTION = Pattern.compile(" esr=([0-9a-f]{8}) elr=\\+([0-9a-f]{4})");

  /** Per template: {emitted, undefined}. */
  private final Map<String, long[]> counts = new TreeMap<>();

  /** Adds the instructions of {@code image} as {@code run} (a complete run of it) executed them. */
  public void add(FpDifferentialRun.Image image, RunResult run) {
    List<String> lines = DifferentialHarness.sequenceLines(run.console());
    for (int i = 0; i < Math.min(lines.size(), image.cases().size()); i++) {
      FpTestCase tc = image.cases().get(i);
      if (tc.fpTrap()) {
        continue;
      }
      boolean[] undefined = new boolean[tc.block().size()];
      Matcher m = EXCEPTION.matcher(lines.get(i));
      while (m.find()) {
        long esr = Long.parseLong(m.group(1), 16);
        int index = Integer.parseInt(m.group(2), 16) / 4;
        if ((esr >>> 26) == 0 && index < undefined.length) {
          undefined[index] = true;
        }
      }
      for (int k = 0; k < undefined.length; k++) {
        long[] c = counts.computeIfAbsent(tc.block().get(k).text(), key -> new long[2]);
        c[0]++;
        if (undefined[k]) {
          c[1]++;
        }
      }
    }
  }

  public long emitted() {
    return counts.values().stream().mapToLong(c -> c[0]).sum();
  }

  public long undefined() {
    return counts.values().stream().mapToLong(c -> c[1]).sum();
  }

  /** UNDEFINED instructions as a fraction of all counted ones. */
  public double undefinedShare() {
    long e = emitted();
    return e == 0 ? 0 : (double) undefined() / e;
  }

  /** Templates of which no instruction executed (all were UNDEFINED). */
  public List<String> neverExecuted() {
    List<String> never = new ArrayList<>();
    counts.forEach((name, c) -> {
      if (c[0] == c[1]) {
        never.add(name);
      }
    });
    return never;
  }

  /** Templates that appear. */
  public Set<String> templates() {
    return counts.keySet();
  }

  /** One line per template: emitted, executed, UNDEFINED share; then the totals. */
  public String report() {
    StringBuilder sb = new StringBuilder();
    counts.forEach((name, c) -> sb.append(String.format("  %-22s emitted %6d executed %6d undefined %5.1f%%%n",
        name, c[0], c[0] - c[1], 100.0 * c[1] / c[0])));
    sb.append(String.format("  %-22s emitted %6d executed %6d undefined %5.1f%%%n", "TOTAL", emitted(),
        emitted() - undefined(), 100.0 * undefinedShare()));
    return sb.toString();
  }
}
