package dev.qvm.cpu.sysreg;

/**
 * The self-hosted debug registers of the Cortex-A57 model (ARM ARM D2 and D17.3): six
 * breakpoint (DBGBVR/DBGBCR) and four watchpoint (DBGWVR/DBGWCR) register pairs, as
 * ID_AA64DFR0_EL1 says (BRPs = 5, WRPs = 3), plus MDRAR_EL1 and MDCCSR_EL0. Linux's
 * hw-breakpoint code resets the pairs at boot. They are storage for now: the breakpoints do not
 * fire (the GDB stub uses its own).
 *
 * <p>The set is exactly what QEMU 7.2's cortex-a57 implements, because QEMU is the oracle of the
 * differential and random-word tests (issue 3). QEMU 7.2 has no OSDTRRX_EL1, OSDTRTX_EL1,
 * OSECCR_EL1 (D17.3.20-22, the external-debug transfer registers of the OS Save sequence),
 * DBGCLAIMSET_EL1, DBGCLAIMCLR_EL1 (D17.3.3-4), DBGAUTHSTATUS_EL1 (D17.3.2) or DBGPRCR_EL1
 * (D17.3.7): an MRS or MSR of any of them is UNDEFINED there (measured with a guest, EC 0x00),
 * so it is UNDEFINED here too. No OS depends on them outside an OS Save/Restore sequence or an
 * external debugger, neither of which a guest of qvm has.
 */
final class DebugRegisters {
  static final int BREAKPOINTS = 6;
  static final int WATCHPOINTS = 4;

  private static final int MDRAR_EL1 = (2 << 14) | (0 << 11) | (1 << 7) | (0 << 3) | 0;
  private static final int MDCCSR_EL0 = (2 << 14) | (3 << 11) | (0 << 7) | (1 << 3) | 0;

  private final long[] bvr = new long[BREAKPOINTS];
  private final long[] bcr = new long[BREAKPOINTS];
  private final long[] wvr = new long[WATCHPOINTS];
  private final long[] wcr = new long[WATCHPOINTS];

  void reset() {
    java.util.Arrays.fill(bvr, 0);
    java.util.Arrays.fill(bcr, 0);
    java.util.Arrays.fill(wvr, 0);
    java.util.Arrays.fill(wcr, 0);
  }

  /** DBG{B,W}{V,C}R&lt;n&gt;_EL1: op0=2, op1=0, CRn=0, CRm=n, op2=4..7. */
  private static boolean isPointRegister(int key) {
    return (key >>> 7) == (2 << 7) && (key & 7) >= 4;
  }

  static boolean handles(int key) {
    if (isPointRegister(key)) {
      int n = (key >>> 3) & 0xf;
      int op2 = key & 7;
      return op2 <= 5 ? n < BREAKPOINTS : n < WATCHPOINTS;
    }
    return switch (key) {
      case MDRAR_EL1, MDCCSR_EL0 -> true;
      default -> false;
    };
  }

  long read(int key) {
    if (isPointRegister(key)) {
      int n = (key >>> 3) & 0xf;
      return switch (key & 7) {
        case 4 -> bvr[n];
        case 5 -> bcr[n];
        case 6 -> wvr[n];
        default -> wcr[n];
      };
    }
    // MDRAR_EL1: no memory-mapped debug components; MDCCSR_EL0: the DCC is always empty.
    return 0;
  }

  /** Returns false for a write to a read-only register (the caller makes it UNDEFINED). */
  boolean write(int key, long value) {
    if (isPointRegister(key)) {
      int n = (key >>> 3) & 0xf;
      switch (key & 7) {
        case 4 -> bvr[n] = value;
        case 5 -> bcr[n] = value & 0xffff_ffffL;
        case 6 -> wvr[n] = value;
        default -> wcr[n] = value & 0xffff_ffffL;
      }
      return true;
    }
    return false; // MDRAR_EL1 and MDCCSR_EL0 are read-only
  }
}
