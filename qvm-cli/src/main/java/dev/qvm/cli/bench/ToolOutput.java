package dev.qvm.cli.bench;

import java.util.OptionalLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What the runner reads from the tools it starts: qvm's --stats lines and /usr/bin/time's. */
public final class ToolOutput {

  /** {@code qvm run --stats}: "qvm: vcpu0  939,599,568 instructions  26.7 MIPS". */
  private static final Pattern QVM_VCPU =
      Pattern.compile("(?m)^qvm: vcpu(\\d+)\\s+([0-9,]+) instructions");

  /** The format the runner gives /usr/bin/time: {@code -f "qvm-bench-rss-kib=%M"}. */
  static final String TIME_FORMAT = "qvm-bench-rss-kib=%M";

  private static final Pattern TIME_RSS = Pattern.compile("(?m)^qvm-bench-rss-kib=(\\d+)\\s*$");

  /**
   * The instructions all vCPUs retired, summed over {@code qvm run --stats}'s per-vCPU lines,
   * or empty when there are none (qvm died before printing them).
   */
  public static OptionalLong qvmInstructionsRetired(String qvmStderr) {
    Matcher m = QVM_VCPU.matcher(qvmStderr);
    long sum = 0;
    boolean any = false;
    while (m.find()) {
      sum += Long.parseLong(m.group(2).replace(",", ""));
      any = true;
    }
    return any ? OptionalLong.of(sum) : OptionalLong.empty();
  }

  /** The peak resident set in KiB from /usr/bin/time's output file, or empty. */
  public static OptionalLong peakRssKib(String timeOutput) {
    Matcher m = TIME_RSS.matcher(timeOutput);
    return m.find() ? OptionalLong.of(Long.parseLong(m.group(1))) : OptionalLong.empty();
  }

  /**
   * Instructions QEMU executed in a BENCH line's timed interval when it ran with {@code -icount
   * shift=0}: virtual time then advances exactly 1 ns per instruction, and the guest's counter
   * runs on virtual time, so instructions = ticks * 1e9 / frequency (to within one tick,
   * 16 instructions at 62.5 MHz).
   */
  public static long icountInstructions(BenchLine line) {
    return Math.round(line.ticks() * (1e9 / line.frequencyHz()));
  }

  private ToolOutput() {}
}
