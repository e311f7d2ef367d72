package dev.qvm.cpu.exec;

/**
 * Integer lane arithmetic shared by the Advanced SIMD groups: saturation (ARM ARM J1
 * SignedSatQ/UnsignedSatQ, which set FPSR.QC), and the shifts by a signed register amount of
 * SSHL/USHL and their saturating and rounding forms. Lane values are passed sign- or
 * zero-extended to 64 bits as the operation's signedness says.
 */
final class SimdArith {

  /** FPSR.QC, the cumulative saturation bit. */
  static final long FPSR_QC = 1L << 27;

  static void setQc(Cpu cpu) {
    cpu.sys.fpsr |= FPSR_QC;
  }

  static long signedMax(int size) {
    return size == 3 ? Long.MAX_VALUE : (1L << ((8 << size) - 1)) - 1;
  }

  static long signedMin(int size) {
    return size == 3 ? Long.MIN_VALUE : -(1L << ((8 << size) - 1));
  }

  /** SignedSatQ(value, esize) for a value that fits in 64 bits. */
  static long satSigned(Cpu cpu, long value, int size) {
    if (size == 3) {
      return value;
    }
    long max = signedMax(size);
    long min = signedMin(size);
    if (value > max) {
      setQc(cpu);
      return max;
    }
    if (value < min) {
      setQc(cpu);
      return min;
    }
    return value;
  }

  /** UnsignedSatQ(value, esize) of a signed 64-bit value. */
  static long satUnsignedOfSigned(Cpu cpu, long value, int size) {
    if (value < 0) {
      setQc(cpu);
      return 0;
    }
    if (size < 3 && value > SimdLanes.mask(size)) {
      setQc(cpu);
      return SimdLanes.mask(size);
    }
    return value;
  }

  /** UnsignedSatQ(value, esize) of an unsigned value that fits in 64 bits. */
  static long satUnsigned(Cpu cpu, long value, int size) {
    if (size < 3 && Long.compareUnsigned(value, SimdLanes.mask(size)) > 0) {
      setQc(cpu);
      return SimdLanes.mask(size);
    }
    return value;
  }

  static long sqadd(Cpu cpu, long a, long b, int size) {
    if (size == 3) {
      long r = a + b;
      if (((a ^ r) & (b ^ r)) < 0) {
        setQc(cpu);
        return a < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
      }
      return r;
    }
    return satSigned(cpu, a + b, size);
  }

  static long sqsub(Cpu cpu, long a, long b, int size) {
    if (size == 3) {
      long r = a - b;
      if (((a ^ b) & (a ^ r)) < 0) {
        setQc(cpu);
        return a < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
      }
      return r;
    }
    return satSigned(cpu, a - b, size);
  }

  static long uqadd(Cpu cpu, long a, long b, int size) {
    long r = a + b;
    if (size == 3 && Long.compareUnsigned(r, a) < 0) {
      setQc(cpu);
      return -1L;
    }
    return satUnsigned(cpu, r, size);
  }

  static long uqsub(Cpu cpu, long a, long b) {
    if (Long.compareUnsigned(a, b) < 0) {
      setQc(cpu);
      return 0;
    }
    return a - b;
  }

  /** SUQADD: signed a plus unsigned b, saturated signed. */
  static long suqadd(Cpu cpu, long a, long b, int size) {
    if (size == 3) {
      long r = a + b;
      // b is unsigned: with b < 2^63 only a >= 0 can overflow; with b >= 2^63 the true sum is
      // at least 2^63 when a >= 0, and otherwise the wrapped sum read as unsigned.
      boolean overflow = b >= 0 ? a >= 0 && r < 0 : a >= 0 || r < 0;
      if (overflow) {
        setQc(cpu);
        return Long.MAX_VALUE;
      }
      return r;
    }
    return satSigned(cpu, a + b, size);
  }

  /** USQADD: unsigned a plus signed b, saturated unsigned. */
  static long usqadd(Cpu cpu, long a, long b, int size) {
    if (size == 3) {
      long r = a + b;
      if (b >= 0) {
        if (Long.compareUnsigned(r, a) < 0) {
          setQc(cpu);
          return -1L;
        }
        return r;
      }
      if (Long.compareUnsigned(a, -b) < 0) {
        setQc(cpu);
        return 0;
      }
      return r;
    }
    return satUnsignedOfSigned(cpu, a + b, size);
  }

