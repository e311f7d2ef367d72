package dev.qvm.cpu.asm;

/**
 * A system register named by its MRS/MSR encoding {@code (op0, op1, CRn, CRm, op2)} (ARM ARM
 * C5.3, "A64 System instructions for ... system registers"; each register's own page in D17 gives
 * the numbers used below).
 */
public record SysReg(String name, int op0, int op1, int crn, int crm, int op2) {

  public static final SysReg NZCV = new SysReg("NZCV", 3, 3, 4, 2, 0);
  public static final SysReg DAIF = new SysReg("DAIF", 3, 3, 4, 2, 1);
  public static final SysReg SPSEL = new SysReg("SPSel", 3, 0, 4, 2, 0);
  public static final SysReg CURRENT_EL = new SysReg("CurrentEL", 3, 0, 4, 2, 2);
  public static final SysReg MIDR_EL1 = new SysReg("MIDR_EL1", 3, 0, 0, 0, 0);
  public static final SysReg MPIDR_EL1 = new SysReg("MPIDR_EL1", 3, 0, 0, 0, 5);
  public static final SysReg SCTLR_EL1 = new SysReg("SCTLR_EL1", 3, 0, 1, 0, 0);
  public static final SysReg CPACR_EL1 = new SysReg("CPACR_EL1", 3, 0, 1, 0, 2);
  public static final SysReg TTBR0_EL1 = new SysReg("TTBR0_EL1", 3, 0, 2, 0, 0);
  public static final SysReg TTBR1_EL1 = new SysReg("TTBR1_EL1", 3, 0, 2, 0, 1);
  public static final SysReg TCR_EL1 = new SysReg("TCR_EL1", 3, 0, 2, 0, 2);
  public static final SysReg SPSR_EL1 = new SysReg("SPSR_EL1", 3, 0, 4, 0, 0);
  public static final SysReg ELR_EL1 = new SysReg("ELR_EL1", 3, 0, 4, 0, 1);
  public static final SysReg SP_EL0 = new SysReg("SP_EL0", 3, 0, 4, 1, 0);
  public static final SysReg ESR_EL1 = new SysReg("ESR_EL1", 3, 0, 5, 2, 0);
  public static final SysReg FAR_EL1 = new SysReg("FAR_EL1", 3, 0, 6, 0, 0);
  public static final SysReg MAIR_EL1 = new SysReg("MAIR_EL1", 3, 0, 10, 2, 0);
  public static final SysReg VBAR_EL1 = new SysReg("VBAR_EL1", 3, 0, 12, 0, 0);
  public static final SysReg TPIDR_EL1 = new SysReg("TPIDR_EL1", 3, 0, 13, 0, 4);
  public static final SysReg TPIDR_EL0 = new SysReg("TPIDR_EL0", 3, 3, 13, 0, 2);
  public static final SysReg TPIDRRO_EL0 = new SysReg("TPIDRRO_EL0", 3, 3, 13, 0, 3);
  public static final SysReg CNTFRQ_EL0 = new SysReg("CNTFRQ_EL0", 3, 3, 14, 0, 0);
  public static final SysReg CNTVCT_EL0 = new SysReg("CNTVCT_EL0", 3, 3, 14, 0, 2);

  /** Validates the field widths. */
  public SysReg {
    if (op0 < 2 || op0 > 3 || (op1 & ~7) != 0 || (crn & ~15) != 0 || (crm & ~15) != 0
        || (op2 & ~7) != 0) {
      throw new IllegalArgumentException("bad system register encoding for " + name);
    }
  }

  /** Bits [20:5] of MRS/MSR (register): o0:op1:CRn:CRm:op2 with o0 = op0 - 2. */
  int fields() {
    return ((op0 - 2) << 19) | (op1 << 16) | (crn << 12) | (crm << 8) | (op2 << 5);
  }
}
