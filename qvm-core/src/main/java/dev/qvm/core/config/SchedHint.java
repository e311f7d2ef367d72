package dev.qvm.core.config;

/**
 * A QNX host-scheduling hint, {@code sched PRIO[r|f|o]}: accepted and reported, since a JVM
 * thread has no QNX priority or policy (QVMCONF.md, "accepted and reported").
 */
public record SchedHint(int priority, Policy policy, Location location) {

  /** The optional letter after the priority. */
  public enum Policy {
    /** No letter: the host's default policy. */
    DEFAULT,
    /** {@code r}: round-robin. */
    ROUND_ROBIN,
    /** {@code f}: FIFO. */
    FIFO,
    /** {@code o}: other (sporadic on QNX). */
    OTHER
  }

  @Override
  public String toString() {
    return switch (policy) {
      case DEFAULT -> Integer.toString(priority);
      case ROUND_ROBIN -> priority + "r";
      case FIFO -> priority + "f";
      case OTHER -> priority + "o";
    };
  }
}
