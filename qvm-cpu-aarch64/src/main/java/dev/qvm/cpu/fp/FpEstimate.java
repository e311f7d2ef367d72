package dev.qvm.cpu.fp;

import static dev.qvm.cpu.fp.Fp.*;

import dev.qvm.cpu.sysreg.SystemRegisters;

/**
 * The reciprocal estimates of ARM ARM J1: "RecipEstimate", "RecipSqrtEstimate",
 * "FPRecipEstimate" (FRECPE), "FPRSqrtEstimate" (FRSQRTE), "UnsignedRecipEstimate" (URECPE),
 * "UnsignedRSqrtEstimate" (URSQRTE) and "FPRecpX" (FRECPX), for single and double precision.
 */
public final class FpEstimate {

  private FpEstimate() {}

  /** RecipEstimate: a in [256, 512) is a fraction in [0.5, 1) in units of 1/512. */
  static int recipEstimate(int a) {
    a = a * 2 + 1;
    int b = (1 << 19) / a;
    return (b + 1) / 2;
  }

  /** RecipSqrtEstimate: a in [128, 512). */
  static int recipSqrtEstimate(int a) {
    if (a < 256) {
      a = a * 2 + 1;
    } else {
      a = (a >> 1) << 1;
      a = (a + 1) * 2;
    }
    int b = 512;
    while ((long) a * (b + 1) * (b + 1) < (1L << 28)) {
      b++;
    }
    return (b + 1) / 2;
  }

  /** FRECPE. */
  public static long recip(long bits, int fmt, SystemRegisters sys) {
    int t = type(bits, fmt, sys);
    int s = sign(bits, fmt);
    if (t >= QNAN) {
      return processNaN(bits, t, fmt, sys);
    }
    if (t == INF) {
      return zero(s, fmt);
    }
    if (t == ZERO) {
      sys.fpsr |= DZC;
      return infinity(s, fmt);
    }
    long magnitude = bits & ~(1L << (width(fmt) - 1));
    long tiny = fmt == D ? 0x0004_0000_0000_0000L : 0x0020_0000L; // 2^-1024, 2^-128
    long huge = fmt == D ? 0x7FD0_0000_0000_0000L : 0x7E80_0000L; // 2^1022, 2^126
    if (magnitude < tiny) {
      int rounding = rmode(sys);
      boolean toInf = rounding == RN || (rounding == RP && s == 0) || (rounding == RM && s != 0);
      sys.fpsr |= OFC | IXC;
      return toInf ? infinity(s, fmt) : maxNormal(s, fmt);
    }
    if ((sys.fpcr & FPCR_FZ) != 0 && magnitude >= huge) {
      sys.fpsr |= UFC;
      return zero(s, fmt);
    }
    int fb = fbits(fmt);
    int exp = expField(bits, fmt);
    long fraction = frac(bits, fmt) << (64 - fb);
    if (exp == 0) {
      if (fraction >= 0) { // bit 63 clear
        exp = -1;
        fraction <<= 2;
      } else {
        fraction <<= 1;
      }
    }
    int scaled = (int) (0x100 | (fraction >>> 56));
    int resultExp = (fmt == D ? 2045 : 253) - exp;
    long estimate = recipEstimate(scaled);
    long f = (estimate & 0xff) << (fb - 8);
    if (resultExp == 0) {
      f = (1L << (fb - 1)) | (f >>> 1);
    } else if (resultExp == -1) {
      f = (1L << (fb - 2)) | (f >>> 2);
      resultExp = 0;
    }
    return zero(s, fmt) | ((long) resultExp << fb) | f;
  }

  /** FRSQRTE. */
  public static long rsqrt(long bits, int fmt, SystemRegisters sys) {
    int t = type(bits, fmt, sys);
    int s = sign(bits, fmt);
    if (t >= QNAN) {
      return processNaN(bits, t, fmt, sys);
    }
    if (t == ZERO) {
      sys.fpsr |= DZC;
      return infinity(s, fmt);
    }
    if (s != 0) {
      return invalid(fmt, sys);
    }
    if (t == INF) {
      return zero(0, fmt);
    }
    int fb = fbits(fmt);
    int exp = expField(bits, fmt);
    long fraction = frac(bits, fmt) << (64 - fb);
    if (exp == 0) {
      while (fraction >= 0) {
        fraction <<= 1;
        exp--;
      }
      fraction <<= 1;
    }
    int scaled = (exp & 1) == 0 ? (int) (0x100 | (fraction >>> 56)) : (int) (0x80 | (fraction >>> 57));
    int resultExp = Math.floorDiv((fmt == D ? 3068 : 380) - exp, 2);
    long estimate = recipSqrtEstimate(scaled);
    return ((long) resultExp << fb) | ((estimate & 0xff) << (fb - 8));
  }

  /** URECPE on one 32-bit lane. */
  public static long unsignedRecip(long x) {
    if ((x & 0x8000_0000L) == 0) {
      return 0xffff_ffffL;
    }
    return (long) recipEstimate((int) (x >>> 23) & 0x1ff) << 23;
  }

  /** URSQRTE on one 32-bit lane. */
  public static long unsignedRsqrt(long x) {
    if ((x & 0xc000_0000L) == 0) {
      return 0xffff_ffffL;
    }
    return (long) recipSqrtEstimate((int) (x >>> 23) & 0x1ff) << 23;
  }

  /** FRECPX: the exponent inverted, fraction cleared. */
  public static long recpX(long bits, int fmt, SystemRegisters sys) {
    int t = type(bits, fmt, sys);
    int s = sign(bits, fmt);
    if (t >= QNAN) {
      return processNaN(bits, t, fmt, sys);
    }
    int fb = fbits(fmt);
    int exp = expField(bits, fmt);
    long e = exp == 0 ? expMax(fmt) - 1 : ~exp & expMax(fmt);
    return zero(s, fmt) | (e << fb);
  }
}
