package dev.qvm.cpu.exec;

import static dev.qvm.cpu.decode.A64Decoder.*;

/**
 * ARM ARM C4.1.90 "Advanced SIMD two-register miscellaneous" (vector and scalar), integer
 * forms, and the across-lanes and scalar pairwise classes. Floating-point opcodes go to
 * {@link SimdTwoRegMiscFp}.
 */
public final class SimdTwoRegMisc {

  public static void execute(Cpu cpu, int op, int insn, long pc) {
    if (FpSimd.trapped(cpu, op, insn, pc)) {
      return;
    }
    switch (op) {
      case SIMD_2MISC -> vector(cpu, insn, pc);
      case SIMD_SCALAR_2MISC -> scalar(cpu, insn, pc);
      case SIMD_ACROSS -> SimdAcrossLanes.across(cpu, insn, pc);
      case SIMD_SCALAR_PAIR -> SimdAcrossLanes.scalarPairwise(cpu, insn, pc);
      default -> cpu.undefinedInstruction(pc);
    }
  }

  private static boolean isFp(int u, int opcode, int size) {
    return (opcode >= 0b01100 && opcode <= 0b01111 && size >= 2)
        || opcode == 0b10110 || opcode == 0b10111 || opcode >= 0b11000;
  }

  private static void vector(Cpu cpu, int insn, long pc) {
    int q = (insn >>> 30) & 1;
    int u = (insn >>> 29) & 1;
    int size = (insn >>> 22) & 3;
    int opcode = (insn >>> 12) & 31;
    if (isFp(u, opcode, size)) {
      SimdTwoRegMiscFp.vector(cpu, insn, pc);
      return;
    }
    int rn = (insn >>> 5) & 31;
    int rd = insn & 31;
    int sel = (u << 5) | opcode;
    switch (sel) {
      case 0x00, 0x20, 0x01 -> reverse(cpu, insn, pc, q, size, sel);
      case 0x02, 0x22, 0x06, 0x26 -> addLongPairwise(cpu, insn, pc, q, size, sel);
      case 0x12, 0x14, 0x32, 0x34 -> narrow(cpu, insn, pc, q, size, sel);
      case 0x33 -> shiftLeftLong(cpu, insn, pc, q, size);
      case 0x05, 0x25 -> {
        // CNT (U=0, size 0), NOT (U=1, size 0), RBIT (U=1, size 1)
        if (sel == 0x05 ? size != 0 : size > 1) {
          cpu.undefinedInstruction(pc);
          return;
        }
        long nLo = cpu.v[2 * rn];
        long nHi = q != 0 ? cpu.v[2 * rn + 1] : 0;
        long lo;
        long hi;
        if (sel == 0x05) {
          lo = byteWise(nLo, 0);
          hi = byteWise(nHi, 0);
        } else if (size == 0) {
          lo = ~nLo;
          hi = ~nHi;
        } else {
          lo = byteWise(nLo, 1);
          hi = byteWise(nHi, 1);
        }
        SimdLanes.setPair(cpu, rd, lo, q != 0 ? hi : 0);
      }
      default -> {
        if (!elementwiseAllowed(sel, size, q)) {
          cpu.undefinedInstruction(pc);
          return;
        }
        long nLo = cpu.v[2 * rn];
        long nHi = cpu.v[2 * rn + 1];
        long dLo = cpu.v[2 * rd];
        long dHi = cpu.v[2 * rd + 1];
        int elements = (8 << q) >>> size;
        int perWord = 8 >>> size;
        long lo = 0;
        long hi = 0;
        for (int e = 0; e < elements; e++) {
          long a = SimdLanes.lane(nLo, nHi, size, e);
          long d = SimdLanes.lane(dLo, dHi, size, e);
          long r = lane(cpu, sel, size, a, d);
          if (e < perWord) {
            lo = SimdLanes.insert(lo, size, e, r);
          } else {
            hi = SimdLanes.insert(hi, size, e - perWord, r);
          }
        }
        SimdLanes.setPair(cpu, rd, lo, hi);
      }
    }
  }

  private static boolean elementwiseAllowed(int sel, int size, int q) {
    boolean oneD = size == 3 && q == 0;
    return switch (sel) {
      case 0x03, 0x23, 0x07, 0x27, 0x08, 0x28, 0x09, 0x29, 0x0a, 0x0b, 0x2b -> !oneD;
      case 0x04, 0x24 -> size != 3;
      default -> false;
    };
  }

