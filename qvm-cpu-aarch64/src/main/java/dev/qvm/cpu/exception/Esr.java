package dev.qvm.cpu.exception;

/**
 * Exception syndrome values for ESR_EL1 (ARM ARM D17.2.37 "ESR_EL1"): exception classes and the
 * fault status codes of data and instruction aborts.
 */
public final class Esr {
  public static final int EC_UNKNOWN = 0x00;
  public static final int EC_WFX = 0x01;
  public static final int EC_FP_ACCESS = 0x07;
  public static final int EC_ILLEGAL_STATE = 0x0e;
  public static final int EC_SVC64 = 0x15;
  public static final int EC_HVC64 = 0x16;
  public static final int EC_SMC64 = 0x17;
  public static final int EC_SYSREG = 0x18;
  public static final int EC_INSN_ABORT_LOWER = 0x20;
  public static final int EC_INSN_ABORT_SAME = 0x21;
  public static final int EC_PC_ALIGNMENT = 0x22;
  public static final int EC_DATA_ABORT_LOWER = 0x24;
  public static final int EC_DATA_ABORT_SAME = 0x25;
  public static final int EC_SP_ALIGNMENT = 0x26;
  public static final int EC_SERROR = 0x2f;
  public static final int EC_BREAKPOINT_LOWER = 0x30;
  public static final int EC_SOFTWARE_STEP_LOWER = 0x32;
  public static final int EC_WATCHPOINT_LOWER = 0x34;
  public static final int EC_BRK64 = 0x3c;

  /** Fault status codes (DFSC/IFSC), without the level in bits [1:0]. */
  public static final int FSC_ADDRESS_SIZE = 0x00;

  public static final int FSC_TRANSLATION = 0x04;
  public static final int FSC_ACCESS_FLAG = 0x08;
  public static final int FSC_PERMISSION = 0x0c;
  public static final int FSC_SYNC_EXTERNAL = 0x10;
  public static final int FSC_ALIGNMENT = 0x21;

  /** ESR.WnR: the abort was caused by a write. */
  public static final int ISS_WNR = 1 << 6;

  /** ESR.CM: the abort came from a cache maintenance instruction. */
  public static final int ISS_CM = 1 << 8;

  /** ESR.S1PTW: a stage-2 fault on a stage-1 table walk. */
  public static final int ISS_S1PTW = 1 << 7;

  /** ESR value with IL=1 (a 32-bit instruction), the given class and ISS. */
  public static long of(int ec, int iss) {
    return ((long) ec << 26) | (1L << 25) | (iss & 0x1ff_ffffL);
  }

  /** The exception class field of an ESR value. */
  public static int ec(long esr) {
    return (int) (esr >>> 26) & 0x3f;
  }

  /**
   * A short name for exception class {@code ec}, after the ESR_ELx.EC table (ARM ARM D17.2.37),
   * for statistics and reports: "SVC (AArch64)", "data abort (same EL)"...
   */
  public static String className(int ec) {
    return switch (ec) {
      case EC_UNKNOWN -> "unknown reason (UNDEFINED)";
      case EC_WFX -> "WFI/WFE trapped";
      case EC_FP_ACCESS -> "FP/SIMD access trapped";
      case EC_ILLEGAL_STATE -> "illegal execution state";
      case EC_SVC64 -> "SVC (AArch64)";
      case EC_HVC64 -> "HVC (AArch64)";
      case EC_SMC64 -> "SMC (AArch64)";
      case EC_SYSREG -> "MSR/MRS/system instruction trapped";
      case EC_INSN_ABORT_LOWER -> "instruction abort (lower EL)";
      case EC_INSN_ABORT_SAME -> "instruction abort (same EL)";
      case EC_PC_ALIGNMENT -> "PC alignment fault";
      case EC_DATA_ABORT_LOWER -> "data abort (lower EL)";
      case EC_DATA_ABORT_SAME -> "data abort (same EL)";
      case EC_SP_ALIGNMENT -> "SP alignment fault";
      case EC_SERROR -> "SError";
      case EC_BREAKPOINT_LOWER -> "breakpoint (lower EL)";
      case 0x31 -> "breakpoint (same EL)";
      case EC_SOFTWARE_STEP_LOWER -> "software step (lower EL)";
      case 0x33 -> "software step (same EL)";
      case EC_WATCHPOINT_LOWER -> "watchpoint (lower EL)";
      case 0x35 -> "watchpoint (same EL)";
      case EC_BRK64 -> "BRK (AArch64)";
      default -> String.format("EC 0x%02x", ec);
    };
  }

  private Esr() {}
}
