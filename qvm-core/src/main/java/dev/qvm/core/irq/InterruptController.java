package dev.qvm.core.irq;

import dev.qvm.core.memory.MmioDevice;

/**
 * The VM's interrupt controller as the VM assembler wires it (ARCHITECTURE.md section 5): its
 * register windows, one CPU interface per vCPU, and the lines sources drive. Implemented by the
 * virtual GICv3 in qvm-vdev and found through {@link InterruptControllerProvider}, so the core
 * does not depend on it.
 */
public interface InterruptController {

  /** The distributor's register window (GICD_*, 64 KiB). */
  MmioDevice distributor();

  /**
   * The redistributor region: one 128 KiB RD_base + SGI_base pair per vCPU, in vCPU order
   * ({@code GicLayout.REDISTRIBUTOR_STRIDE} each).
   */
  MmioDevice redistributors();

  /** The CPU interface (ICC_* registers) of vCPU {@code vcpu}, to hand to the CPU. */
  CpuInterface cpuInterface(int vcpu);

  /** Connects the IRQ/FIQ inputs of vCPU {@code vcpu}; until then nothing is signalled to it. */
  void attach(int vcpu, PeSignals signals);

  /** The line of shared peripheral interrupt {@code intid} (32 and up). */
  InterruptLine spi(int intid);

  /** The line of private peripheral interrupt {@code intid} (16..31) on vCPU {@code vcpu}. */
  InterruptLine ppi(int vcpu, int intid);

  /**
   * Whether the guest has enabled everything an interrupt needs to reach a PE: the distributor
   * group of {@code intid}, the interrupt itself, and the group in the CPU interface of a PE it
   * is routed to (seeds: a guest's interrupts are held until it has booted and enabled them).
   */
  boolean forwardingEnabled(int intid);

  /**
   * Whether the guest configured {@code intid} edge-triggered (GICD_ICFGR/GICR_ICFGR1 Int_config
   * = 0b10; IHI 0069 12.9.9). SGIs are always edge-triggered.
   */
  boolean edgeTriggered(int intid);

  /** Adds an observer of acknowledge, deactivation and enable events. */
  void addObserver(InterruptObserver observer);
}