  /** Scalar forms: SUQADD/USQADD, SQABS/SQNEG, compares with zero, ABS/NEG, SQXTN/UQXTN/SQXTUN. */
  private static void scalar(Cpu cpu, int insn, long pc) {
    int u = (insn >>> 29) & 1;
    int size = (insn >>> 22) & 3;
    int opcode = (insn >>> 12) & 31;
    if (isFp(u, opcode, size)) {
      SimdTwoRegMiscFp.scalar(cpu, insn, pc);
      return;
    }
    int sel = (u << 5) | opcode;
    int rn = (insn >>> 5) & 31;
    int rd = insn & 31;
    switch (sel) {
      case 0x03, 0x23, 0x07, 0x27 -> {
        long r = lane(cpu, sel, size, SimdLanes.get(cpu, rn, size, 0), SimdLanes.get(cpu, rd, size, 0));
        SimdLanes.setLow(cpu, rd, r & SimdLanes.mask(size));
      }
      case 0x08, 0x28, 0x09, 0x29, 0x0a, 0x0b, 0x2b -> {
        if (size != 3) {
          cpu.undefinedInstruction(pc);
          return;
        }
        SimdLanes.setLow(cpu, rd, lane(cpu, sel, size, cpu.v[2 * rn], 0));
      }
      case 0x14, 0x34, 0x32 -> {
        if (size == 3) {
          cpu.undefinedInstruction(pc);
          return;
        }
        long a = SimdLanes.get(cpu, rn, size + 1, 0);
        SimdLanes.setLow(cpu, rd, narrowLane(cpu, sel, size, a) & SimdLanes.mask(size));
      }
      default -> cpu.undefinedInstruction(pc);
    }
  }

  /** One lane of the elementwise misc ops; a and d are zero-extended lane values. */
  static long lane(Cpu cpu, int sel, int size, long a, long d) {
    long sa = SimdLanes.signExtend(a, size);
    return switch (sel) {
      case 0x03 -> SimdArith.suqadd(cpu, SimdLanes.signExtend(d, size), a, size);
      case 0x23 -> SimdArith.usqadd(cpu, d, sa, size);
      case 0x04 -> size == 3 ? Long.numberOfLeadingZeros(sa ^ (sa >> 63)) - 1
          : Long.numberOfLeadingZeros(sa ^ (sa >> 63)) - 1 - (64 - (8 << size)); // CLS
      case 0x24 -> Long.numberOfLeadingZeros(a) - (64 - (8 << size)); // CLZ
      case 0x07 -> { // SQABS
        if (sa == SimdArith.signedMin(size)) {
          SimdArith.setQc(cpu);
          yield SimdArith.signedMax(size);
        }
        yield Math.abs(sa);
      }
      case 0x27 -> { // SQNEG
        if (sa == SimdArith.signedMin(size)) {
          SimdArith.setQc(cpu);
          yield SimdArith.signedMax(size);
        }
        yield -sa;
      }
      case 0x08 -> sa > 0 ? -1L : 0; // CMGT #0
      case 0x28 -> sa >= 0 ? -1L : 0; // CMGE #0
      case 0x09 -> sa == 0 ? -1L : 0; // CMEQ #0
      case 0x29 -> sa <= 0 ? -1L : 0; // CMLE #0
      case 0x0a -> sa < 0 ? -1L : 0; // CMLT #0
      case 0x0b -> Math.abs(sa);
      case 0x2b -> -sa;
      default -> throw new IllegalStateException("two-reg misc selector " + sel);
    };
  }

  /** CNT (mode 0) or RBIT (mode 1) of each byte. */
  private static long byteWise(long word, int mode) {
    long r = 0;
    for (int i = 0; i < 8; i++) {
      long b = (word >>> (8 * i)) & 0xff;
      long v = mode == 0 ? Long.bitCount(b) : (Integer.reverse((int) b) >>> 24) & 0xff;
      r |= v << (8 * i);
    }
    return r;
  }

  /** REV64, REV32, REV16: reverse the elements within each 64/32/16-bit container. */
  private static void reverse(Cpu cpu, int insn, long pc, int q, int size, int sel) {
    int container = sel == 0x00 ? 3 : sel == 0x20 ? 2 : 1; // log2 bytes
    if (size >= container) {
      cpu.undefinedInstruction(pc);
      return;
    }
    int rn = (insn >>> 5) & 31;
    long nLo = cpu.v[2 * rn];
    long nHi = cpu.v[2 * rn + 1];
    int elements = (8 << q) >>> size;
    int perContainer = 1 << (container - size);
    int perWord = 8 >>> size;
    long lo = 0;
    long hi = 0;
    for (int e = 0; e < elements; e++) {
      int src = (e & ~(perContainer - 1)) | (perContainer - 1 - (e & (perContainer - 1)));
      long v = SimdLanes.lane(nLo, nHi, size, src);
      if (e < perWord) {
        lo = SimdLanes.insert(lo, size, e, v);
      } else {
        hi = SimdLanes.insert(hi, size, e - perWord, v);
      }
    }
    SimdLanes.setPair(cpu, insn & 31, lo, hi);
  }

