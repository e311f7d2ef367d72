package dev.qvm.cpu.exec;

/**
 * Arithmetic shared by the data-processing groups, as the ARM ARM pseudocode defines it:
 * AddWithCarry() with its NZCV result, DecodeBitMasks(), shifts and extends (ARM ARM J1
 * "shared/functions").
 */
public final class Alu {

  /** NZCV bit positions as PSTATE holds them. */
  static final int N = 1 << 31;

  static final int Z = 1 << 30;
  static final int C = 1 << 29;
  static final int V = 1 << 28;

  /**
   * AddWithCarry(x, y, carry_in) for {@code sf} = 1 (64-bit) or 0 (32-bit); when {@code setFlags}
   * it writes PSTATE.NZCV. Returns the result (zero-extended for 32 bits).
   */
  static long addWithCarry(Cpu cpu, int sf, long x, long y, int carryIn, boolean setFlags) {
    if (setFlags) {
      cpu.deferAddFlags(sf, x, y, carryIn); // computed when read (Cpu.nzcv)
    }
    if (sf != 0) {
      return x + y + carryIn;
    }
    return (x + y + carryIn) & 0xffff_ffffL;
  }

  /** The NZCV that AddWithCarry(x, y, carryIn) at {@code sf} (1: 64-bit) sets (ARM ARM J1). */
  static int addFlags(int sf, long x, long y, int carryIn) {
    if (sf != 0) {
      long r = x + y + carryIn;
      // Unsigned carry out of bit 63: compare the full sums in unsigned arithmetic.
      long s1 = x + y;
      boolean c = Long.compareUnsigned(s1, x) < 0 || Long.compareUnsigned(r, s1) < 0;
      boolean v = ((x ^ r) & (y ^ r)) < 0;
      return (r < 0 ? N : 0) | (r == 0 ? Z : 0) | (c ? C : 0) | (v ? V : 0);
    }
    long ux = x & 0xffff_ffffL;
    long uy = y & 0xffff_ffffL;
    long usum = ux + uy + carryIn;
    int r = (int) usum;
    long ssum = (long) (int) x + (long) (int) y + carryIn;
    boolean c = (usum >>> 32) != 0;
    boolean v = ssum != r;
    return (r < 0 ? N : 0) | (r == 0 ? Z : 0) | (c ? C : 0) | (v ? V : 0);
  }

  /** PSTATE.C as 0 or 1. */
  static int carry(Cpu cpu) {
    return (cpu.nzcv() >>> 29) & 1;
  }

  /** NZ from a logical result, C and V cleared (ANDS, BICS, TST). */
  static void setLogicalFlags(Cpu cpu, int sf, long result) {
    boolean neg = sf != 0 ? result < 0 : (int) result < 0;
    boolean zero = sf != 0 ? result == 0 : (int) result == 0;
    cpu.setNzcv((neg ? N : 0) | (zero ? Z : 0));
  }

  /** ShiftReg(): LSL, LSR, ASR, ROR by {@code amount} within the register width. */
  static long shift(int sf, long value, int type, int amount) {
    if (sf != 0) {
      return switch (type) {
        case 0 -> value << amount;
        case 1 -> value >>> amount;
        case 2 -> value >> amount;
        default -> Long.rotateRight(value, amount);
      };
    }
    int w = (int) value;
    int r =
        switch (type) {
          case 0 -> w << amount;
          case 1 -> w >>> amount;
          case 2 -> w >> amount;
          default -> Integer.rotateRight(w, amount);
        };
    return r & 0xffff_ffffL;
  }

  /** ExtendReg(): UXTB..SXTX of {@code value} then a left shift of 0..4. */
  static long extend(long value, int option, int shift) {
    long v =
        switch (option) {
          case 0 -> value & 0xffL;
          case 1 -> value & 0xffffL;
          case 2 -> value & 0xffff_ffffL;
          case 3 -> value;
          case 4 -> (byte) value;
          case 5 -> (short) value;
          case 6 -> (int) value;
          default -> value;
        };
    return v << shift;
  }

  /** Replicate(): copies the low {@code esize} bits across 64 bits. */
  static long replicate(long element, int esize) {
    long r = element;
    for (int size = esize; size < 64; size *= 2) {
      r |= r << size;
    }
    return r;
  }

  /** Ones(n) for n in 0..64. */
  static long ones(int n) {
    return n >= 64 ? -1L : (1L << n) - 1;
  }

  /** ROR within an {@code esize}-bit element. */
  static long rorElement(long value, int amount, int esize) {
    if (amount == 0) {
      return value;
    }
    long mask = ones(esize);
    return ((value >>> amount) | (value << (esize - amount))) & mask;
  }

  /**
   * DecodeBitMasks() (ARM ARM J1) for every N:immr:imms, computed once: {@code WMASK[i]} and
   * {@code TMASK[i]} for index {@code i = N << 12 | immr << 6 | imms}, with validity bits so that
   * executing a logical-immediate or bitfield instruction is two array loads, not a loop.
   */
  private static final long[] WMASK = new long[1 << 13];

  private static final long[] TMASK = new long[1 << 13];

  /** Bit 0: valid for bitfield (immediate = FALSE); bit 1: valid for logical immediates. */
  private static final byte[] VALID = new byte[1 << 13];

  static {
    for (int i = 0; i < (1 << 13); i++) {
      int n = i >>> 12;
      int immr = (i >>> 6) & 0x3f;
      int imms = i & 0x3f;
      int combined = (n << 6) | (~imms & 0x3f);
      if (combined == 0) {
        continue;
      }
      int len = 31 - Integer.numberOfLeadingZeros(combined);
      if (len < 1) {
        continue;
      }
      int levels = (1 << len) - 1;
      int s = imms & levels;
      int r = immr & levels;
      int d = (s - r) & levels;
      int esize = 1 << len;
      WMASK[i] = replicate(rorElement(ones(s + 1), r, esize), esize);
      TMASK[i] = replicate(ones(d + 1), esize);
      VALID[i] = (byte) (1 | ((imms & levels) == levels ? 0 : 2));
    }
  }

  /**
   * DecodeBitMasks(): writes {wmask, tmask} for a 64-bit register to {@code out} and returns
   * true, or returns false when the encoding is reserved (the instruction is UNDEFINED).
   */
  static boolean decodeBitMasks(int n, int imms, int immr, boolean immediate, long[] out) {
    int i = (n << 12) | (immr << 6) | imms;
    if ((VALID[i] & (immediate ? 2 : 1)) == 0) {
      return false;
    }
    out[0] = WMASK[i];
    out[1] = TMASK[i];
    return true;
  }

  private Alu() {}
}
