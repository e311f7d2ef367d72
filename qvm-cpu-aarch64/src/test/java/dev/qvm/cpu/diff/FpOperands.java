package dev.qvm.cpu.diff;

import java.util.SplittableRandom;

/**
 * Operand values for FP/SIMD tests, weighted to where IEEE 754 and the ARM rules are delicate:
 * signed zeros and infinities, quiet and signalling NaNs with payloads, subnormals, the largest
 * and smallest normals, values next to the integer conversion limits and halfway cases.
 */
public final class FpOperands {

  static final long[] DOUBLES = {
    0L, 0x8000_0000_0000_0000L, 0x7FF0_0000_0000_0000L, 0xFFF0_0000_0000_0000L,
    0x7FF8_0000_0000_0000L, 0xFFF8_0000_0000_0000L, 0x7FF8_0000_0000_1234L, 0x7FF0_0000_0000_0001L,
    0xFFF4_0000_0000_5678L, 0x0000_0000_0000_0001L, 0x800F_FFFF_FFFF_FFFFL, 0x0010_0000_0000_0000L,
    0x7FEF_FFFF_FFFF_FFFFL, 0xFFEF_FFFF_FFFF_FFFFL, 0x3FF0_0000_0000_0000L, 0xBFF8_0000_0000_0000L,
    0x3FE0_0000_0000_0000L, 0x4004_0000_0000_0000L, 0x41E0_0000_0000_0000L, 0x41DF_FFFF_FFC0_0000L,
    0xC1E0_0000_0020_0000L, 0x43E0_0000_0000_0000L, 0xC3E0_0000_0000_0000L, 0x43F0_0000_0000_0000L,
    0x41EF_FFFF_FFFF_FFFFL, 0x4330_0000_0000_0001L, 0x3CA0_0000_0000_0000L, 0x0008_0000_0000_0000L,
    0x47EF_FFFF_E000_0000L, 0x3810_0000_0000_0000L, 0x3690_0000_0000_0000L, 0x40EF_FFC0_0000_0000L,
  };

  static final int[] SINGLES = {
    0, 0x8000_0000, 0x7F80_0000, 0xFF80_0000, 0x7FC0_0000, 0xFFC0_0000, 0x7FC0_1234, 0x7F80_0001,
    0xFFA0_5678, 0x0000_0001, 0x807F_FFFF, 0x0080_0000, 0x7F7F_FFFF, 0xFF7F_FFFF, 0x3F80_0000,
    0xBFC0_0000, 0x3F00_0000, 0x4F00_0000, 0xCF00_0000, 0x4EFF_FFFF, 0x5F00_0000, 0xDF00_0000,
    0x4F80_0000, 0x3380_0000, 0x0040_0000, 0x477F_E000, 0x3880_0000, 0x3300_0000, 0x4B00_0001,
  };

  static final int[] HALVES = {
    0, 0x8000, 0x7C00, 0xFC00, 0x7E00, 0xFE00, 0x7E12, 0x7C01, 0xFD23, 0x0001, 0x83FF, 0x0400,
    0x7BFF, 0xFBFF, 0x3C00, 0xBE00, 0x3800, 0x4200,
  };

  private FpOperands() {}

  /** A 64-bit value: a special double, two special singles, four halves, or random bits. */
  public static long lane64(SplittableRandom rnd) {
    return switch (rnd.nextInt(6)) {
      case 0, 1 -> nearby(rnd, DOUBLES[rnd.nextInt(DOUBLES.length)]);
      case 2, 3 -> (single(rnd) & 0xFFFF_FFFFL) | ((long) single(rnd) << 32);
      case 4 -> half(rnd) | (half(rnd) << 16) | (half(rnd) << 32) | (half(rnd) << 48);
      default -> rnd.nextInt(3) == 0 ? InitialStates.value(rnd) : rnd.nextLong();
    };
  }

  private static long nearby(SplittableRandom rnd, long v) {
    return rnd.nextInt(4) == 0 ? v + rnd.nextInt(-2, 3) : v;
  }

  static int single(SplittableRandom rnd) {
    int v = SINGLES[rnd.nextInt(SINGLES.length)];
    return switch (rnd.nextInt(6)) {
      case 0 -> v + rnd.nextInt(-2, 3);
      case 1 -> rnd.nextInt();
      case 2 -> Float.floatToRawIntBits((float) rnd.nextInt(-1000, 1000) / 8);
      default -> v;
    };
  }

  static long half(SplittableRandom rnd) {
    return rnd.nextInt(3) == 0 ? rnd.nextInt(0x10000) : HALVES[rnd.nextInt(HALVES.length)];
  }

  /** Fills V[r] (words 2r and 2r + 1). */
  static void vector(SplittableRandom rnd, long[] v, int r) {
    v[2 * r] = lane64(rnd);
    v[2 * r + 1] = rnd.nextInt(4) == 0 ? v[2 * r] : lane64(rnd);
  }

  /** FPCR: RMode, FZ, DN, AHP; each combination appears. */
  static long fpcr(SplittableRandom rnd) {
    long rmode = rnd.nextInt(4);
    long fz = rnd.nextInt(3) == 0 ? 1 : 0;
    long dn = rnd.nextInt(3) == 0 ? 1 : 0;
    long ahp = rnd.nextInt(4) == 0 ? 1 : 0;
    return (ahp << 26) | (dn << 25) | (fz << 24) | (rmode << 22);
  }
}
