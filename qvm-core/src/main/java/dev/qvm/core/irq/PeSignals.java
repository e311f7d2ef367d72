package dev.qvm.core.irq;

/**
 * The interrupt inputs of one PE (the IRQ and FIQ signals), driven by the interrupt controller
 * from any thread. The CPU takes the exception at an instruction boundary when PSTATE allows.
 */
public interface PeSignals {
  void setIrq(boolean asserted);

  void setFiq(boolean asserted);
}
