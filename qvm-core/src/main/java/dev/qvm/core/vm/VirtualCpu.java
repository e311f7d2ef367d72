package dev.qvm.core.vm;

/**
 * A vCPU as the VM's life cycle sees it, whatever its instruction set: the VM creates one per
 * {@code cpu} through a {@link VcpuFactory} and runs it on its own platform thread.
 */
public interface VirtualCpu extends VcpuContext {

  /** Sets the PC and X0 for the first instruction (X1..X3 become 0). */
  void setEntry(long pc, long x0);

  /** Runs on the calling thread until {@link #requestStop()}. */
  void run();

  /** Asks the vCPU to stop at its next instruction boundary; any thread. */
  void requestStop();

  /** Instructions retired so far (statistics). */
  long instructionsRetired();

  /**
   * This vCPU's exit, exception, TLB and code-page counters ({@code --stats}). Only the vCPU's
   * own thread writes them; read them once it has stopped.
   */
  dev.qvm.core.stats.VcpuCounters counters();

  /**
   * Connects the interrupt controller's CPU interface for this PE (its ICC_* registers) and
   * returns the PE's IRQ/FIQ inputs for the controller to drive.
   */
  dev.qvm.core.irq.PeSignals connectInterruptController(dev.qvm.core.irq.CpuInterface cpuInterface);

  /**
   * Wires this PE's generic timer outputs to its redistributor's PPIs: the virtual timer's level
   * interrupt to {@code virtualTimer} (PPI 27) and the EL1 physical timer's to {@code
   * physicalTimer} (PPI 30). A vCPU without a generic timer ignores this.
   */
  default void connectTimerInterrupts(dev.qvm.core.irq.InterruptLine virtualTimer, dev.qvm.core.irq.InterruptLine physicalTimer) {}

  /**
   * Stage 2 changed for [{@code ipa}, {@code ipa + size}) (a ROM device switched modes): drop
   * every cached translation and the decoded code of that range, as after TLBI IPAS2E1IS and an
   * instruction-cache invalidation. Any thread may call it: on the vCPU's own thread (the change
   * came from one of its stores) it takes effect before the next access; from another thread,
   * before the vCPU's next slice.
   */
  void invalidateStage2(long ipa, long size);

  /** A one-line description of the vCPU's state for reports: PC, EL, ESR, FAR. */
  String describeState();
}
