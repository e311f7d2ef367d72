package dev.qvm.core.irq;

/**
 * The GICv3 CPU interface of one PE as its system registers reach it (ICC_*_EL1, GIC
 * architecture specification IHI 0069, chapter 12). The CPU module calls it for MRS/MSR of
 * registers it does not know itself, so it needs no knowledge of the GIC.
 */
public interface CpuInterface {

  /**
   * Whether {@code key} names an ICC register this interface implements. The key is the
   * register's encoding {@code op0:op1:CRn:CRm:op2} as 16 bits (bits [20:5] of MRS/MSR).
   */
  boolean handles(int key);

  /** MRS of an ICC register (a read of ICC_IAR1_EL1 acknowledges an interrupt). */
  long read(int key);

  /** MSR of an ICC register (ICC_EOIR1_EL1, ICC_SGI1R_EL1, ...). */
  void write(int key, long value);
}
