package dev.qvm.cpu.fp;

import dev.qvm.cpu.sysreg.SystemRegisters;

/**
 * IEEE 754 as the ARM ARM defines it (J1 shared pseudocode "FPUnpack", "FPRoundBase",
 * "FPProcessNaN(s)"): unpacking with FPCR.FZ input flushing (FPSR.IDC), rounding in each FPCR
 * rounding mode with tininess detected before rounding, FZ output flushing (FPSR.UFC), AHP
 * alternative half precision, default NaN (FPCR.DN), and the cumulative FPSR exception flags.
 *
 * <p>Values travel as raw bit patterns in a {@code long}; {@code fmt} is {@link #H}, {@link #S}
 * or {@link #D}. A finite value is {@code sig * 2^exp} with an integer significand; rounding
 * takes a significand with a sticky bit jammed into its least significant bit.
 */
public final class Fp {

  public static final int H = 0;
  public static final int S = 1;
  public static final int D = 2;

  /** FPCR fields. */
  public static final long FPCR_AHP = 1L << 26;
  public static final long FPCR_DN = 1L << 25;
  public static final long FPCR_FZ = 1L << 24;

  /** FPSR cumulative flags. */
  public static final long IOC = 1;
  public static final long DZC = 2;
  public static final long OFC = 4;
  public static final long UFC = 8;
  public static final long IXC = 16;
  public static final long IDC = 128;

  /** FPRounding values, as FPCR.RMode encodes the first four. */
  public static final int RN = 0;
  public static final int RP = 1;
  public static final int RM = 2;
  public static final int RZ = 3;
  public static final int RA = 4; // ties away (FRINTA, FCVTAS)
  public static final int ODD = 5; // round to odd (FCVTXN)

  /** FPType. */
  public static final int ZERO = 0;
  public static final int FINITE = 1;
  public static final int INF = 2;
  public static final int QNAN = 3;
  public static final int SNAN = 4;

  static final int[] FBITS = {10, 23, 52};
  static final int[] EBITS = {5, 8, 11};

  private Fp() {}

  public static int fbits(int fmt) {
    return FBITS[fmt];
  }

  static int bias(int fmt) {
    return (1 << (EBITS[fmt] - 1)) - 1;
  }

  static int expMax(int fmt) {
    return (1 << EBITS[fmt]) - 1;
  }

  public static int width(int fmt) {
    return 16 << fmt;
  }

  public static int sign(long bits, int fmt) {
    return (int) (bits >>> (width(fmt) - 1)) & 1;
  }

  static int expField(long bits, int fmt) {
    return (int) (bits >>> FBITS[fmt]) & expMax(fmt);
  }

  static long frac(long bits, int fmt) {
    return bits & ((1L << FBITS[fmt]) - 1);
  }

  /** The current FPCR.RMode. */
  public static int rmode(SystemRegisters sys) {
    return (int) (sys.fpcr >>> 22) & 3;
  }

  static boolean flushes(int fmt, SystemRegisters sys) {
    return fmt != H && (sys.fpcr & FPCR_FZ) != 0;
  }

  static boolean ahp(int fmt, SystemRegisters sys) {
    return fmt == H && (sys.fpcr & FPCR_AHP) != 0;
  }

  /** FPUnpack's type, flushing an input denormal to zero under FZ (FPSR.IDC). */
  public static int type(long bits, int fmt, SystemRegisters sys) {
    int e = expField(bits, fmt);
    long f = frac(bits, fmt);
    if (e == 0) {
      if (f == 0) {
        return ZERO;
      }
      if (flushes(fmt, sys)) {
        sys.fpsr |= IDC;
        return ZERO;
      }
      return FINITE;
    }
    if (e == expMax(fmt) && !ahp(fmt, sys)) {
      if (f == 0) {
        return INF;
      }
      return (f >>> (FBITS[fmt] - 1)) != 0 ? QNAN : SNAN;
    }
    return FINITE;
  }

  /** Type without FZ flushing (the AHP rule still applies to half precision). */
  public static int rawType(long bits, int fmt, SystemRegisters sys) {
    int e = expField(bits, fmt);
    long f = frac(bits, fmt);
    if (e == 0) {
      return f == 0 ? ZERO : FINITE;
    }
    if (e == expMax(fmt) && !ahp(fmt, sys)) {
      return f == 0 ? INF : (f >>> (FBITS[fmt] - 1)) != 0 ? QNAN : SNAN;
    }
    return FINITE;
  }

  /** The integer significand of a finite value (implicit bit included). */
  public static long sig(long bits, int fmt) {
    return expField(bits, fmt) == 0 ? frac(bits, fmt) : frac(bits, fmt) | (1L << FBITS[fmt]);
  }

  /** The exponent of the significand's units: value = sig * 2^exp. */
  public static int exp(long bits, int fmt) {
    return Math.max(expField(bits, fmt), 1) - bias(fmt) - FBITS[fmt];
  }

  public static long zero(int sign, int fmt) {
    return (long) sign << (width(fmt) - 1);
  }

  public static long infinity(int sign, int fmt) {
    return zero(sign, fmt) | ((long) expMax(fmt) << FBITS[fmt]);
  }

  public static long maxNormal(int sign, int fmt) {
    return zero(sign, fmt) | (((long) expMax(fmt) << FBITS[fmt]) - 1);
  }

  public static long defaultNaN(int fmt) {
    return ((long) expMax(fmt) << FBITS[fmt]) | (1L << (FBITS[fmt] - 1));
  }

