package dev.qvm.cpu.sysreg;

/**
 * The self-hosted debug registers of the Cortex-A57 model (ARM ARM D2 and D17.3): six
 * breakpoint (DBGBVR/DBGBCR) and four watchpoint (DBGWVR/DBGWCR) register pairs, as
 * ID_AA64DFR0_EL1 says (BRPs = 5, WRPs = 3), plus the claim tags, DBGPRCR and the read-only
 * status registers. Linux's hw-breakpoint code resets all of them at boot. They are storage for
 * now: the breakpoints do not fire (the GDB stub uses its own).
 */
final class DebugRegisters {
  static final int BREAKPOINTS = 6;
  static final int WATCHPOINTS = 4;

  private static final int MDRAR_EL1 = (2 << 14) | (0 << 11) | (1 << 7) | (0 << 3) | 0;
  private static final int DBGPRCR_EL1 = (2 << 14) | (0 << 11) | (1 << 7) | (4 << 3) | 4;
  private static final int DBGCLAIMSET_EL1 = (2 << 14) | (0 << 11) | (7 << 7) | (8 << 3) | 6;
  private static final int DBGCLAIMCLR_EL1 = (2 << 14) | (0 << 11) | (7 << 7) | (9 << 3) | 6;
  private static final int DBGAUTHSTATUS_EL1 = (2 << 14) | (0 << 11) | (7 << 7) | (14 << 3) | 6;
  private static final int MDCCSR_EL0 = (2 << 14) | (3 << 11) | (0 << 7) | (1 << 3) | 0;
  private static final int OSDTRRX_EL1 = (2 << 14) | (0 << 11) | (0 << 7) | (0 << 3) | 2;
  private static final int OSDTRTX_EL1 = (2 << 14) | (0 << 11) | (0 << 7) | (3 << 3) | 2;
  private static final int OSECCR_EL1 = (2 << 14) | (0 << 11) | (0 << 7) | (6 << 3) | 2;

  private final long[] bvr = new long[BREAKPOINTS];
  private final long[] bcr = new long[BREAKPOINTS];
  private final long[] wvr = new long[WATCHPOINTS];
  private final long[] wcr = new long[WATCHPOINTS];
  private long claim;
  private long prcr;
  private long osdtrrx;
  private long osdtrtx;
  private long oseccr;

  void reset() {
    java.util.Arrays.fill(bvr, 0);
    java.util.Arrays.fill(bcr, 0);
    java.util.Arrays.fill(wvr, 0);
    java.util.Arrays.fill(wcr, 0);
    claim = prcr = osdtrrx = osdtrtx = oseccr = 0;
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
      case MDRAR_EL1, DBGPRCR_EL1, DBGCLAIMSET_EL1, DBGCLAIMCLR_EL1, DBGAUTHSTATUS_EL1, MDCCSR_EL0,
          OSDTRRX_EL1, OSDTRTX_EL1, OSECCR_EL1 -> true;
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
    return switch (key) {
      case MDRAR_EL1 -> 0; // no memory-mapped debug components
      case DBGPRCR_EL1 -> prcr;
      case DBGCLAIMSET_EL1 -> 0xff; // eight claim tag bits implemented
      case DBGCLAIMCLR_EL1 -> claim;
      case DBGAUTHSTATUS_EL1 -> 0xaa; // non-secure invasive and non-invasive debug implemented and enabled
      case MDCCSR_EL0 -> 0;
      case OSDTRRX_EL1 -> osdtrrx;
      case OSDTRTX_EL1 -> osdtrtx;
      default -> oseccr;
    };
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
    switch (key) {
      case DBGPRCR_EL1 -> prcr = value & 1;
      case DBGCLAIMSET_EL1 -> claim |= value & 0xff;
      case DBGCLAIMCLR_EL1 -> claim &= ~(value & 0xff);
      case OSDTRRX_EL1 -> osdtrrx = value & 0xffff_ffffL;
      case OSDTRTX_EL1 -> osdtrtx = value & 0xffff_ffffL;
      case OSECCR_EL1 -> oseccr = value & 0xffff_ffffL;
      default -> {
        return false;
      }
    }
    return true;
  }
}
