package dev.qvm.cpu.exec;

import static dev.qvm.cpu.decode.A64Decoder.*;

/**
 * ARM ARM C4.1.90 "Advanced SIMD shift by immediate" and its scalar form: SSHR/USHR, SSRA/USRA,
 * SRSHR/URSHR, SRSRA/URSRA, SRI, SHL, SLI, SQSHL/UQSHL/SQSHLU (immediate), the narrowing shifts
 * (SHRN, RSHRN, SQSHRN, SQRSHRN, UQSHRN, UQRSHRN, SQSHRUN, SQRSHRUN), SSHLL/USHLL, and the
 * fixed-point conversions (SCVTF/UCVTF/FCVTZS/FCVTZU, in {@link SimdTwoRegMiscFp}).
 * The element size is the position of immh's highest set bit.
 */
public final class SimdShiftImmediate {

  public static void execute(Cpu cpu, int op, int insn, long pc) {
    if (FpSimd.trapped(cpu, op, insn, pc)) {
      return;
    }
    boolean scalar = op == SIMD_SCALAR_SHIFT_IMM;
    int q = scalar ? 1 : (insn >>> 30) & 1;
    int u = (insn >>> 29) & 1;
    int immh = (insn >>> 19) & 15;
    int immhb = (insn >>> 16) & 127;
    int opcode = (insn >>> 11) & 31;
    if (immh == 0) {
      cpu.undefinedInstruction(pc);
      return;
    }
    int size = 31 - Integer.numberOfLeadingZeros(immh);
    int esize = 8 << size;
    int rightShift = 2 * esize - immhb;
    int leftShift = immhb - esize;
    int sel = (u << 5) | opcode;
    switch (opcode) {
      case 0b00000, 0b00010, 0b00100, 0b00110, 0b01000, 0b01010, 0b01100, 0b01110 -> {
        if ((size == 3 && q == 0) || (scalar && size != 3 && opcode < 0b01100)
            || (opcode == 0b01000 && u == 0) || (opcode == 0b01100 && u == 0)) {
          cpu.undefinedInstruction(pc);
          return;
        }
        sameWidth(cpu, insn, scalar, q, size, sel, rightShift, leftShift);
      }
      case 0b10000, 0b10001, 0b10010, 0b10011 -> {
        if (size == 3 || (scalar && opcode < 0b10010 && u == 0)) {
          cpu.undefinedInstruction(pc);
          return;
        }
        narrowing(cpu, insn, scalar, q, size, sel, rightShift);
      }
      case 0b10100 -> {
        if (size == 3 || scalar) {
          cpu.undefinedInstruction(pc);
          return;
        }
        shiftLeftLong(cpu, insn, q, size, u == 0, leftShift);
      }
      case 0b11100, 0b11111 -> {
        if (size < 2 || (size == 3 && q == 0)) {
          cpu.undefinedInstruction(pc); // FP16 forms are ARMv8.2
          return;
        }
        SimdTwoRegMiscFp.fixedPoint(cpu, insn, scalar, q, size, u == 0, opcode == 0b11100, rightShift);
      }
      default -> cpu.undefinedInstruction(pc);
    }
  }

  private static void sameWidth(Cpu cpu, int insn, boolean scalar, int q, int size, int sel,
      int right, int left) {
    int rn = (insn >>> 5) & 31;
    int rd = insn & 31;
    long nLo = cpu.v[2 * rn];
    long nHi = cpu.v[2 * rn + 1];
    long dLo = cpu.v[2 * rd];
    long dHi = cpu.v[2 * rd + 1];
    int elements = scalar ? 1 : (8 << q) >>> size;
    int perWord = 8 >>> size;
    long lo = 0;
    long hi = 0;
    for (int e = 0; e < elements; e++) {
      long a = SimdLanes.lane(nLo, nHi, size, e);
      long d = SimdLanes.lane(dLo, dHi, size, e);
      long r = lane(cpu, sel, size, a, d, right, left);
      if (e < perWord) {
        lo = SimdLanes.insert(lo, size, e, r);
      } else {
        hi = SimdLanes.insert(hi, size, e - perWord, r);
      }
    }
    SimdLanes.setPair(cpu, rd, lo, scalar ? 0 : hi);
  }

