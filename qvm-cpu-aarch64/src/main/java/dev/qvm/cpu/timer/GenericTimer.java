package dev.qvm.cpu.timer;

/**
 * The generic timer of one PE (ARM ARM D11 "The Generic Timer in AArch64 state"): the system
 * counter as this vCPU reads it, and its EL1 physical and virtual timers. Guest time is the
 * host's monotonic clock by default (ARCHITECTURE.md section 7); the counter runs at 62.5 MHz,
 * the frequency QEMU's virt board reports, so 1 tick is 16 ns. The timers' outputs are level
 * interrupts (PPI 30 physical, 27 virtual) that the GIC issue wires to the redistributor.
 */
public final class GenericTimer {

  /** CNTFRQ_EL0 reset value: 62.5 MHz. */
  public static final long FREQUENCY_HZ = 62_500_000L;

  /**
   * The host time at which the system counter read 0. One value for all PEs of a VM
   * ({@link #shareCounterWith}): D11.1.2 makes the system counter one clock that every PE reads,
   * and Linux relies on that. Counters that differ by even microseconds between vCPUs make time
   * go backwards when a task moves, and its 56-bit clocksource arithmetic turns that into a jump
   * of days (seen as RCU stalls "for 549758 jiffies" and a hung boot).
   */
  private long startNanos;

  public long cntfrq = FREQUENCY_HZ;
  public long cntkctl;
  public long cntvoff;
  public long cntpCtl;
  public long cntpCval;
  public long cntvCtl;
  public long cntvCval;

  /**
   * (qvm) Deterministic time: with {@code icount} on, guest time is the number of instructions
   * this PE retired, one nanosecond each, plus the time WFI skipped ("warped") to the next timer
   * deadline instead of waiting for it. Two runs of the same single-vCPU guest then see the same
   * counter values at the same instructions. Null: host monotonic time.
   */
  private java.util.function.LongSupplier instructionClock;

  private long warpNanos;

  public GenericTimer() {
    this.startNanos = System.nanoTime();
  }

  /** Makes this PE read the same system counter as {@code first} (the VM's first PE). */
  public void shareCounterWith(GenericTimer first) {
    this.startNanos = first.startNanos;
  }

  /** Switches this timer to instruction-count time (set icount on / --icount). */
  public void useInstructionClock(java.util.function.LongSupplier instructionsRetired) {
    this.instructionClock = instructionsRetired;
  }

  /** Whether guest time follows instructions rather than the host clock. */
  public boolean icount() {
    return instructionClock != null;
  }

  /** Guest nanoseconds since the VM started. */
  public long nowNanos() {
    java.util.function.LongSupplier ic = instructionClock;
    return ic != null ? ic.getAsLong() + warpNanos : System.nanoTime() - startNanos;
  }

  /**
   * In icount mode, WFI with nothing else to wake it moves guest time forward to the earliest
   * timer deadline. Returns false when no timer is armed (the caller must really wait).
   */
  public boolean warpToNextDeadline() {
    long best = Long.MAX_VALUE;
    if ((cntpCtl & 3) == 1) {
      best = Math.min(best, guestDeadline(cntpCval));
    }
    if ((cntvCtl & 3) == 1) {
      best = Math.min(best, guestDeadline(cntvCval + cntvoff));
    }
    if (best == Long.MAX_VALUE) {
      return false;
    }
    long now = nowNanos();
    if (best > now) {
      warpNanos += best - now;
    }
    return true;
  }

  private static long guestDeadline(long physicalTicks) {
    if (physicalTicks < 0 || physicalTicks > (1L << 58)) {
      return Long.MAX_VALUE;
    }
    return physicalTicks << 4;
  }

  /** CNTPCT_EL0: the physical count, 0 when the VM started. */
  public long physicalCount() {
    return nowNanos() >>> 4;
  }

  /** CNTVCT_EL0 = CNTPCT_EL0 - CNTVOFF_EL2. */
  public long virtualCount() {
    return physicalCount() - cntvoff;
  }

  /**
   * CNTx_CTL_EL0 as read: ENABLE (bit 0), IMASK (bit 1), and ISTATUS (bit 2) computed now.
   *
   * <p>The condition compares unsigned 64-bit values (ARM ARM D11.2.4 and the pseudocode of
   * AArch64.CheckTimerConditions: {@code UInt(count) - UInt(CVAL) >= 0}), so a CVAL with bit 63
   * set, such as the all-ones "never" value, lies in the far future; a signed difference would
   * call 2^64-1 one tick in the past and fire at once.
   */
  public long readCtl(boolean virtual) {
    long ctl = virtual ? cntvCtl : cntpCtl;
    long cval = virtual ? cntvCval : cntpCval;
    long count = virtual ? virtualCount() : physicalCount();
    boolean fired = (ctl & 1) != 0 && Long.compareUnsigned(count, cval) >= 0;
    return (ctl & 3) | (fired ? 4 : 0);
  }

  /**
   * CNTx_TVAL_EL0 as read (D11.2.4, TimerValue view): (CVAL - count)[31:0], which software reads
   * as a signed 32-bit distance (negative once the deadline passed); bits [63:32] are RES0.
   */
  public long readTval(boolean virtual) {
    long count = virtual ? virtualCount() : physicalCount();
    long cval = virtual ? cntvCval : cntpCval;
    return (int) (cval - count) & 0xffff_ffffL;
  }

  /** A TVAL write sets CVAL = count + SignExtend(TVAL[31:0]) (D11.2.4); bits [63:32] are ignored. */
  public void writeTval(boolean virtual, long tval) {
    long count = virtual ? virtualCount() : physicalCount();
    long cval = count + (int) tval;
    if (virtual) {
      cntvCval = cval;
    } else {
      cntpCval = cval;
    }
  }

  /**
   * The host time at which the earliest enabled, unmasked timer fires, or Long.MAX_VALUE: where
   * WFI must wake up.
   */
  public long nextDeadlineNanos() {
    long best = Long.MAX_VALUE;
    if ((cntpCtl & 3) == 1) {
      best = Math.min(best, deadline(cntpCval));
    }
    if ((cntvCtl & 3) == 1) {
      best = Math.min(best, deadline(cntvCval + cntvoff));
    }
    return best;
  }

  /**
   * The host time at which one timer's condition (count - CVAL &gt;= 0) becomes true, or
   * Long.MAX_VALUE when that lies beyond any real run.
   */
  public long deadlineNanos(boolean virtual) {
    return virtual ? deadline(cntvCval + cntvoff) : deadline(cntpCval);
  }

  private long deadline(long physicalTicks) {
    if (instructionClock != null) {
      return Long.MAX_VALUE; // icount: the vCPU checks its timers itself, never the host clock
    }
    if (physicalTicks < 0 || physicalTicks > (1L << 58)) {
      return Long.MAX_VALUE; // beyond any real run: never
    }
    return startNanos + (physicalTicks << 4);
  }
}
