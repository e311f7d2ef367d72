package dev.qvm.cpu.fp;

import static dev.qvm.cpu.fp.Fp.*;

import dev.qvm.cpu.sysreg.SystemRegisters;

/**
 * Conversions of ARM ARM J1: "FPConvert" between precisions (with AHP half precision),
 * "FPToFixed" (FCVT[NPMZA][SU], saturating with IOC), "FixedToFP" (SCVTF/UCVTF) and
 * "FPRoundInt" (FRINT*).
 */
public final class FpConvert {

  private FpConvert() {}

  /** FPConvert from {@code from} to {@code to} in {@code rounding} mode. */
  public static long convert(long bits, int from, int to, int rounding, SystemRegisters sys) {
    int t = type(bits, from, sys);
    int s = sign(bits, from);
    boolean altHp = to == H && (sys.fpcr & FPCR_AHP) != 0;
    if (t >= QNAN) {
      if (altHp) {
        sys.fpsr |= IOC;
        return zero(s, H);
      }
      if (t == SNAN) {
        sys.fpsr |= IOC;
      }
      if ((sys.fpcr & FPCR_DN) != 0) {
        return defaultNaN(to);
      }
      // FPConvertNaN: sign, quiet bit set, the top fraction bits of the payload.
      int fbFrom = fbits(from);
      int fbTo = fbits(to);
      long payload = frac(bits, from) | (1L << (fbFrom - 1));
      long f = fbTo >= fbFrom ? payload << (fbTo - fbFrom) : payload >>> (fbFrom - fbTo);
      return infinity(s, to) | f;
    }
    if (t == INF) {
      if (altHp) {
        sys.fpsr |= IOC;
        return zero(s, H) | 0x7fff;
      }
      return infinity(s, to);
    }
    if (t == ZERO) {
      return zero(s, to);
    }
    return round(s, exp(bits, from), sig(bits, from), to, rounding, sys);
  }

  /**
   * FPToFixed: the value times 2^fracBits rounded to an integer of {@code intBits} (32 or 64),
   * signed or unsigned, saturating with IOC; NaN gives 0 with IOC.
   */
  public static long toFixed(long bits, int fmt, int fracBits, boolean unsigned, int intBits,
      int rounding, SystemRegisters sys) {
    int t = type(bits, fmt, sys);
    int s = sign(bits, fmt);
    if (t >= QNAN) {
      sys.fpsr |= IOC;
      return 0;
    }
    if (t == ZERO) {
      return 0;
    }
    long max = unsigned ? (intBits == 64 ? -1L : (1L << intBits) - 1) : (1L << (intBits - 1)) - 1;
    long min = unsigned ? 0 : -(1L << (intBits - 1));
    if (t == INF) {
      sys.fpsr |= IOC;
      return s != 0 ? min : max;
    }
    long m = sig(bits, fmt);
    int e = exp(bits, fmt) + fracBits;
    long mag;
    boolean inexact;
    boolean overflow = false;
    if (e >= 0) {
      if (e >= 64 || (m << e) >>> e != m) {
        overflow = true;
        mag = 0;
      } else {
        mag = m << e;
      }
      inexact = false;
    } else {
      int sh = -e;
      long q = sh >= 64 ? 0 : m >>> sh;
      boolean half = sh <= 64 && ((m >>> (sh - 1)) & 1) != 0;
      boolean sticky = sh > 64 ? m != 0 : (m & ((1L << (sh - 1)) - 1)) != 0;
      if (sh > 64) {
        half = false;
      }
      inexact = half || sticky;
      boolean up = switch (rounding) {
        case RN -> half && (sticky || (q & 1) != 0);
        case RA -> half;
        case RP -> inexact && s == 0;
        case RM -> inexact && s != 0;
        default -> false;
      };
      mag = q + (up ? 1 : 0);
    }
    long result = 0;
    if (!overflow) {
      if (s == 0) {
        if (Long.compareUnsigned(mag, max) > 0) {
          overflow = true;
        } else {
          result = mag;
        }
      } else {
        if (mag == 0) {
          result = 0;
        } else if (unsigned || Long.compareUnsigned(mag, -min) > 0) {
          overflow = true;
        } else {
          result = -mag;
        }
      }
    }
    if (overflow) {
      sys.fpsr |= IOC;
      return s != 0 ? min : max;
    }
    if (inexact) {
      sys.fpsr |= IXC;
    }
    return result;
  }

  /** FixedToFP: the integer (signed or unsigned 64-bit pattern) times 2^-fracBits, rounded. */
  public static long fromFixed(long value, boolean unsigned, int fracBits, int fmt, int rounding,
      SystemRegisters sys) {
    if (value == 0) {
      return zero(0, fmt);
    }
    int s = 0;
    long mag = value;
    if (!unsigned && value < 0) {
      s = 1;
      mag = -value; // Long.MIN_VALUE stays 2^63 read as unsigned
    }
    return round(s, -fracBits, mag, fmt, rounding, sys);
  }

  /** FPRoundInt: round to an integral value; {@code exact} (FRINTX) raises IXC when it changes. */
  public static long roundInt(long bits, int fmt, int rounding, boolean exact, SystemRegisters sys) {
    int t = type(bits, fmt, sys);
    int s = sign(bits, fmt);
    if (t >= QNAN) {
      return processNaN(bits, t, fmt, sys);
    }
    if (t == INF) {
      return infinity(s, fmt);
    }
    if (t == ZERO) {
      return zero(s, fmt);
    }
    int e = exp(bits, fmt);
    if (e >= 0) {
      return bits; // already integral
    }
    long m = sig(bits, fmt);
    int sh = -e;
    long q = sh >= 64 ? 0 : m >>> sh;
    boolean half = sh <= 64 && ((m >>> (sh - 1)) & 1) != 0;
    boolean sticky = sh > 64 ? m != 0 : (m & ((1L << (sh - 1)) - 1)) != 0;
    if (sh > 64) {
      half = false;
    }
    boolean inexact = half || sticky;
    boolean up = switch (rounding) {
      case RN -> half && (sticky || (q & 1) != 0);
      case RA -> half;
      case RP -> inexact && s == 0;
      case RM -> inexact && s != 0;
      default -> false;
    };
    q += up ? 1 : 0;
    if (exact && inexact) {
      sys.fpsr |= IXC;
    }
    if (q == 0) {
      return zero(s, fmt);
    }
    // An integer below 2^(fbits+1) is exactly representable: no flags from this rounding.
    long saved = sys.fpsr;
    long r = round(s, 0, q, fmt, RZ, sys);
    sys.fpsr = saved;
    return r;
  }
}
