package dev.qvm.cpu.exec;

/**
 * One PE's part in broadcast TLB maintenance (TLBI ...IS, ARM ARM D8.13.4): the invalidations
 * other PEs asked of it, which only its own thread may carry out (it alone touches its soft TLB
 * and decoded-code lookups), and the invalidations its own DSB must wait for on the others.
 *
 * <p>A request is queued, given a ticket, and the PE is poked so its current slice ends within a
 * block; it drains the queue at the start of its next slice ({@link #service}). The issuer's DSB
 * spins until each target's done-count reaches its ticket, or the target is not running (a
 * parked PE services its queue before it runs again).
 */
public final class TlbShootdown {

  /** Not a VA a TLBI can name (bits 63 and 55 differ): "every translation". */
  public static final long ALL_PAGES = Long.MIN_VALUE;

  private final Cpu cpu;

  /**
   * Sends a TLBI ...IS to the other PEs of the VM (set by the VM's vCPU factory): the issuer and
   * the VA, or {@link #ALL_PAGES}.
   */
  public java.util.function.ObjLongConsumer<Cpu> broadcast;

  /** The other PEs' requests not yet carried out, guarded by itself; the owner drains them. */
  private final long[] remoteVas = new long[32];

  private int remoteVaCount;
  private boolean remoteAll;

  private final java.util.concurrent.atomic.AtomicLong requests = new java.util.concurrent.atomic.AtomicLong();
  private volatile long done;

  // What this PE's next DSB waits for: the targets and their tickets (owner thread only).
  private TlbShootdown[] pendingTargets = new TlbShootdown[4];
  private long[] pendingTickets = new long[4];
  private int pending;

  TlbShootdown(Cpu cpu) {
    this.cpu = cpu;
  }

  /**
   * Another PE's TLBI by VA ...IS, or of everything ({@link #ALL_PAGES}; also a change of stage
   * 2): carried out for one page while few are queued, as a full flush once more are. Returns the
   * ticket the issuer waits for in its DSB.
   */
  public long request(long va) {
    synchronized (remoteVas) {
      if (va == ALL_PAGES || remoteVaCount == remoteVas.length) {
        remoteAll = true;
      } else {
        remoteVas[remoteVaCount++] = va;
      }
    }
    long ticket = requests.incrementAndGet();
    cpu.poke();
    return ticket;
  }

  /** Whether the request with {@code ticket} is done, or cannot matter (the PE is not running). */
  boolean isDone(long ticket) {
    return done >= ticket || cpu.idleForShootdown();
  }

  /** Remembers that this PE's next DSB must wait for {@code target}'s request {@code ticket}. */
  public void awaitAtNextDsb(TlbShootdown target, long ticket) {
    if (pending == pendingTargets.length) {
      pendingTargets = java.util.Arrays.copyOf(pendingTargets, pending * 2);
      pendingTickets = java.util.Arrays.copyOf(pendingTickets, pending * 2);
    }
    pendingTargets[pending] = target;
    pendingTickets[pending++] = ticket;
  }

  /**
   * DSB after TLBI ...IS (D8.13.4: the invalidation is complete for all PEs in the Inner Shareable
   * domain when the DSB completes): waits until every other running PE has carried it out.
   */
  void completeAtDsb() {
    if (pending == 0) {
      return;
    }
    long deadline = System.nanoTime() + 50_000_000L; // a stuck peer must not hang this one
    for (int i = 0; i < pending; i++) {
      TlbShootdown target = pendingTargets[i];
      while (!target.isDone(pendingTickets[i]) && System.nanoTime() < deadline && !cpu.stopRequested()) {
        Thread.onSpinWait();
      }
      pendingTargets[i] = null;
    }
    pending = 0;
  }

  /** Carries out the queued requests; the owning PE calls it at the start of every slice. */
  void service() {
    long requested = requests.get();
    if (requested != done) {
      // Every request up to `requested` was queued before its ticket was taken, so draining now
      // carries out at least those.
      synchronized (remoteVas) {
        if (remoteAll) {
          cpu.translationChanged();
        } else {
          for (int k = 0; k < remoteVaCount; k++) {
            cpu.invalidateVa(remoteVas[k]);
          }
        }
        remoteAll = false;
        remoteVaCount = 0;
      }
      done = requested;
    }
  }
}
