package dev.qvm.vdev.wdt;

/**
 * The time base of a watchdog: the host's monotonic clock and a one-shot timer on it. The SP805
 * counts lazily from this clock rather than ticking, so tests drive it with a fake.
 */
interface WatchdogClock extends AutoCloseable {

  /** The current time in nanoseconds, on {@link System#nanoTime()}'s scale. */
  long nanoTime();

  /** Runs {@code task} once, at or after {@code deadlineNanos}; the handle cancels it. */
  Scheduled schedule(long deadlineNanos, Runnable task);

  /** Stops the timer; tasks not yet run are dropped. */
  @Override
  void close();

  /** A task that {@link #schedule} arranged. */
  interface Scheduled {
    /** Drops the task if it has not run yet. */
    void cancel();
  }
}
