package dev.qvm.vdev.gic;

import dev.qvm.core.config.GicLayout;
import dev.qvm.core.irq.CpuInterface;
import dev.qvm.core.irq.InterruptController;
import dev.qvm.core.irq.InterruptLine;
import dev.qvm.core.irq.InterruptObserver;
import dev.qvm.core.irq.PeSignals;
import dev.qvm.core.memory.MmioDevice;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.IntFunction;

/**
 * The virtual GICv3 (ARM IHI 0069): distributor, one redistributor per vCPU and the CPU
 * interfaces, sharing one table of {@link IrqState}s under one lock. After every change it
 * recomputes, for each vCPU, whether a Group 1 (IRQ) or Group 0 (FIQ) interrupt can be signalled
 * and drives that PE's inputs; driving them is a volatile write and an unpark, the only call into
 * a CPU made under the lock. Observers hear of assertions, acknowledges, deactivations and enable
 * changes after the lock is released, on the thread that caused them.
 *
 * <p>The model is a GIC with a single Security state ({@code GICD_CTLR.DS == 1}), as QEMU's virt
 * board without EL3 presents it: Group 0 is signalled as FIQ, Group 1 as IRQ, affinity routing is
 * always on ({@code ARE} reads as one) and there are no LPIs.
 */
public final class Gicv3 implements InterruptController {

  /** GICD_IIDR / GICR_IIDR: ProductID 0, Variant 0, Revision 0, Implementer ARM (JEP106 0x43B). */
  static final int IIDR = 0x43B;

  final GicLayout layout;
  final int vcpuCount;
  final long[] mpidr;
  final IrqState[] spis;
  final IrqState[][] privates;
  final GicCpuInterface[] cpus;
  final PeSignals[] signals;

  /** GICD_CTLR.EnableGrp0 / EnableGrp1 (DS == 1 layout). */
  boolean enableGrp0;

  boolean enableGrp1;

  private final Distributor distributor;
  private final RedistributorRegion redistributors;
  private final InterruptLine[] spiLines;
  private final InterruptLine[][] ppiLines;
  private final List<InterruptObserver> observers = new CopyOnWriteArrayList<>();

  /** Events raised under the lock, fired by the same thread once it has released it. */
  private final List<Event> events = new ArrayList<>();

  private record Event(int kind, int vcpu, int intid) {}

  private static final int ASSERTED = 0;
  private static final int ACKNOWLEDGED = 1;
  private static final int DEACTIVATED = 2;
  private static final int ENABLES = 3;

  public Gicv3(GicLayout layout, List<Long> mpidrs) {
    this.layout = layout;
    this.vcpuCount = mpidrs.size();
    this.mpidr = mpidrs.stream().mapToLong(Long::longValue).toArray();
    this.spis = new IrqState[layout.spis()];
    for (int i = 0; i < spis.length; i++) {
      spis[i] = new IrqState(GicLayout.FIRST_SPI + i, -1);
    }
    this.privates = new IrqState[vcpuCount][32];
    this.cpus = new GicCpuInterface[vcpuCount];
    this.signals = new PeSignals[vcpuCount];
    this.ppiLines = new InterruptLine[vcpuCount][32];
    for (int c = 0; c < vcpuCount; c++) {
      for (int i = 0; i < 32; i++) {
        privates[c][i] = new IrqState(i, c);
        ppiLines[c][i] = new Line(privates[c][i]);
      }
      cpus[c] = new GicCpuInterface(this, c);
    }
    this.spiLines = new InterruptLine[spis.length];
    for (int i = 0; i < spis.length; i++) {
      spiLines[i] = new Line(spis[i]);
    }
    this.distributor = new Distributor(this);
    this.redistributors = new RedistributorRegion(this);
  }

  // ---- InterruptController ----

  @Override
  public MmioDevice distributor() {
    return distributor;
  }

  @Override
  public MmioDevice redistributors() {
    return redistributors;
  }

  @Override
  public CpuInterface cpuInterface(int vcpu) {
    return cpus[vcpu];
  }

  @Override
  public void attach(int vcpu, PeSignals pe) {
    locked(() -> signals[vcpu] = pe);
  }

  @Override
  public InterruptLine spi(int intid) {
    if (intid < GicLayout.FIRST_SPI || intid > layout.lastSpi()) {
      throw new IllegalArgumentException("INTID " + intid + " is not an SPI of this GIC (32.." + layout.lastSpi() + ")");
    }
    return spiLines[intid - GicLayout.FIRST_SPI];
  }

  @Override
  public InterruptLine ppi(int vcpu, int intid) {
    if (intid < 16 || intid > 31) {
      throw new IllegalArgumentException("INTID " + intid + " is not a PPI (16..31)");
    }
    return ppiLines[vcpu][intid];
  }

  @Override
  public boolean forwardingEnabled(int intid) {
    synchronized (this) {
      IrqState irq = intid < 32 ? privates[0][intid] : spiOrNull(intid);
      if (irq == null || !irq.enabled || !groupEnabled(irq)) {
        return false;
      }
      for (int c = 0; c < vcpuCount; c++) {
        if (targets(irq, c) && cpus[c].groupEnabled(irq.group1)) {
          return true;
        }
      }
      return false;
    }
  }

