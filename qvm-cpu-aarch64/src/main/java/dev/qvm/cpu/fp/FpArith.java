package dev.qvm.cpu.fp;

import static dev.qvm.cpu.fp.Fp.*;

import dev.qvm.cpu.sysreg.SystemRegisters;
import java.math.BigInteger;

/**
 * The arithmetic of ARM ARM J1 "FPAdd", "FPSub", "FPMul", "FPMulX", "FPDiv", "FPSqrt",
 * "FPMulAdd", "FPMax/FPMin(NM)" and "FPCompare" on single and double precision bit patterns,
 * exactly rounded in the FPCR rounding mode. Every exact intermediate is an integer significand
 * (with a sticky bit) and a binary exponent, so no host rounding is involved.
 */
public final class FpArith {

  private FpArith() {}

  /** FPAdd (negate = false) and FPSub (negate = true). */
  public static long add(long a, long b, boolean negate, int fmt, SystemRegisters sys) {
    if (negate) {
      b ^= 1L << (width(fmt) - 1);
    }
    int ta = type(a, fmt, sys);
    int tb = type(b, fmt, sys);
    int sa = sign(a, fmt);
    int sb = sign(b, fmt);
    if (ta >= QNAN || tb >= QNAN) {
      if (negate) {
        b ^= 1L << (width(fmt) - 1); // the NaN operand is returned unnegated
      }
      return processNaNs(a, ta, b, tb, fmt, sys);
    }
    if (ta == INF && tb == INF && sa != sb) {
      return invalid(fmt, sys);
    }
    if (ta == INF) {
      return infinity(sa, fmt);
    }
    if (tb == INF) {
      return infinity(sb, fmt);
    }
    if (ta == ZERO && tb == ZERO) {
      return zero(sa == sb ? sa : (rmode(sys) == RM ? 1 : 0), fmt);
    }
    if (ta == ZERO) {
      return b;
    }
    if (tb == ZERO) {
      return a;
    }
    return addFinite(sa, exp(a, fmt), sig(a, fmt), sb, exp(b, fmt), sig(b, fmt), fmt, rmode(sys), sys);
  }

  /** The sum of two finite non-zero values, rounded. */
  static long addFinite(int sa, int ea, long ma, int sb, int eb, long mb, int fmt, int rounding,
      SystemRegisters sys) {
    // Normalise both significands to bit 61, leaving room for the carry of a sum.
    int na = Long.numberOfLeadingZeros(ma) - 2;
    ma <<= na;
    ea -= na;
    int nb = Long.numberOfLeadingZeros(mb) - 2;
    mb <<= nb;
    eb -= nb;
    if (ea < eb || (ea == eb && Long.compareUnsigned(ma, mb) < 0)) {
      int t = sa;
      sa = sb;
      sb = t;
      t = ea;
      ea = eb;
      eb = t;
      long m = ma;
      ma = mb;
      mb = m;
    }
    mb = shiftRightJam(mb, ea - eb);
    long m = sa == sb ? ma + mb : ma - mb;
    if (m == 0) {
      return zero(rounding == RM ? 1 : 0, fmt);
    }
    return round(sa, ea, m, fmt, rounding, sys);
  }

  /** FPMul. */
  public static long mul(long a, long b, int fmt, SystemRegisters sys) {
    return mul(a, b, fmt, sys, false);
  }

  /** FPMulX: as FPMul, but infinity times zero is 2.0 with the product's sign. */
  public static long mulx(long a, long b, int fmt, SystemRegisters sys) {
    return mul(a, b, fmt, sys, true);
  }

  private static long mul(long a, long b, int fmt, SystemRegisters sys, boolean x) {
    int ta = type(a, fmt, sys);
    int tb = type(b, fmt, sys);
    int s = sign(a, fmt) ^ sign(b, fmt);
    if (ta >= QNAN || tb >= QNAN) {
      return processNaNs(a, ta, b, tb, fmt, sys);
    }
    if ((ta == INF && tb == ZERO) || (ta == ZERO && tb == INF)) {
      if (x) {
        return zero(s, fmt) | (fmt == D ? 0x4000_0000_0000_0000L : 0x4000_0000L);
      }
      return invalid(fmt, sys);
    }
    if (ta == INF || tb == INF) {
      return infinity(s, fmt);
    }
    if (ta == ZERO || tb == ZERO) {
      return zero(s, fmt);
    }
    return mulFinite(s, exp(a, fmt) + exp(b, fmt), sig(a, fmt), sig(b, fmt), fmt, sys);
  }

