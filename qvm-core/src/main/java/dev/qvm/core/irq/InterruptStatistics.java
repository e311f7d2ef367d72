package dev.qvm.core.irq;

import java.util.Arrays;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Per-INTID interrupt counts and the time from assertion to the guest's acknowledge, for {@code
 * qvm run --stats} (ARCHITECTURE.md section 5: the hypervisor cannot protect a guest from
 * itself, but it can show where the guest's time went). Thread-safe.
 *
 * <p>For an ordinary source (a vdev, a timer, an SGI) "raised" counts line assertions. For a
 * host-owned source behind a {@link HostInterruptGate} "raised" counts host assertions, of which
 * each is either forwarded into the vGIC at once or held while the source is masked; a held
 * assertion is delivered later at most once, as a replay: {@code raised == forwarded - replayed +
 * held}.
 */
public final class InterruptStatistics implements InterruptObserver {

  /** Latency samples kept per INTID; beyond this the oldest are overwritten (a ring). */
  static final int MAX_SAMPLES = 1 << 16;

  private final Map<Integer, Counters> byIntid = new ConcurrentHashMap<>();

  /** The clock latencies are measured with, in nanoseconds ({@link System#nanoTime}). */
  private final LongSupplier clock;

  public InterruptStatistics() {
    this(System::nanoTime);
  }

  /** With another clock (tests measure known latencies with a clock they advance). */
  public InterruptStatistics(LongSupplier nanoClock) {
    this.clock = nanoClock;
  }

  /** Now, on this statistics' clock: what a gate records as the time of an assertion. */
  public long now() {
    return clock.getAsLong();
  }
  private final Map<Integer, Boolean> hostOwned = new ConcurrentHashMap<>();

  /** A snapshot of one INTID's counters; latencies in nanoseconds, -1 without samples. */
  public record Snapshot(
      int intid,
      long raised,
      long forwarded,
      long replayed,
      long acknowledged,
      long deactivated,
      long heldWhileMasked,
      long latencyMedianNanos,
      long latencyP99Nanos,
      long latencyMaxNanos,
      long latencySamples) {}

  /** Marks {@code intid} as fed by a host gate: the gate, not the vGIC, counts its assertions. */
  public void markHostOwned(int intid) {
    hostOwned.put(intid, Boolean.TRUE);
  }

  private Counters counters(int intid) {
    return byIntid.computeIfAbsent(intid, i -> new Counters(i, clock));
  }

  /** Latency is measured per PE for private interrupts (each vCPU has its own INTID 27). */
  private static int latencyKey(int vcpu, int intid) {
    return intid < 32 ? (vcpu + 1) * 1024 + intid : intid;
  }

  @Override
  public void asserted(int vcpu, int intid) {
    if (!hostOwned.containsKey(intid)) {
      Counters c = counters(intid);
      synchronized (c) {
        c.raised++;
        c.startLatency(latencyKey(vcpu, intid));
      }
    }
  }

  @Override
  public void acknowledged(int vcpu, int intid) {
    Counters c = counters(intid);
    synchronized (c) {
      c.acknowledged++;
      c.endLatency(hostOwned.containsKey(intid) ? intid : latencyKey(vcpu, intid));
    }
  }

  @Override
  public void deactivated(int vcpu, int intid) {
    Counters c = counters(intid);
    synchronized (c) {
      c.deactivated++;
    }
  }

  /** A host assertion of a gated source (before the gate decides to forward or hold it). */
  public void hostRaised(int intid) {
    Counters c = counters(intid);
    synchronized (c) {
      c.raised++;
    }
  }

  /**
   * The gate injected the interrupt into the vGIC; {@code replay} for a held assertion.
   *
   * @param assertedNanos when the assertion being delivered happened ({@link #now}):
   *     the latency to the acknowledge is measured from there, including time spent held
   */
  public void forwarded(int intid, boolean replay, long assertedNanos) {
    Counters c = counters(intid);
    synchronized (c) {
      c.forwarded++;
      if (replay) {
        c.replayed++;
      }
      c.outstanding.put(intid, assertedNanos);
    }
  }

  /** A host assertion arrived while the gate kept the source masked. */
  public void heldWhileMasked(int intid) {
    Counters c = counters(intid);
    synchronized (c) {
      c.held++;
    }
  }

  /** One INTID's counters now (all zero if it never saw an event). */
  public Snapshot snapshot(int intid) {
    Counters c = byIntid.get(intid);
    return c == null ? new Snapshot(intid, 0, 0, 0, 0, 0, 0, -1, -1, -1, 0) : c.snapshot();
  }

  /** Every INTID that saw an event, by INTID. */
  public SortedMap<Integer, Snapshot> snapshots() {
    SortedMap<Integer, Snapshot> m = new TreeMap<>();
    for (Counters c : byIntid.values()) {
      m.put(c.intid, c.snapshot());
    }
    return m;
  }

  /** A table for {@code --stats}: one line per INTID. */
  public String format() {
    StringBuilder sb = new StringBuilder();
    sb.append(String.format("%6s %10s %10s %10s %10s %10s %12s %12s %12s%n", "INTID", "raised", "forwarded", "acked", "deactiv.", "held", "lat.median", "lat.p99", "lat.max"));
    for (Snapshot s : snapshots().values()) {
      sb.append(String.format("%6d %10d %10d %10d %10d %10d %12s %12s %12s%n", s.intid(), s.raised(), s.forwarded(), s.acknowledged(), s.deactivated(), s.heldWhileMasked(), micros(s.latencyMedianNanos()), micros(s.latencyP99Nanos()), micros(s.latencyMaxNanos())));
    }
    return sb.toString();
  }

  private static String micros(long nanos) {
    return nanos < 0 ? "-" : String.format("%.1fus", nanos / 1000.0);
  }

  /** The mutable counters of one INTID; guarded by its own monitor. */
  private static final class Counters {
    final int intid;
    long raised;
    long forwarded;
    long replayed;
    long acknowledged;
    long deactivated;
    long held;
    long maxLatency = -1;
    long samples;
    long[] ring = new long[64];
    /** Assertion time of the oldest assertion not yet acknowledged, per latency key. */
    final Map<Integer, Long> outstanding = new TreeMap<>();

    final LongSupplier clock;

    Counters(int intid, LongSupplier clock) {
      this.intid = intid;
      this.clock = clock;
    }

    void startLatency(int key) {
      outstanding.putIfAbsent(key, clock.getAsLong());
    }

    void endLatency(int key) {
      Long start = outstanding.remove(key);
      if (start != null) {
        long latency = clock.getAsLong() - start;
        if (samples == ring.length && ring.length < MAX_SAMPLES) {
          ring = Arrays.copyOf(ring, ring.length * 2);
        }
        ring[(int) (samples % MAX_SAMPLES)] = latency;
        samples++;
        maxLatency = Math.max(maxLatency, latency);
      }
    }

    synchronized Snapshot snapshot() {
      int n = (int) Math.min(samples, MAX_SAMPLES);
      long median = -1;
      long p99 = -1;
      if (n > 0) {
        long[] sorted = Arrays.copyOf(ring, n);
        Arrays.sort(sorted);
        median = sorted[(n - 1) / 2];
        p99 = sorted[Math.min(n - 1, (int) Math.ceil(n * 0.99) - 1)];
      }
      return new Snapshot(intid, raised, forwarded, replayed, acknowledged, deactivated, held, median, p99, maxLatency, samples);
    }
  }
}
