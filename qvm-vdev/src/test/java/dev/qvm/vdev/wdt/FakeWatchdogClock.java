package dev.qvm.vdev.wdt;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/** A clock that moves only when a test says so, running due timer tasks as it passes them. */
final class FakeWatchdogClock implements WatchdogClock {

  private static final class Task implements Scheduled {
    final long deadline;
    final Runnable run;
    boolean cancelled;

    Task(long deadline, Runnable run) {
      this.deadline = deadline;
      this.run = run;
    }

    @Override
    public void cancel() {
      cancelled = true;
    }
  }

  private final List<Task> tasks = new ArrayList<>();
  private long now = 1_000_000_000L;
  boolean closed;

  @Override
  public long nanoTime() {
    return now;
  }

  @Override
  public Scheduled schedule(long deadlineNanos, Runnable task) {
    Task t = new Task(deadlineNanos, task);
    tasks.add(t);
    return t;
  }

  /** Moves time forward by {@code nanos}, running each due task at its own deadline. */
  void advance(long nanos) {
    long target = now + nanos;
    while (true) {
      tasks.removeIf(t -> t.cancelled);
      Task next = tasks.stream().filter(t -> t.deadline <= target).min(Comparator.comparingLong(t -> t.deadline)).orElse(null);
      if (next == null) {
        break;
      }
      tasks.remove(next);
      now = Math.max(now, next.deadline);
      next.run.run();
    }
    now = target;
  }

  /** Tasks still waiting. */
  long pendingTasks() {
    return tasks.stream().filter(t -> !t.cancelled).count();
  }

  @Override
  public void close() {
    closed = true;
    tasks.clear();
  }
}