  private static long mulFinite(int s, int e, long ma, long mb, int fmt, SystemRegisters sys) {
    long hi = Math.multiplyHigh(ma, mb);
    long lo = ma * mb;
    int bits = hi != 0 ? 128 - Long.numberOfLeadingZeros(hi) : 64 - Long.numberOfLeadingZeros(lo);
    int shift = Math.max(0, bits - 62);
    long m = shift == 0 ? lo : shiftRightJam128(hi, lo, shift);
    return round(s, e + shift, m, fmt, rmode(sys), sys);
  }

  /** FPDiv. */
  public static long div(long a, long b, int fmt, SystemRegisters sys) {
    int ta = type(a, fmt, sys);
    int tb = type(b, fmt, sys);
    int s = sign(a, fmt) ^ sign(b, fmt);
    if (ta >= QNAN || tb >= QNAN) {
      return processNaNs(a, ta, b, tb, fmt, sys);
    }
    if ((ta == INF && tb == INF) || (ta == ZERO && tb == ZERO)) {
      return invalid(fmt, sys);
    }
    if (ta == INF || tb == ZERO) {
      if (tb == ZERO && ta != INF) {
        sys.fpsr |= DZC;
      }
      return infinity(s, fmt);
    }
    if (ta == ZERO || tb == INF) {
      return zero(s, fmt);
    }
    long ma = sig(a, fmt);
    long mb = sig(b, fmt);
    int ea = exp(a, fmt);
    int eb = exp(b, fmt);
    int na = Long.numberOfLeadingZeros(ma) - 11;
    ma <<= na;
    ea -= na;
    int nb = Long.numberOfLeadingZeros(mb) - 11;
    mb <<= nb;
    eb -= nb;
    // Restoring division: q = floor(ma * 2^62 / mb), both significands at bit 52.
    long q = 0;
    long r = ma;
    for (int i = 0; i < 63; i++) {
      q <<= 1;
      if (r >= mb) {
        r -= mb;
        q |= 1;
      }
      r <<= 1;
    }
    q |= r != 0 ? 1 : 0;
    return round(s, ea - eb - 62, q, fmt, rmode(sys), sys);
  }

  /** FPSqrt. */
  public static long sqrt(long a, int fmt, SystemRegisters sys) {
    int ta = type(a, fmt, sys);
    int s = sign(a, fmt);
    if (ta >= QNAN) {
      return processNaN(a, ta, fmt, sys);
    }
    if (ta == ZERO) {
      return zero(s, fmt);
    }
    if (s != 0) {
      return invalid(fmt, sys);
    }
    if (ta == INF) {
      return infinity(0, fmt);
    }
    long m = sig(a, fmt);
    int e = exp(a, fmt);
    int n = Long.numberOfLeadingZeros(m) - 11; // significand to bit 52
    m <<= n;
    e -= n;
    // value = m * 2^e with m in [2^52, 2^53); make the exponent even: y = m * 2^-52 (or -51).
    int odd = (e + 52) & 1;
    double y = Math.scalb((double) m, -52 + odd); // in [1, 4), exact
    int half = (e + 52 - odd) / 2; // result = sqrt(y) * 2^half; the dividend is even
    double r = Math.sqrt(y);
    double residual = Math.fma(-r, r, y); // exact in this range
    long rs = (Double.doubleToRawLongBits(r) & ((1L << 52) - 1)) | (1L << 52);
    int re = Math.getExponent(r) - 52;
    rs <<= 9;
    re -= 9;
    if (residual > 0) {
      rs |= 1;
    } else if (residual < 0) {
      rs -= 1;
    }
    return round(0, re + half, rs, fmt, rmode(sys), sys);
  }

  /**
   * FPMulAdd: addend + op1 * op2 with one rounding ({@code negProduct}/{@code negAddend} give
   * FMSUB, FNMADD and FNMSUB).
   */
  public static long mulAdd(long addend, long op1, long op2, boolean negAddend, boolean negProduct,
      int fmt, SystemRegisters sys) {
    return mulAddScaled(addend, op1, op2, negAddend, negProduct, 0, fmt, sys);
  }

