package dev.qvm.cpu.diff;

import java.util.SplittableRandom;

/**
 * Seed-derived initial register values weighted towards the edges where integer semantics go
 * wrong: zero, one, all ones, the 32- and 64-bit signed limits, values just across the 32-bit
 * boundary, shift counts around the register width. A few registers are pointers into the scratch
 * area and a few are small indices, so generated loads and stores have bases to use.
 */
public final class InitialStates {

  private static final long[] EDGES = {
    0L, 1L, -1L, 2L, -2L,
    0x7FFF_FFFFL, 0x8000_0000L, 0xFFFF_FFFFL, 0x1_0000_0000L, 0xFFFF_FFFF_8000_0000L,
    0xFFFF_FFFEL, 0x7FFF_FFFF_FFFF_FFFFL, 0x8000_0000_0000_0000L, 0x8000_0000_0000_0001L,
    0x0000_0000_0000_8000L, 0xFFFF_FFFF_FFFF_7FFFL, 0xFFL, 0x80L, 0xFFFFL,
    31L, 32L, 33L, 63L, 64L, 65L, 0xFFFF_FFE0L, 0x5555_5555_5555_5555L, 0xAAAA_AAAA_AAAA_AAAAL,
  };

  private InitialStates() {}

  /** A value drawn from the edge list, a small shift count, or random bits. */
  public static long value(SplittableRandom rnd) {
    int pick = rnd.nextInt(100);
    if (pick < 45) {
      return EDGES[rnd.nextInt(EDGES.length)];
    } else if (pick < 55) {
      return rnd.nextInt(70); // shift counts below, at and above the widths
    } else if (pick < 65) {
      return rnd.nextInt() & 0xFFFF_FFFFL; // a 32-bit value with a clear top half
    } else if (pick < 72) {
      return (long) rnd.nextInt(); // a sign-extended 32-bit value
    } else if (pick < 78) {
      return EDGES[rnd.nextInt(EDGES.length)] + rnd.nextInt(-2, 3); // near an edge
    }
    return rnd.nextLong();
  }

  /** An index register value for register-offset addressing (small, some negative as W). */
  public static long index(SplittableRandom rnd) {
    long small = rnd.nextInt(-8, 9);
    return switch (rnd.nextInt(4)) {
      case 0 -> small;
      case 1 -> small * 8;
      case 2 -> (small * 4) & 0xFFFF_FFFFL; // negative only when read as SXTW
      default -> (small * 2) | 0xABCD_0000_0000_0000L; // top half ignored by UXTW/SXTW
    };
  }

  /** x0..x30: edge values, 2-5 pointers into the scratch area, 1-3 small indices. */
  public static long[] registers(SplittableRandom rnd) {
    long[] regs = new long[31];
    for (int i = 0; i < 31; i++) {
      regs[i] = value(rnd);
    }
    int pointers = 2 + rnd.nextInt(4);
    for (int i = 0; i < pointers; i++) {
      // 16-byte aligned, well inside the area so both signs of offsets have room.
      regs[rnd.nextInt(31)] = DiffImageBuilder.SCRATCH + 16L * rnd.nextInt(8, 56);
    }
    int indices = 1 + rnd.nextInt(3);
    for (int i = 0; i < indices; i++) {
      regs[rnd.nextInt(31)] = index(rnd);
    }
    return regs;
  }

  /** NZCV in bits [31:28]. */
  public static long nzcv(SplittableRandom rnd) {
    return (long) rnd.nextInt(16) << 28;
  }

  /** The scratch area's content: random bytes with runs of edge values. */
  public static byte[] scratchFill(SplittableRandom rnd) {
    byte[] fill = new byte[DiffImageBuilder.SCRATCH_SIZE];
    for (int i = 0; i < fill.length; i += 8) {
      long v = rnd.nextInt(3) == 0 ? EDGES[rnd.nextInt(EDGES.length)] : rnd.nextLong();
      for (int b = 0; b < 8; b++) {
        fill[i + b] = (byte) (v >>> (8 * b));
      }
    }
    return fill;
  }
}