  /** FPProcessNaN: quiets a signalling NaN (IOC) and applies FPCR.DN. */
  public static long processNaN(long bits, int type, int fmt, SystemRegisters sys) {
    if (type == SNAN) {
      sys.fpsr |= IOC;
      bits |= 1L << (FBITS[fmt] - 1);
    }
    return (sys.fpcr & FPCR_DN) != 0 ? defaultNaN(fmt) : bits;
  }

  /** FPProcessNaNs for two operands: signalling NaNs first, then quiet ones, first operand first. */
  public static long processNaNs(long a, int ta, long b, int tb, int fmt, SystemRegisters sys) {
    if (ta == SNAN) {
      return processNaN(a, ta, fmt, sys);
    }
    if (tb == SNAN) {
      return processNaN(b, tb, fmt, sys);
    }
    if (ta == QNAN) {
      return processNaN(a, ta, fmt, sys);
    }
    return processNaN(b, tb, fmt, sys);
  }

  /** FPProcessNaNs3 (a is FPMulAdd's addend). */
  public static long processNaNs3(long a, int ta, long b, int tb, long c, int tc, int fmt,
      SystemRegisters sys) {
    if (ta == SNAN) {
      return processNaN(a, ta, fmt, sys);
    }
    if (tb == SNAN) {
      return processNaN(b, tb, fmt, sys);
    }
    if (tc == SNAN) {
      return processNaN(c, tc, fmt, sys);
    }
    if (ta == QNAN) {
      return processNaN(a, ta, fmt, sys);
    }
    if (tb == QNAN) {
      return processNaN(b, tb, fmt, sys);
    }
    return processNaN(c, tc, fmt, sys);
  }

  /** The value to return for an invalid operation: IOC and the default NaN. */
  public static long invalid(int fmt, SystemRegisters sys) {
    sys.fpsr |= IOC;
    return defaultNaN(fmt);
  }

  /**
   * FPRoundBase: rounds {@code (-1)^sign * sig * 2^exp} (sig &gt; 0, sticky jammed into bit 0)
   * to format {@code fmt} in {@code rounding} mode, raising UFC/OFC/IXC (IOC for AHP overflow)
   * and flushing a tiny result under FZ.
   */
  public static long round(int sign, int exp, long sig, int fmt, int rounding, SystemRegisters sys) {
    int fb = FBITS[fmt];
    int emin = 1 - bias(fmt);
    int msb = 63 - Long.numberOfLeadingZeros(sig);
    int e = exp + msb;
    if (e < emin && flushes(fmt, sys)) {
      sys.fpsr |= UFC;
      return zero(sign, fmt);
    }
    int shift = Math.max(e, emin) - fb - exp;
    long mant;
    boolean roundBit;
    boolean sticky;
    if (shift <= 0) {
      mant = sig << -shift;
      roundBit = false;
      sticky = false;
    } else if (shift >= 64) {
      mant = 0;
      roundBit = false;
      sticky = true;
    } else {
      mant = sig >>> shift;
      roundBit = ((sig >>> (shift - 1)) & 1) != 0;
      sticky = (sig & ((1L << (shift - 1)) - 1)) != 0;
    }
    boolean inexact = roundBit || sticky;
    boolean up = switch (rounding) {
      case RN -> roundBit && (sticky || (mant & 1) != 0);
      case RA -> roundBit;
      case RP -> inexact && sign == 0;
      case RM -> inexact && sign != 0;
      default -> false;
    };
    if (rounding == ODD && inexact) {
      mant |= 1;
    }
    if (up) {
      mant++;
    }
    if (e < emin && inexact) {
      sys.fpsr |= UFC;
    }
    // Subnormal results have biased exponent 0; a carry into bit fb makes them normal.
    long biased = e < emin ? 0 : e + bias(fmt);
    if (biased != 0 && mant >>> (fb + 1) != 0) {
      mant >>>= 1; // the rounding carried into a new leading bit
      biased++;
    }
    boolean overflow = ahp(fmt, sys) ? biased > expMax(fmt) : biased >= expMax(fmt);
    long magnitude = overflow ? 0 : biased == 0 ? mant : ((biased - 1) << fb) + mant;
    if (ahp(fmt, sys)) {
      if (overflow) {
        sys.fpsr |= IOC;
        return zero(sign, fmt) | 0x7fff;
      }
    } else if (overflow) {
      sys.fpsr |= OFC | IXC;
      boolean toInf = switch (rounding) {
        case RN, RA -> true;
        case RP -> sign == 0;
        case RM -> sign != 0;
        default -> false;
      };
      return toInf ? infinity(sign, fmt) : maxNormal(sign, fmt);
    }
    if (inexact) {
      sys.fpsr |= IXC;
    }
    return zero(sign, fmt) | magnitude;
  }

  /** Shifts right, jamming every bit shifted out into bit 0. */
  static long shiftRightJam(long x, int n) {
    if (n <= 0) {
      return x;
    }
    if (n >= 63) {
      return x != 0 ? 1 : 0;
    }
    return (x >>> n) | ((x & ((1L << n) - 1)) != 0 ? 1 : 0);
  }

  /** The 128-bit {hi, lo} shifted right by n &gt; 0 into a long, jamming lost bits. */
  static long shiftRightJam128(long hi, long lo, int n) {
    if (n >= 128) {
      return (hi | lo) != 0 ? 1 : 0;
    }
    long r;
    boolean lost;
    if (n >= 64) {
      r = n == 64 ? hi : hi >>> (n - 64);
      lost = lo != 0 || (n > 64 && (hi & ((1L << (n - 64)) - 1)) != 0);
      if (n >= 128) {
        r = 0;
      }
    } else if (n == 0) {
      return lo;
    } else {
      r = (lo >>> n) | (hi << (64 - n));
      lost = (lo & ((1L << n) - 1)) != 0;
    }
    return r | (lost ? 1 : 0);
  }
}