  /** FPMulAdd with the exact result multiplied by 2^scale before its one rounding. */
  static long mulAddScaled(long addend, long op1, long op2, boolean negAddend, boolean negProduct,
      int scale, int fmt, SystemRegisters sys) {
    long signBit = 1L << (width(fmt) - 1);
    // The instructions negate with FPNeg before FPMulAdd, so a NaN operand comes back negated.
    if (negAddend) {
      addend ^= signBit;
    }
    if (negProduct) {
      op1 ^= signBit;
    }
    int tA = type(addend, fmt, sys);
    int t1 = type(op1, fmt, sys);
    int t2 = type(op2, fmt, sys);
    if (tA >= QNAN || t1 >= QNAN || t2 >= QNAN) {
      long nan = processNaNs3(addend, tA, op1, t1, op2, t2, fmt, sys);
      boolean infTimesZero = (t1 == INF && t2 == ZERO) || (t1 == ZERO && t2 == INF);
      if (tA == QNAN && infTimesZero) {
        return invalid(fmt, sys);
      }
      return nan;
    }
    int sA = sign(addend, fmt);
    int sP = sign(op1, fmt) ^ sign(op2, fmt);
    boolean infP = t1 == INF || t2 == INF;
    boolean zeroP = t1 == ZERO || t2 == ZERO;
    if ((t1 == INF && t2 == ZERO) || (t1 == ZERO && t2 == INF)
        || (tA == INF && infP && sA != sP)) {
      return invalid(fmt, sys);
    }
    if (tA == INF) {
      return infinity(sA, fmt);
    }
    if (infP) {
      return infinity(sP, fmt);
    }
    if (zeroP) {
      if (tA == ZERO) {
        return zero(sA == sP ? sA : (rmode(sys) == RM ? 1 : 0), fmt);
      }
      return addend;
    }
    // Exact product and sum as big integers, then one rounding.
    BigInteger p = BigInteger.valueOf(sig(op1, fmt)).multiply(BigInteger.valueOf(sig(op2, fmt)));
    int eP = exp(op1, fmt) + exp(op2, fmt);
    if (sP != 0) {
      p = p.negate();
    }
    BigInteger sum;
    int e;
    if (tA == ZERO) {
      sum = p;
      e = eP;
    } else {
      BigInteger c = BigInteger.valueOf(sig(addend, fmt));
      if (sA != 0) {
        c = c.negate();
      }
      int eA = exp(addend, fmt);
      e = Math.min(eP, eA);
      sum = p.shiftLeft(eP - e).add(c.shiftLeft(eA - e));
    }
    if (sum.signum() == 0) {
      return zero(rmode(sys) == RM ? 1 : 0, fmt);
    }
    int s = sum.signum() < 0 ? 1 : 0;
    BigInteger mag = sum.abs();
    int excess = mag.bitLength() - 62;
    long m;
    if (excess > 0) {
      boolean lost = mag.getLowestSetBit() < excess;
      m = mag.shiftRight(excess).longValue() | (lost ? 1 : 0);
      e += excess;
    } else {
      m = mag.longValue();
    }
    return round(s, e + scale, m, fmt, rmode(sys), sys);
  }

  /** FPMax/FPMin (numberOrNaN = false) and FPMaxNum/FPMinNum (true). */
  public static long maxMin(long a, long b, boolean max, boolean numbers, int fmt,
      SystemRegisters sys) {
    int ta = type(a, fmt, sys);
    int tb = type(b, fmt, sys);
    if (numbers) {
      // FPMaxNum/FPMinNum: a single quiet NaN loses to a number.
      if (ta == QNAN && tb != QNAN && tb != SNAN) {
        a = max ? infinity(1, fmt) : infinity(0, fmt);
        ta = INF;
      } else if (tb == QNAN && ta != QNAN && ta != SNAN) {
        b = max ? infinity(1, fmt) : infinity(0, fmt);
        tb = INF;
      }
    }
    if (ta >= QNAN || tb >= QNAN) {
      return processNaNs(a, ta, b, tb, fmt, sys);
    }
    int sa = sign(a, fmt);
    int sb = sign(b, fmt);
    if (ta == ZERO && tb == ZERO) {
      // +0 is larger than -0.
      int s = max ? (sa & sb) : (sa | sb);
      return zero(s, fmt);
    }
    int c = compareOrdered(a, ta, b, tb, fmt);
    long r = (c > 0) == max ? a : b;
    if (c == 0) {
      r = a;
    }
    int tr = r == a ? ta : tb;
    if (tr == ZERO) {
      return zero(sign(r, fmt), fmt); // a flushed denormal comes back as zero
    }
    if (tr == INF) {
      return r;
    }
    // FPMax returns a rounded value: only FZ output flushing can change it, and inputs are
    // already flushed, so the value is returned as is.
    return r;
  }

