package dev.qvm.core.irq;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Mask-until-EOI for one host-owned interrupt source (a {@code pass intr gic:N[,u]}), as the QNX
 * hypervisor does (seeds, "guests中的中断"; ARCHITECTURE.md section 5): when the host interrupt
 * is forwarded to the guest the source is masked, and only the guest's deactivation of that INTID
 * (EOI with EOImode 0, ICC_DIR_EL1 with EOImode 1) unmasks it, so a guest that never EOIs stops
 * its own interrupt and no storm reaches the host. With {@code ,u} the source is unmasked as soon
 * as it is forwarded (edge sources only).
 *
 * <p>Until the guest has enabled the distributor, its CPU interface and the INTID, assertions are
 * held; after {@link #shutdown()} (PSCI SYSTEM_OFF/RESET, last vCPU off) the source stays masked.
 * An assertion while masked is counted and remembered, not lost: when the source is unmasked
 * again it is delivered once more (a level line would still be asserted; an edge would have been
 * latched by a real controller).
 *
 * <p>Forwarding raises the vGIC line and the guest's acknowledge lowers it, so the INTID works
 * whether the guest configured it edge- or level-triggered. Thread-safe; lock order is gate, then
 * controller (the controller never calls observers under its lock).
 */
public final class HostInterruptGate implements InterruptObserver {
  private static final Logger log = LoggerFactory.getLogger(HostInterruptGate.class);

  private final InterruptController controller;
  private final InterruptLine line;
  private final int intid;
  private final boolean unmaskAtOnce;
  private final InterruptStatistics stats;

  /** Who follows the gate's decisions (the {@code --trace irq} tracer). */
  private final List<InterruptObserver> observers = new CopyOnWriteArrayList<>();

  /** Forwarded and not yet deactivated: the source is masked at the host. */
  private boolean inFlight;

  /** An assertion arrived while masked and has not been delivered yet. */
  private boolean held;

  /** When the oldest held assertion happened (the statistics' clock), for the latency statistics. */
  private long heldSinceNanos;

  private boolean shutdown;

  /** {@code ,u} met an INTID the guest configured level-sensitive; warned once. */
  private boolean warnedLevel;

  /** Opens once the guest has enabled everything forwarding needs (for sources that wait). */
  private final CountDownLatch guestEnabled = new CountDownLatch(1);

  /**
   * Creates the gate and registers it with the controller.
   *
   * @param unmaskAtOnce {@code ,u}: unmask right after forwarding instead of at deactivation
   */
  public HostInterruptGate(InterruptController controller, int intid, boolean unmaskAtOnce, InterruptStatistics stats) {
    this.controller = controller;
    this.line = controller.spi(intid);
    this.intid = intid;
    this.unmaskAtOnce = unmaskAtOnce;
    this.stats = stats;
    stats.markHostOwned(intid);
    controller.addObserver(this);
  }

  /** Adds an observer of the gate's forward, hold and unmask decisions. */
  public void addObserver(InterruptObserver observer) {
    observers.add(observer);
  }

  public int intid() {
    return intid;
  }

  /** The host interrupt fired (the backend's thread). */
  public synchronized void assertHost() {
    long now = stats.now();
    stats.hostRaised(intid);
    if (masked()) {
      if (!held) {
        held = true;
        heldSinceNanos = now;
      }
      stats.heldWhileMasked(intid);
      if (!observers.isEmpty()) {
        String why = shutdown ? "the guest is shutting down" : inFlight ? "INTID " + intid + " is in flight until the guest deactivates it" : "the guest has not enabled INTID " + intid + " yet";
        observers.forEach(o -> o.hostHeld(intid, why));
      }
      return;
    }
    forward(false, now);
  }

  /**
   * Whether a {@code ,u} gate has forwarded to an INTID the guest configured level-sensitive
   * (and so warned that unmask-at-once is for edge sources only).
   */
  public synchronized boolean warnedUnmaskAtOnceOnLevel() {
    return warnedLevel;
  }

  /** Whether the source is masked at the host now. */
  public synchronized boolean masked() {
    return shutdown || inFlight || !controller.forwardingEnabled(intid);
  }

  /**
   * Blocks until the guest has, for the first time, enabled the distributor group, a CPU
   * interface the INTID is routed to and the INTID itself (what {@link
   * InterruptController#forwardingEnabled} checks): the point where a driver would start its
   * device. Returns at once if it already has.
   */
  public void awaitGuestEnabled() throws InterruptedException {
    if (controller.forwardingEnabled(intid)) {
      guestEnabled.countDown();
    }
    guestEnabled.await();
  }

  /** The guest is shutting down: mask the source for good (seeds: masked again at shutdown). */
  public synchronized void shutdown() {
    shutdown = true;
  }

  private void forward(boolean replay, long assertedNanos) {
    if (unmaskAtOnce && !warnedLevel && !controller.edgeTriggered(intid)) {
      // QNX allows ",u" for edge sources only: a level source unmasked while still asserted
      // interrupts the host again at once, the storm mask-until-EOI prevents. qvm cannot see the
      // host line's trigger (its backends deliver assertion events), but it can see that the
      // guest's driver treats the INTID as level-sensitive (GICD_ICFGR Int_config = 0b00),
      // which says the device is.
      warnedLevel = true;
      log.warn("pass intr gic:{},u: the guest configured INTID {} level-sensitive (GICD_ICFGR); ',u' (unmask at once) is for edge-triggered sources only", intid, intid);
    }
    held = false;
    inFlight = !unmaskAtOnce;
    stats.forwarded(intid, replay, assertedNanos);
    observers.forEach(o -> o.hostForwarded(intid, inFlight));
    line.raise();
  }

  /** Delivers a held assertion if the source may be unmasked now. */
  private void releaseHeld() {
    if (held && !masked()) {
      forward(true, heldSinceNanos);
    }
  }

  @Override
  public void acknowledged(int vcpu, int intid) {
    if (intid == this.intid) {
      // The guest has taken it: the forwarded assertion is consumed (a level-configured INTID
      // must not stay pending behind the active state and be delivered twice).
      line.lower();
    }
  }

  @Override
  public synchronized void deactivated(int vcpu, int intid) {
    if (intid == this.intid) {
      if (inFlight) {
        inFlight = false; // the "physical EOI": unmask
        observers.forEach(o -> o.hostUnmasked(vcpu, intid));
      }
      releaseHeld();
    }
  }

  @Override
  public synchronized void enablesChanged() {
    if (controller.forwardingEnabled(intid)) {
      guestEnabled.countDown();
    }
    releaseHeld();
  }
}
