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
   * The exception class by the name ARM ARM D17.2.37 gives it (ESR_EL1.EC), for reports; the
   * classes this PE never generates are shown as their number.
   */
  public static String className(int ec) {
    return switch (ec) {
      case EC_UNKNOWN -> "Unknown reason (UNDEFINED instruction)";
      case EC_WFX -> "Trapped WFI or WFE";
      case EC_FP_ACCESS -> "Access to SIMD or floating-point trapped by CPACR_EL1.FPEN";
      case EC_ILLEGAL_STATE -> "Illegal Execution state";
      case EC_SVC64 -> "SVC in AArch64 state";
      case EC_HVC64 -> "HVC in AArch64 state";
      case EC_SMC64 -> "SMC in AArch64 state";
      case EC_SYSREG -> "Trapped MSR, MRS or System instruction";
      case EC_INSN_ABORT_LOWER -> "Instruction Abort from a lower Exception level";
      case EC_INSN_ABORT_SAME -> "Instruction Abort without a change in Exception level";
      case EC_PC_ALIGNMENT -> "PC alignment fault";
      case EC_DATA_ABORT_LOWER -> "Data Abort from a lower Exception level";
      case EC_DATA_ABORT_SAME -> "Data Abort without a change in Exception level";
      case EC_SP_ALIGNMENT -> "SP alignment fault";
      case EC_SERROR -> "SError interrupt";
      case EC_BREAKPOINT_LOWER -> "Breakpoint from a lower Exception level";
      case EC_SOFTWARE_STEP_LOWER -> "Software Step from a lower Exception level";
      case EC_WATCHPOINT_LOWER -> "Watchpoint from a lower Exception level";
      case EC_BRK64 -> "BRK in AArch64 state";
      default -> String.format("exception class 0x%02x", ec);
    };
  }

  /**
   * The fault status code of an abort (DFSC/IFSC, ARM ARM D17.2.37 "ISS encoding for an
   * exception from a Data Abort") by name, with its lookup level where it has one.
   */
  public static String faultStatusName(int fsc) {
    int level = fsc & 3;
    return switch (fsc & 0x3c) {
      case FSC_ADDRESS_SIZE -> "Address size fault, level " + level;
      case FSC_TRANSLATION -> "Translation fault, level " + level;
      case FSC_ACCESS_FLAG -> "Access flag fault, level " + level;
      case FSC_PERMISSION -> "Permission fault, level " + level;
      default ->
          switch (fsc) {
            case FSC_SYNC_EXTERNAL -> "Synchronous External abort";
            case FSC_ALIGNMENT -> "Alignment fault";
            default -> String.format("fault status 0x%02x", fsc);
          };
    };
  }

  /** The class and, for aborts, the fault status of {@code esr} in words, e.g. for a report. */
  public static String describe(long esr) {
    int ec = ec(esr);
    String name = className(ec) + String.format(" (EC 0x%02x)", ec);
    return switch (ec) {
      case EC_INSN_ABORT_LOWER, EC_INSN_ABORT_SAME, EC_DATA_ABORT_LOWER, EC_DATA_ABORT_SAME ->
          name + ", " + faultStatusName((int) esr & 0x3f) + ((ec >= EC_DATA_ABORT_LOWER && (esr & ISS_WNR) != 0) ? " on a write" : "");
      default -> name;
    };
  }

  /**
   * A short name for exception class {@code ec}, after the ESR_ELx.EC table (ARM ARM D17.2.37),
   * for statistics and reports: "SVC (AArch64)", "data abort (same EL)"...
   */
  public static String shortClassName(int ec) {
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