  @Override
  public boolean edgeTriggered(int intid) {
    synchronized (this) {
      IrqState irq = intid < 32 ? privates[0][intid] : spiOrNull(intid);
      return irq != null && irq.edge;
    }
  }

  @Override
  public void addObserver(InterruptObserver observer) {
    observers.add(observer);
  }

  // ---- state shared by the register frames ----

  /** The SPI with this INTID, or null for a private or unimplemented INTID. */
  IrqState spiOrNull(int intid) {
    int i = intid - GicLayout.FIRST_SPI;
    return i >= 0 && i < spis.length ? spis[i] : null;
  }

  /** The interrupt {@code intid} as vCPU {@code vcpu} sees it (its own SGIs and PPIs). */
  IrqState irq(int vcpu, int intid) {
    return intid < 32 ? (intid >= 0 ? privates[vcpu][intid] : null) : spiOrNull(intid);
  }

  /** IrqState lookup for the distributor's families: SPIs only (ARE: SGI/PPI bits are RAZ/WI). */
  IntFunction<IrqState> spiLookup() {
    return this::spiOrNull;
  }

  boolean groupEnabled(IrqState irq) {
    return irq.group1 ? enableGrp1 : enableGrp0;
  }

  /** Whether {@code irq} may be presented to vCPU {@code vcpu} (IHI 0069, 5.1 "Affinity routing"). */
  boolean targets(IrqState irq, int vcpu) {
    if (irq.owner >= 0) {
      return irq.owner == vcpu;
    }
    if (irq.anyPe()) {
      return true;
    }
    return (mpidr[vcpu] & 0xff_00ff_ffffL) == irq.routeAffinity();
  }

  /**
   * The highest-priority pending interrupt for vCPU {@code vcpu} (4.7 "Interrupt prioritization":
   * lower value first, then the lower INTID): enabled, pending, not active, its distributor group
   * enabled. Null when there is none. Caller holds the lock.
   */
  IrqState highestPending(int vcpu) {
    IrqState best = null;
    for (IrqState irq : privates[vcpu]) {
      best = better(best, irq, vcpu);
    }
    for (IrqState irq : spis) {
      best = better(best, irq, vcpu);
    }
    return best;
  }

  private IrqState better(IrqState best, IrqState irq, int vcpu) {
    if (!irq.enabled || irq.active || !irq.pending() || !groupEnabled(irq) || !targets(irq, vcpu)) {
      return best;
    }
    if (irq.owner < 0 && irq.anyPe() && !cpus[vcpu].groupEnabled(irq.group1)) {
      return best; // 1 of N: offered only to PEs that take the group
    }
    return best == null || irq.priority < best.priority ? irq : best;
  }

  /** Recomputes every PE's IRQ and FIQ inputs. Caller holds the lock. */
  void update() {
    for (int c = 0; c < vcpuCount; c++) {
      PeSignals pe = signals[c];
      if (pe == null) {
        continue;
      }
      IrqState hp = highestPending(c);
      boolean signal = hp != null && cpus[c].canPreempt(hp);
      pe.setIrq(signal && hp.group1);
      pe.setFiq(signal && !hp.group1);
    }
  }

  void asserted(int vcpu, int intid) {
    events.add(new Event(ASSERTED, vcpu, intid));
  }

  void acknowledged(int vcpu, int intid) {
    events.add(new Event(ACKNOWLEDGED, vcpu, intid));
  }

  void deactivated(int vcpu, int intid) {
    events.add(new Event(DEACTIVATED, vcpu, intid));
  }

  void enablesChanged() {
    events.add(new Event(ENABLES, -1, -1));
  }

  /** Sets or clears the active state, reporting a deactivation to the observers. */
  void setActive(IrqState irq, boolean active, int byVcpu) {
    if (irq.active && !active) {
      deactivated(byVcpu, irq.intid);
    }
    irq.active = active;
  }

  /** Runs {@code body} under the lock, recomputes the PE inputs, then fires its events. */
  long lockedRead(java.util.function.LongSupplier body) {
    List<Event> fired;
    long result;
    synchronized (this) {
      result = body.getAsLong();
      update();
      if (events.isEmpty()) {
        return result;
      }
      fired = List.copyOf(events);
      events.clear();
    }
    for (Event e : fired) {
      for (InterruptObserver o : observers) {
        switch (e.kind()) {
          case ASSERTED -> o.asserted(e.vcpu(), e.intid());
          case ACKNOWLEDGED -> o.acknowledged(e.vcpu(), e.intid());
          case DEACTIVATED -> o.deactivated(e.vcpu(), e.intid());
          default -> o.enablesChanged();
        }
      }
    }
    return result;
  }

  void locked(Runnable body) {
    lockedRead(() -> {
      body.run();
      return 0;
    });
  }

  /** The input wire of one interrupt (4.1.1: edges latch pending, levels are sampled). */
  private final class Line implements InterruptLine {
    private final IrqState irq;

    Line(IrqState irq) {
      this.irq = irq;
    }

    @Override
    public void raise() {
      locked(() -> {
        if (!irq.level) {
          irq.level = true;
          if (irq.edge) {
            irq.pendingLatch = true;
          }
          asserted(irq.owner, irq.intid);
        }
      });
    }

    @Override
    public void lower() {
      locked(() -> irq.level = false);
    }
  }
}
