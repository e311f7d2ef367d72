package dev.qvm.cpu.trace;

import dev.qvm.core.semihosting.SemihostingOp;
import dev.qvm.core.vm.Psci;

/** Names of hypercall function ids, PSCI results and semihosting operations, for traces. */
final class CallNames {

  private CallNames() {}

  /** Whether an SMCCC function id is a PSCI function (DEN0022: 0x84000000-1F, 0xC4000000-1F). */
  static boolean isPsci(int fid) {
    return (fid & 0xbfff_ffe0) == 0x8400_0000;
  }

  /** The PSCI function's name (DEN0022 5.1), or its id in hex. */
  static String psci(int fid) {
    return switch (fid) {
      case Psci.PSCI_VERSION -> "PSCI_VERSION";
      case Psci.CPU_SUSPEND_32, Psci.CPU_SUSPEND_64 -> "CPU_SUSPEND";
      case Psci.CPU_OFF -> "CPU_OFF";
      case Psci.CPU_ON_32, Psci.CPU_ON_64 -> "CPU_ON";
      case Psci.AFFINITY_INFO_32, Psci.AFFINITY_INFO_64 -> "AFFINITY_INFO";
      case Psci.MIGRATE_INFO_TYPE -> "MIGRATE_INFO_TYPE";
      case Psci.SYSTEM_OFF -> "SYSTEM_OFF";
      case Psci.SYSTEM_RESET -> "SYSTEM_RESET";
      case Psci.PSCI_FEATURES -> "PSCI_FEATURES";
      case Psci.SMCCC_VERSION -> "SMCCC_VERSION";
      case Psci.SMCCC_ARCH_FEATURES -> "SMCCC_ARCH_FEATURES";
      default -> String.format("0x%08x", fid);
    };
  }

  /**
   * How many of X1..X3 a PSCI function takes (DEN0022 5.1): CPU_ON and CPU_SUSPEND three,
   * AFFINITY_INFO two, PSCI_FEATURES one, CPU_OFF, SYSTEM_OFF and the queries none. Registers
   * beyond these hold whatever the caller left there, which a trace must not present as arguments.
   */
  static int psciArguments(int fid) {
    return switch (fid) {
      case Psci.CPU_ON_32, Psci.CPU_ON_64, Psci.CPU_SUSPEND_32, Psci.CPU_SUSPEND_64 -> 3;
      case Psci.AFFINITY_INFO_32, Psci.AFFINITY_INFO_64 -> 2;
      case Psci.PSCI_FEATURES -> 1;
      case Psci.PSCI_VERSION, Psci.CPU_OFF, Psci.MIGRATE_INFO_TYPE, Psci.SYSTEM_OFF, Psci.SYSTEM_RESET -> 0;
      default -> 3; // unknown to us: show what could be arguments
    };
  }

  /** A PSCI return code's name (DEN0022 5.2.2). */
  static String psciResult(long result) {
    return switch ((int) result) {
      case 0 -> "SUCCESS";
      case -1 -> "NOT_SUPPORTED";
      case -2 -> "INVALID_PARAMETERS";
      case -3 -> "DENIED";
      case -4 -> "ALREADY_ON";
      case -5 -> "ON_PENDING";
      case -6 -> "INTERNAL_FAILURE";
      case -7 -> "NOT_PRESENT";
      case -8 -> "DISABLED";
      case -9 -> "INVALID_ADDRESS";
      default -> String.format("0x%x", result);
    };
  }

  /** A semihosting operation's name (ARM's semihosting specification, 6 "Semihosting operations"). */
  static String semihosting(int op) {
    return switch (op) {
      case SemihostingOp.SYS_OPEN -> "SYS_OPEN";
      case SemihostingOp.SYS_CLOSE -> "SYS_CLOSE";
      case SemihostingOp.SYS_WRITEC -> "SYS_WRITEC";
      case SemihostingOp.SYS_WRITE0 -> "SYS_WRITE0";
      case SemihostingOp.SYS_WRITE -> "SYS_WRITE";
      case SemihostingOp.SYS_READ -> "SYS_READ";
      case SemihostingOp.SYS_READC -> "SYS_READC";
      case SemihostingOp.SYS_ISERROR -> "SYS_ISERROR";
      case SemihostingOp.SYS_ISTTY -> "SYS_ISTTY";
      case SemihostingOp.SYS_SEEK -> "SYS_SEEK";
      case SemihostingOp.SYS_FLEN -> "SYS_FLEN";
      case SemihostingOp.SYS_TMPNAM -> "SYS_TMPNAM";
      case SemihostingOp.SYS_REMOVE -> "SYS_REMOVE";
      case SemihostingOp.SYS_RENAME -> "SYS_RENAME";
      case SemihostingOp.SYS_CLOCK -> "SYS_CLOCK";
      case SemihostingOp.SYS_TIME -> "SYS_TIME";
      case SemihostingOp.SYS_SYSTEM -> "SYS_SYSTEM";
      case SemihostingOp.SYS_ERRNO -> "SYS_ERRNO";
      case SemihostingOp.SYS_GET_CMDLINE -> "SYS_GET_CMDLINE";
      case SemihostingOp.SYS_HEAPINFO -> "SYS_HEAPINFO";
      case SemihostingOp.SYS_EXIT -> "SYS_EXIT";
      case SemihostingOp.SYS_SYNCCACHE -> "SYS_SYNCCACHE";
      case SemihostingOp.SYS_EXIT_EXTENDED -> "SYS_EXIT_EXTENDED";
      case SemihostingOp.SYS_ELAPSED -> "SYS_ELAPSED";
      case SemihostingOp.SYS_TICKFREQ -> "SYS_TICKFREQ";
      default -> String.format("0x%02x", op);
    };
  }
}