  static long shl(long x, int s) {
    return s >= 64 ? 0 : x << s;
  }

  static long asr(long x, int s) {
    return x >> Math.min(s, 63);
  }

  static long lsr(long x, int s) {
    return s >= 64 ? 0 : x >>> s;
  }

  /** Rounding arithmetic shift right by s &gt;= 1 (the +2^(s-1) done without overflow). */
  static long rasr(long x, int s) {
    if (s > 64) {
      return 0;
    }
    long round = (x >> (s - 1)) & 1;
    return (s == 64 ? x >> 63 : x >> s) + round;
  }

  /** Rounding logical shift right by s &gt;= 1. */
  static long rlsr(long x, int s) {
    if (s > 64) {
      return 0;
    }
    long round = (x >>> (s - 1)) & 1;
    return (s == 64 ? 0 : x >>> s) + round;
  }

  /**
   * SSHL/USHL/SRSHL/URSHL/SQSHL/UQSHL/SQRSHL/UQRSHL (register): x shifted by the signed low byte
   * of the shift lane; x is sign- or zero-extended by {@code signed}.
   */
  static long shiftByRegister(Cpu cpu, long x, long shiftLane, int size, boolean signed,
      boolean rounding, boolean saturating) {
    int shift = (byte) shiftLane;
    int esize = 8 << size;
    if (shift >= 0) {
      if (!saturating) {
        return shl(x, shift);
      }
      return saturatingShiftLeft(cpu, x, shift, size, signed);
    }
    int right = -shift;
    if (rounding) {
      if (signed) {
        return right > esize ? 0 : rasr(x, right);
      }
      return right > esize ? 0 : rlsr(x, right);
    }
    return signed ? asr(x, right) : lsr(x, right);
  }

  /** Saturating left shift by 0..127 of a signed or unsigned lane value. */
  static long saturatingShiftLeft(Cpu cpu, long x, int shift, int size, boolean signed) {
    if (x == 0) {
      return 0;
    }
    int esize = 8 << size;
    if (signed) {
      if (shift >= esize) {
        setQc(cpu);
        return x < 0 ? signedMin(size) : signedMax(size);
      }
      long r = x << shift;
      if ((r >> shift) != x || (size < 3 && (r > signedMax(size) || r < signedMin(size)))) {
        setQc(cpu);
        return x < 0 ? signedMin(size) : signedMax(size);
      }
      return r;
    }
    if (shift >= esize) {
      setQc(cpu);
      return SimdLanes.mask(size);
    }
    long r = x << shift;
    if ((r >>> shift) != x || (size < 3 && Long.compareUnsigned(r, SimdLanes.mask(size)) > 0)) {
      setQc(cpu);
      return SimdLanes.mask(size);
    }
    return r;
  }

  /** SQSHLU: signed x shifted left, saturated to unsigned. */
  static long saturatingShiftLeftUnsigned(Cpu cpu, long x, int shift, int size) {
    if (x < 0) {
      setQc(cpu);
      return 0;
    }
    return saturatingShiftLeft(cpu, x, shift, size, false);
  }

  /** SQDMULH/SQRDMULH of sign-extended 16- or 32-bit lanes. */
  static long sqdmulh(Cpu cpu, long a, long b, int size, boolean round) {
    int esize = 8 << size;
    if (a == signedMin(size) && b == signedMin(size)) {
      setQc(cpu);
      return signedMax(size);
    }
    long product = 2 * a * b;
    if (round) {
      product += 1L << (esize - 1);
    }
    return satSigned(cpu, product >> esize, size);
  }

  /** SQDMULL: 2 * a * b of sign-extended lanes, saturated to twice the width. */
  static long sqdmull(Cpu cpu, long a, long b, int size) {
    if (a == signedMin(size) && b == signedMin(size)) {
      setQc(cpu);
      return signedMax(size + 1);
    }
    return 2 * a * b;
  }

  /** Polynomial multiply of two bytes, 16-bit carry-less product. */
  static long pmul(long a, long b, int bits) {
    long r = 0;
    for (int i = 0; i < bits; i++) {
      if (((b >>> i) & 1) != 0) {
        r ^= a << i;
      }
    }
    return r;
  }

  private SimdArith() {}
}
