package dev.qvm.cpu.asm;

/**
 * The logical-immediate operand ("bitmask immediate", ARM ARM C3.4.2 and the pseudocode function
 * {@code DecodeBitMasks} in J1): a run of ones, rotated within an element of 2, 4, ..., 64 bits,
 * replicated across the register. Zero and all-ones are not encodable.
 */
public final class BitmaskImmediate {

  private BitmaskImmediate() {}

  /**
   * Encodes {@code value} for a register of {@code width} bits (32 or 64).
   *
   * @return the 13-bit field {@code N:immr:imms}, or -1 if the value is not a bitmask immediate
   */
  public static int encode(long value, int width) {
    if (width == 32) {
      if ((value >>> 32) != 0 && (value >> 32) != -1L) {
        return -1;
      }
      value = (value & 0xFFFF_FFFFL) | (value << 32);
    } else if (width != 64) {
      throw new IllegalArgumentException("width must be 32 or 64: " + width);
    }
    int element = 64;
    // Smallest element size whose replication reproduces the value.
    while (element > 2) {
      int half = element / 2;
      long mask = (1L << half) - 1;
      if ((value & mask) != ((value >>> half) & mask)) {
        break;
      }
      element = half;
    }
    long elementMask = element == 64 ? -1L : (1L << element) - 1;
    long elt = value & elementMask;
    int ones = Long.bitCount(elt);
    if (ones == 0 || ones == element) {
      return -1;
    }
    long run = (1L << ones) - 1;
    for (int immr = 0; immr < element; immr++) {
      if (rotateRight(run, immr, element) == elt) {
        int imms = ((~(2 * element - 1)) & 0x3F) | (ones - 1);
        int n = element == 64 ? 1 : 0;
        if (width == 32 && n == 1) {
          return -1;
        }
        return (n << 12) | (immr << 6) | imms;
      }
    }
    return -1;
  }

  /** Whether {@code value} is encodable for a register of {@code width} bits. */
  public static boolean isEncodable(long value, int width) {
    return encode(value, width) >= 0;
  }

  /**
   * Decodes {@code N:immr:imms} to the register value (zero-extended for width 32), or throws if
   * the combination is reserved.
   */
  public static long decode(int nImmrImms, int width) {
    int n = (nImmrImms >> 12) & 1;
    int immr = (nImmrImms >> 6) & 0x3F;
    int imms = nImmrImms & 0x3F;
    int combined = (n << 6) | (~imms & 0x3F);
    int len = 31 - Integer.numberOfLeadingZeros(combined);
    if (len < 1 || (width == 32 && n == 1)) {
      throw new IllegalArgumentException("reserved bitmask immediate");
    }
    int element = 1 << len;
    int levels = element - 1;
    int s = imms & levels;
    int r = immr & levels;
    if (s == levels) {
      throw new IllegalArgumentException("reserved bitmask immediate (all ones)");
    }
    long elt = rotateRight((1L << (s + 1)) - 1, r, element);
    long value = elt;
    for (int size = element; size < 64; size *= 2) {
      value |= value << size;
    }
    return width == 32 ? value & 0xFFFF_FFFFL : value;
  }

  private static long rotateRight(long x, int amount, int element) {
    if (element == 64) {
      return Long.rotateRight(x, amount);
    }
    long mask = (1L << element) - 1;
    x &= mask;
    if (amount == 0) {
      return x;
    }
    return ((x >>> amount) | (x << (element - amount))) & mask;
  }
}