  /** SADDLP/UADDLP, SADALP/UADALP: adjacent pairs added into lanes of twice the width. */
  private static void addLongPairwise(Cpu cpu, int insn, long pc, int q, int size, int sel) {
    if (size == 3) {
      cpu.undefinedInstruction(pc);
      return;
    }
    boolean signed = sel < 32;
    boolean accumulate = (sel & 31) == 0x06;
    int rn = (insn >>> 5) & 31;
    int rd = insn & 31;
    long nLo = cpu.v[2 * rn];
    long nHi = cpu.v[2 * rn + 1];
    long dLo = cpu.v[2 * rd];
    long dHi = cpu.v[2 * rd + 1];
    int wide = size + 1;
    int elements = (8 << q) >>> wide;
    int perWord = 8 >>> wide;
    long lo = 0;
    long hi = 0;
    for (int e = 0; e < elements; e++) {
      long a = SimdLanes.lane(nLo, nHi, size, 2 * e);
      long b = SimdLanes.lane(nLo, nHi, size, 2 * e + 1);
      if (signed) {
        a = SimdLanes.signExtend(a, size);
        b = SimdLanes.signExtend(b, size);
      }
      long r = a + b;
      if (accumulate) {
        r += SimdLanes.lane(dLo, dHi, wide, e);
      }
      if (e < perWord) {
        lo = SimdLanes.insert(lo, wide, e, r);
      } else {
        hi = SimdLanes.insert(hi, wide, e - perWord, r);
      }
    }
    SimdLanes.setPair(cpu, rd, lo, q != 0 ? hi : 0);
  }

  /** XTN, SQXTN, UQXTN, SQXTUN (and the "2" forms into the upper half). */
  private static void narrow(Cpu cpu, int insn, long pc, int q, int size, int sel) {
    if (size == 3) {
      cpu.undefinedInstruction(pc);
      return;
    }
    int rn = (insn >>> 5) & 31;
    int rd = insn & 31;
    long nLo = cpu.v[2 * rn];
    long nHi = cpu.v[2 * rn + 1];
    int elements = 8 >>> size;
    long word = 0;
    for (int e = 0; e < elements; e++) {
      long a = SimdLanes.lane(nLo, nHi, size + 1, e);
      word = SimdLanes.insert(word, size, e, narrowLane(cpu, sel, size, a));
    }
    if (q == 0) {
      SimdLanes.setLow(cpu, rd, word);
    } else {
      cpu.v[2 * rd + 1] = word;
    }
  }

  /** One narrowed lane; a is the zero-extended wide lane. */
  static long narrowLane(Cpu cpu, int sel, int size, long a) {
    int wide = size + 1;
    return switch (sel) {
      case 0x12 -> a; // XTN
      case 0x14 -> SimdArith.satSigned(cpu, SimdLanes.signExtend(a, wide), size); // SQXTN
      case 0x34 -> SimdArith.satUnsigned(cpu, a, size); // UQXTN
      default -> SimdArith.satUnsignedOfSigned(cpu, SimdLanes.signExtend(a, wide), size); // SQXTUN
    };
  }

  /** SHLL/SHLL2: widen and shift left by the element size. */
  private static void shiftLeftLong(Cpu cpu, int insn, long pc, int q, int size) {
    if (size == 3) {
      cpu.undefinedInstruction(pc);
      return;
    }
    int rn = (insn >>> 5) & 31;
    long src = cpu.v[2 * rn + q];
    int wide = size + 1;
    int elements = 8 >>> size;
    int perWord = 8 >>> wide;
    long lo = 0;
    long hi = 0;
    for (int e = 0; e < elements; e++) {
      long r = SimdLanes.lane(src, 0, size, e) << (8 << size);
      if (e < perWord) {
        lo = SimdLanes.insert(lo, wide, e, r);
      } else {
        hi = SimdLanes.insert(hi, wide, e - perWord, r);
      }
    }
    SimdLanes.setPair(cpu, insn & 31, lo, hi);
  }

  private SimdTwoRegMisc() {}
}