  /** -1, 0 or 1 for two non-NaN values (flushed zeros compare as zero). */
  static int compareOrdered(long a, int ta, long b, int tb, int fmt) {
    int sa = sign(a, fmt);
    int sb = sign(b, fmt);
    long ka = ta == ZERO ? 0 : a & ~(1L << (width(fmt) - 1));
    long kb = tb == ZERO ? 0 : b & ~(1L << (width(fmt) - 1));
    if (ka == 0 && kb == 0) {
      return 0;
    }
    long va = sa != 0 ? -ka : ka;
    long vb = sb != 0 ? -kb : kb;
    return Long.compare(va, vb);
  }

  /**
   * FPCompare: the NZCV result (bits [31:28]) of comparing a with b; {@code signalAll} (FCMPE)
   * raises IOC for quiet NaNs too.
   */
  public static int compare(long a, long b, boolean signalAll, int fmt, SystemRegisters sys) {
    int ta = type(a, fmt, sys);
    int tb = type(b, fmt, sys);
    if (ta >= QNAN || tb >= QNAN) {
      if (signalAll || ta == SNAN || tb == SNAN) {
        sys.fpsr |= IOC;
      }
      return 0x3000_0000; // unordered: C and V
    }
    int c = compareOrdered(a, ta, b, tb, fmt);
    return c == 0 ? 0x6000_0000 : c < 0 ? 0x8000_0000 : 0x2000_0000;
  }

  /**
   * The vector compares FCMEQ/FCMGE/FCMGT (and FACGE/FACGT with absolute values): true or false;
   * any NaN gives false, with IOC for signalling NaNs (all NaNs for the ordered GE/GT).
   */
  public static boolean compareVector(long a, long b, int cond, boolean abs, int fmt,
      SystemRegisters sys) {
    int ta = type(a, fmt, sys);
    int tb = type(b, fmt, sys);
    if (ta >= QNAN || tb >= QNAN) {
      if (cond != 0 || ta == SNAN || tb == SNAN) {
        sys.fpsr |= IOC;
      }
      return false;
    }
    if (abs) {
      long m = ~(1L << (width(fmt) - 1));
      a &= m;
      b &= m;
    }
    int c = compareOrdered(a, ta, b, tb, fmt);
    return switch (cond) {
      case 0 -> c == 0;
      case 1 -> c >= 0;
      default -> c > 0;
    };
  }

  /** FPRecipStepFused (FRECPS): 2 - op1 * op2 with one rounding; infinity times zero is 2.0. */
  public static long recipStep(long op1, long op2, int fmt, SystemRegisters sys) {
    return step(op1, op2, fmt, sys, false);
  }

  /** FPRSqrtStepFused (FRSQRTS): (3 - op1 * op2) / 2 with one rounding; inf times zero is 1.5. */
  public static long rsqrtStep(long op1, long op2, int fmt, SystemRegisters sys) {
    return step(op1, op2, fmt, sys, true);
  }

  private static long step(long op1, long op2, int fmt, SystemRegisters sys, boolean rsqrt) {
    op1 ^= 1L << (width(fmt) - 1); // FPNeg(op1)
    int t1 = type(op1, fmt, sys);
    int t2 = type(op2, fmt, sys);
    if (t1 >= QNAN || t2 >= QNAN) {
      return processNaNs(op1, t1, op2, t2, fmt, sys);
    }
    long two = fmt == D ? 0x4000_0000_0000_0000L : 0x4000_0000L;
    long three = fmt == D ? 0x4008_0000_0000_0000L : 0x4040_0000L;
    long onePointFive = fmt == D ? 0x3FF8_0000_0000_0000L : 0x3FC0_0000L;
    if ((t1 == INF && t2 == ZERO) || (t1 == ZERO && t2 == INF)) {
      return rsqrt ? onePointFive : two;
    }
    if (t1 == INF || t2 == INF) {
      return infinity(sign(op1, fmt) ^ sign(op2, fmt), fmt);
    }
    if (rsqrt) {
      if (t1 == ZERO || t2 == ZERO) {
        return onePointFive;
      }
      return mulAddScaled(three, op1, op2, false, false, -1, fmt, sys);
    }
    return mulAdd(two, op1, op2, false, false, fmt, sys);
  }
}
