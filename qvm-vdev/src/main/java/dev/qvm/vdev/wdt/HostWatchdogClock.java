package dev.qvm.vdev.wdt;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/** {@link WatchdogClock} on {@link System#nanoTime()} with one daemon timer thread. */
final class HostWatchdogClock implements WatchdogClock {

  private final ScheduledThreadPoolExecutor timer;

  HostWatchdogClock(String name) {
    timer =
        new ScheduledThreadPoolExecutor(
            1, Thread.ofPlatform().name(name + "-timer").daemon(true).factory());
    timer.setRemoveOnCancelPolicy(true);
  }

  @Override
  public long nanoTime() {
    return System.nanoTime();
  }

  @Override
  public Scheduled schedule(long deadlineNanos, Runnable task) {
    long delay = Math.max(0, deadlineNanos - System.nanoTime());
    ScheduledFuture<?> f = timer.schedule(task, delay, TimeUnit.NANOSECONDS);
    return () -> f.cancel(false);
  }

  @Override
  public void close() {
    timer.shutdownNow();
  }
}
