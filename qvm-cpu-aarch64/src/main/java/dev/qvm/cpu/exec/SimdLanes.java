package dev.qvm.cpu.exec;

/**
 * Lane access to the SIMD&amp;FP registers (ARM ARM A1.4.x "Vector formats"): register n's 128
 * bits are {@code cpu.v[2n]} (bits [63:0]) and {@code cpu.v[2n + 1]} (bits [127:64]); a lane of
 * {@code 8 << size} bits at {@code index} is little-endian within that pair. Vector results are
 * built in locals and written with {@link #setPair}, so a destination that is also a source reads
 * its old value throughout, as the pseudocode's V[] reads-before-writes do.
 */
public final class SimdLanes {

  /** Lane {@code index} of {@code 8 << size} bits of a 128-bit value {lo, hi}, zero-extended. */
  public static long lane(long lo, long hi, int size, int index) {
    int bit = index << (3 + size);
    long word = bit < 64 ? lo : hi;
    if (size == 3) {
      return word;
    }
    return (word >>> (bit & 63)) & ((1L << (8 << size)) - 1);
  }

  /** Lane {@code index} of V[reg], zero-extended. */
  public static long get(Cpu cpu, int reg, int size, int index) {
    return lane(cpu.v[2 * reg], cpu.v[2 * reg + 1], size, index);
  }

  /** Lane {@code index} of V[reg], sign-extended. */
  public static long getSigned(Cpu cpu, int reg, int size, int index) {
    return signExtend(get(cpu, reg, size, index), size);
  }

  /** Writes one lane of V[reg], keeping the other bits (INS, single-lane loads). */
  public static void set(Cpu cpu, int reg, int size, int index, long value) {
    int bit = index << (3 + size);
    int w = 2 * reg + (bit >>> 6);
    if (size == 3) {
      cpu.v[w] = value;
      return;
    }
    long mask = ((1L << (8 << size)) - 1) << (bit & 63);
    cpu.v[w] = (cpu.v[w] & ~mask) | ((value << (bit & 63)) & mask);
  }

  /** Places a lane value into a 64-bit word being built (lanes of a half-register). */
  public static long insert(long word, int size, int indexInWord, long value) {
    if (size == 3) {
      return value;
    }
    int shift = indexInWord << (3 + size);
    long mask = ((1L << (8 << size)) - 1) << shift;
    return (word & ~mask) | ((value << shift) & mask);
  }

  /** Writes all 128 bits of V[reg]. */
  public static void setPair(Cpu cpu, int reg, long lo, long hi) {
    cpu.v[2 * reg] = lo;
    cpu.v[2 * reg + 1] = hi;
  }

  /** Writes a scalar or 64-bit vector result: the upper 64 bits become zero (ARM ARM A1.4.x). */
  public static void setLow(Cpu cpu, int reg, long lo) {
    cpu.v[2 * reg] = lo;
    cpu.v[2 * reg + 1] = 0;
  }

  /** Sign-extends a lane of {@code 8 << size} bits. */
  public static long signExtend(long value, int size) {
    return switch (size) {
      case 0 -> (byte) value;
      case 1 -> (short) value;
      case 2 -> (int) value;
      default -> value;
    };
  }

  /** The all-ones mask of one lane. */
  public static long mask(int size) {
    return size == 3 ? -1L : (1L << (8 << size)) - 1;
  }

  /** Replicates a lane value over 64 bits. */
  public static long replicate(long value, int size) {
    long v = value & mask(size);
    for (int width = 8 << size; width < 64; width <<= 1) {
      v |= v << width;
    }
    return v;
  }

  private SimdLanes() {}
}
