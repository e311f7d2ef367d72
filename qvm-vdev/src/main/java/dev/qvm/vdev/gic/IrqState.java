package dev.qvm.vdev.gic;

/**
 * The state of one interrupt as the GICv3 keeps it (IHI 0069, 4.1 "Interrupt state machine"),
 * shared by the distributor, the redistributors and the CPU interfaces; KVM's {@code struct
 * vgic_irq} in shape. Guarded by the {@link Gicv3} lock.
 */
final class IrqState {

  final int intid;

  /** The vCPU whose redistributor holds it (SGI/PPI), or -1 for an SPI. */
  final int owner;

  /** Latched pending: set by an edge, ISPENDR or an SGI; cleared by acknowledge or ICPENDR. */
  boolean pendingLatch;

  /** The input line's level, as its source drives it. */
  boolean level;

  boolean active;

  boolean enabled;

  /** GICD_IPRIORITYR / GICR_IPRIORITYR: all 8 bits stored, the CPU interface uses 5. */
  int priority;

  /** IGROUPR: true is Group 1 (IRQ), false Group 0 (FIQ). */
  boolean group1;

  /** ICFGR: true is edge-triggered. SGIs are always edge (4.3 "Interrupt handling"). */
  boolean edge;

  /** GICD_IROUTER: Aff3 in [39:32], IRM in [31], Aff2:Aff1:Aff0 in [23:0]. */
  long route;

  IrqState(int intid, int owner) {
    this.intid = intid;
    this.owner = owner;
    this.edge = intid < 16;
  }

  /** 4.1.1: a level-sensitive interrupt is pending while its line is asserted or latched. */
  boolean pending() {
    return pendingLatch || (!edge && level);
  }

  /** GICD_IROUTER.Interrupt_Routing_Mode: 1 routes to any one participating PE. */
  boolean anyPe() {
    return (route & (1L << 31)) != 0;
  }

  /** The affinity the route names, in MPIDR_EL1's layout (Aff3 at [39:32]). */
  long routeAffinity() {
    return route & 0xff_00ff_ffffL;
  }
}
