package dev.qvm.core.irq;

import java.util.concurrent.locks.LockSupport;

/**
 * {@code irq timer:PERIOD_US[,COUNT]} (QVMCONF.md): a host thread that raises the pass-through
 * host interrupt every PERIOD_US microseconds, COUNT times or until the VM stops, as a device with
 * a periodic condition (a free-running timer, a sensor sampling) would. It needs no second
 * program, so one {@code qvm run} shows what the gate does with a storm.
 *
 * <p>The device starts when the guest has enabled the interrupt (distributor, CPU interface and
 * INTID; {@link HostInterruptGate#awaitGuestEnabled}), the moment a driver would start its
 * device; from then on it keeps raising whatever the guest does, EOI or not, shutdown or not:
 * what reaches the guest is the gate's business. The period is a fixed rate from that start (the
 * n-th assertion is due at start + n periods; a late thread catches up at once), so COUNT
 * assertions take COUNT periods however the host schedules the thread.
 */
public final class PeriodicHostIrq implements HostIrqSource {

  private final HostInterruptGate gate;
  private final long periodNanos;
  private final long count;
  private volatile boolean closed;
  private Thread thread;

  /**
   * @param periodMicros microseconds between assertions (at least 1)
   * @param count how many assertions, 0 for no limit
   */
  public PeriodicHostIrq(HostInterruptGate gate, long periodMicros, long count) {
    if (periodMicros < 1 || count < 0) {
      throw new IllegalArgumentException("period " + periodMicros + " us, count " + count);
    }
    this.gate = gate;
    this.periodNanos = periodMicros * 1000;
    this.count = count;
  }

  @Override
  public void start() {
    thread = Thread.ofPlatform().daemon().name("irq-timer-" + gate.intid()).start(this::run);
  }

  private void run() {
    try {
      gate.awaitGuestEnabled();
    } catch (InterruptedException e) {
      return; // closed before the guest enabled the interrupt: the device never started
    }
    long start = System.nanoTime();
    for (long n = 1; !closed && (count == 0 || n <= count); n++) {
      long due = start + n * periodNanos;
      long wait;
      while (!closed && (wait = due - System.nanoTime()) > 0) {
        LockSupport.parkNanos(this, wait);
      }
      if (!closed) {
        gate.assertHost();
      }
    }
  }

  /** Waits until the source has made all its COUNT assertions (tests), or gives up. */
  public boolean awaitDone(long timeoutMillis) throws InterruptedException {
    Thread t = thread;
    if (t != null) {
      t.join(timeoutMillis);
    }
    return t != null && !t.isAlive();
  }

  @Override
  public void close() {
    closed = true;
    Thread t = thread;
    if (t != null) {
      t.interrupt(); // out of awaitGuestEnabled or parkNanos
    }
  }
}
