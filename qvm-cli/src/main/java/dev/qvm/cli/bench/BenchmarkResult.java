package dev.qvm.cli.bench;

import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * Everything measured for one benchmark guest: its runs under qvm and under QEMU, and the
 * instruction count both sides' MIPS are computed from.
 *
 * <p>The guest is deterministic, so it retires the same instructions on any correct
 * implementation; the count comes from qvm's {@code --stats} (exact), or, when no qvm run
 * finished, from QEMU under {@code -icount shift=0} (see {@link ToolOutput#icountInstructions}).
 * Either count covers a few thousand instructions outside the timed interval (start-up, the
 * result line), a relative error under 1e-5 at these sizes.
 */
public final class BenchmarkResult {

  /** Which emulator a sample ran on. */
  public enum Side {
    QVM,
    QEMU
  }

  /**
   * One run.
   *
   * @param side the emulator
   * @param run the run's index (0-based); qvm and QEMU runs with one index ran back to back
   * @param line the guest's result line, or null if it printed none
   * @param instructions the instructions qvm's --stats reported, or -1 (QEMU, or no stats)
   * @param wallSeconds the whole process's wall time, start-up included
   * @param error why the run does not count, or null when it does
   */
  public record Sample(Side side, int run, BenchLine line, long instructions, double wallSeconds, String error) {
    /** Whether the run counts: a result line with the expected checksum, and no error. */
    public boolean ok() {
      return error == null && line != null && line.ok();
    }
  }

  private final String name;
  private final List<Sample> samples = new ArrayList<>();
  private long icountInstructions = -1;

  /** An empty result for the benchmark {@code name}. */
  public BenchmarkResult(String name) {
    this.name = name;
  }

  public String name() {
    return name;
  }

  public void add(Sample sample) {
    samples.add(sample);
  }

  public List<Sample> samples() {
    return List.copyOf(samples);
  }

  /** Records the count measured under QEMU's -icount (the cross-check of qvm's count). */
  public void setIcountInstructions(long n) {
    icountInstructions = n;
  }

  /** The count from QEMU -icount, or -1 if not measured. */
  public long icountInstructions() {
    return icountInstructions;
  }

  /** The count MIPS is computed from: the first good qvm run's --stats, else QEMU's -icount. */
  public OptionalLong instructions() {
    for (Sample s : samples) {
      if (s.side() == Side.QVM && s.ok() && s.instructions() > 0) {
        return OptionalLong.of(s.instructions());
      }
    }
    return icountInstructions > 0 ? OptionalLong.of(icountInstructions) : OptionalLong.empty();
  }

  /** Guest MIPS of one good sample; NaN when it failed or no count is known. */
  public double mips(Sample s) {
    OptionalLong n = instructions();
    if (!s.ok() || n.isEmpty() || s.line().ticks() <= 0) {
      return Double.NaN;
    }
    return n.getAsLong() / s.line().seconds() / 1e6;
  }

  /** The median guest MIPS over the good runs on one side; NaN when there are none. */
  public double medianMips(Side side) {
    List<Double> v = new ArrayList<>();
    for (Sample s : samples) {
      if (s.side() == side && s.ok()) {
        v.add(mips(s));
      }
    }
    v.removeIf(d -> d.isNaN());
    return Statistics.median(v);
  }

  /**
   * The median over run indices of qvm MIPS / QEMU MIPS, pairing the two runs with one index:
   * they ran back to back, so a burst of load from elsewhere on the machine tends to hit both.
   * NaN when no index has a good run on both sides.
   */
  public double ratio() {
    List<Double> ratios = new ArrayList<>();
    for (Sample q : samples) {
      if (q.side() != Side.QVM || !q.ok()) {
        continue;
      }
      for (Sample e : samples) {
        if (e.side() == Side.QEMU && e.run() == q.run() && e.ok()) {
          // Same instruction count on both sides: the MIPS ratio is the inverse time ratio.
          ratios.add(e.line().seconds() / q.line().seconds());
        }
      }
    }
    return Statistics.median(ratios);
  }

  /** Null when every run counted, else the first failure, e.g. "qvm run 1: killed after 600 s". */
  public String firstFailure() {
    for (Sample s : samples) {
      if (!s.ok()) {
        String why = s.error() != null ? s.error()
            : s.line() == null ? "no BENCH line" : "checksum " + hex(s.line().checksum()) + " != expected " + hex(s.line().expected());
        return s.side().name().toLowerCase(java.util.Locale.ROOT) + " run " + (s.run() + 1) + ": " + why;
      }
    }
    return null;
  }

  private static String hex(long v) {
    return String.format("0x%016X", v);
  }
}