  /** One lane; a and d zero-extended. */
  private static long lane(Cpu cpu, int sel, int size, long a, long d, int right, int left) {
    long sa = SimdLanes.signExtend(a, size);
    int esize = 8 << size;
    long mask = SimdLanes.mask(size);
    return switch (sel) {
      case 0x00 -> SimdArith.asr(sa, right); // SSHR
      case 0x20 -> SimdArith.lsr(a, right); // USHR
      case 0x02 -> d + SimdArith.asr(sa, right); // SSRA
      case 0x22 -> d + SimdArith.lsr(a, right); // USRA
      case 0x04 -> SimdArith.rasr(sa, right); // SRSHR
      case 0x24 -> SimdArith.rlsr(a, right); // URSHR
      case 0x06 -> d + SimdArith.rasr(sa, right); // SRSRA
      case 0x26 -> d + SimdArith.rlsr(a, right); // URSRA
      case 0x28 -> { // SRI: keep the top `right` bits of d
        long keep = right >= esize ? mask : ~(mask >>> right) & mask;
        yield (d & keep) | SimdArith.lsr(a, right);
      }
      case 0x0a -> a << left; // SHL
      case 0x2a -> (d & ((1L << left) - 1)) | (a << left); // SLI
      case 0x2c -> SimdArith.saturatingShiftLeftUnsigned(cpu, sa, left, size); // SQSHLU
      case 0x0e -> SimdArith.saturatingShiftLeft(cpu, sa, left, size, true); // SQSHL
      case 0x2e -> SimdArith.saturatingShiftLeft(cpu, a, left, size, false); // UQSHL
      default -> throw new IllegalStateException("shift selector " + sel);
    };
  }

  /** Narrowing right shifts from 2*esize to esize lanes (size is the narrow size). */
  private static void narrowing(Cpu cpu, int insn, boolean scalar, int q, int size, int sel,
      int right) {
    int rn = (insn >>> 5) & 31;
    int rd = insn & 31;
    long nLo = cpu.v[2 * rn];
    long nHi = cpu.v[2 * rn + 1];
    int wide = size + 1;
    int elements = scalar ? 1 : 8 >>> size;
    boolean round = (sel & 1) != 0;
    long word = 0;
    for (int e = 0; e < elements; e++) {
      long a = SimdLanes.lane(nLo, nHi, wide, e);
      long sa = SimdLanes.signExtend(a, wide);
      long r = switch (sel & ~1) {
        case 0x10 -> round ? SimdArith.rlsr(a, right) : SimdArith.lsr(a, right); // SHRN/RSHRN
        case 0x30 -> SimdArith.satUnsignedOfSigned(cpu, shiftSigned(sa, right, round, wide), size); // SQSHRUN
        case 0x12 -> SimdArith.satSigned(cpu, shiftSigned(sa, right, round, wide), size); // SQSHRN
        default -> SimdArith.satUnsigned(cpu, shiftUnsigned(a, right, round, wide), size); // UQSHRN
      };
      word = SimdLanes.insert(word, size, e, r);
    }
    if (scalar) {
      SimdLanes.setLow(cpu, rd, word & SimdLanes.mask(size));
    } else if (q == 0) {
      SimdLanes.setLow(cpu, rd, word);
    } else {
      cpu.v[2 * rd + 1] = word;
    }
  }

  /**
   * A right shift of a 64-bit wide lane with rounding; the 64-bit case can carry out of 64 bits
   * (a rounding shift of 0xffff...ff by 1), which saturates afterwards anyway except for the
   * unsigned case handled in {@link #shiftUnsigned}.
   */
  private static long shiftSigned(long sa, int right, boolean round, int wide) {
    return round ? SimdArith.rasr(sa, right) : SimdArith.asr(sa, right);
  }

  private static long shiftUnsigned(long a, int right, boolean round, int wide) {
    return round ? SimdArith.rlsr(a, right) : SimdArith.lsr(a, right);
  }

  /** SSHLL/USHLL (SXTL/UXTL): widen the lower or upper half and shift left. */
  private static void shiftLeftLong(Cpu cpu, int insn, int q, int size, boolean signed, int left) {
    int rn = (insn >>> 5) & 31;
    long src = cpu.v[2 * rn + q];
    int wide = size + 1;
    int elements = 8 >>> size;
    int perWord = 8 >>> wide;
    long lo = 0;
    long hi = 0;
    for (int e = 0; e < elements; e++) {
      long a = SimdLanes.lane(src, 0, size, e);
      if (signed) {
        a = SimdLanes.signExtend(a, size);
      }
      long r = a << left;
      if (e < perWord) {
        lo = SimdLanes.insert(lo, wide, e, r);
      } else {
        hi = SimdLanes.insert(hi, wide, e - perWord, r);
      }
    }
    SimdLanes.setPair(cpu, insn & 31, lo, hi);
  }

  private SimdShiftImmediate() {}
}
