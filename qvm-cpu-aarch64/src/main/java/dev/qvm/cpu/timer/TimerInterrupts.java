package dev.qvm.cpu.timer;

import dev.qvm.core.irq.InterruptLine;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * The interrupt outputs of one PE's generic timer (ARM ARM D11.2.4 "Timers"): each timer asserts
 * its level interrupt while {@code ISTATUS && !IMASK}, the virtual timer on PPI 27 and the EL1
 * physical timer on PPI 30 of the PE's own redistributor (ARM BSA / QEMU virt numbering).
 *
 * <p>{@link #update()} runs on the vCPU's thread whenever the guest writes a timer register. A
 * timer that is enabled, unmasked and not yet due gets a wake-up on a shared host scheduler at
 * its deadline, so the interrupt is asserted when the count passes CVAL without any register
 * access, whether the vCPU is running or parked in WFI.
 */
public final class TimerInterrupts {

  /** PPI of the EL1 virtual timer. */
  public static final int VIRTUAL_PPI = 27;

  /** PPI of the EL1 physical timer. */
  public static final int PHYSICAL_PPI = 30;

  private static final ScheduledThreadPoolExecutor SCHEDULER = scheduler();

  private static ScheduledThreadPoolExecutor scheduler() {
    ScheduledThreadPoolExecutor s = new ScheduledThreadPoolExecutor(1, r -> Thread.ofPlatform().daemon().name("qvm-timers").unstarted(r));
    s.setRemoveOnCancelPolicy(true);
    return s;
  }

  private final GenericTimer timer;
  private final Output virtualOut;
  private final Output physicalOut;

  public TimerInterrupts(GenericTimer timer, InterruptLine virtualLine, InterruptLine physicalLine) {
    this.timer = timer;
    this.virtualOut = new Output(true, virtualLine);
    this.physicalOut = new Output(false, physicalLine);
  }

  /** Re-evaluates both outputs now (after a register write, a reset, or at a deadline). */
  public synchronized void update() {
    virtualOut.update();
    physicalOut.update();
  }

  /** Whether the timer's interrupt output is asserted now (tests). */
  public synchronized boolean asserted(boolean virtual) {
    return (virtual ? virtualOut : physicalOut).level;
  }

  /** One timer's output line and its pending wake-up. */
  private final class Output {
    final boolean virtual;
    final InterruptLine line;
    boolean level;
    ScheduledFuture<?> wakeUp;

    Output(boolean virtual, InterruptLine line) {
      this.virtual = virtual;
      this.line = line;
    }

    void update() {
      long ctl = timer.readCtl(virtual);
      boolean enabled = (ctl & 1) != 0;
      boolean masked = (ctl & 2) != 0;
      boolean istatus = (ctl & 4) != 0;
      boolean out = istatus && !masked;
      if (out != level) {
        level = out;
        if (out) {
          line.raise();
        } else {
          line.lower();
        }
      }
      if (wakeUp != null) {
        wakeUp.cancel(false);
        wakeUp = null;
      }
      if (enabled && !masked && !istatus) {
        long deadline = timer.deadlineNanos(virtual);
        if (deadline != Long.MAX_VALUE) {
          long delay = Math.max(0, deadline - System.nanoTime());
          wakeUp = SCHEDULER.schedule(TimerInterrupts.this::update, delay, TimeUnit.NANOSECONDS);
        }
      }
    }
  }
}
