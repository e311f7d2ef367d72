package dev.qvm.cpu.exec;

import static dev.qvm.cpu.decode.A64Decoder.*;

/**
 * ARM ARM C4.1.90 "Advanced SIMD three same" and "Advanced SIMD scalar three same", integer
 * forms (the floating-point ones, opcode 11xxx, are in {@link SimdThreeSameFp}). The lane
 * operation is chosen by U:opcode; {@link #lane} holds the arithmetic of each.
 */
public final class SimdThreeSame {

  public static void execute(Cpu cpu, int op, int insn, long pc) {
    if (FpSimd.trapped(cpu, op, insn, pc)) {
      return;
    }
    int opcode = (insn >>> 11) & 31;
    if (opcode >= 0b11000) {
      SimdThreeSameFp.execute(cpu, op == SIMD_SCALAR_3SAME, insn, pc);
      return;
    }
    int u = (insn >>> 29) & 1;
    int size = (insn >>> 22) & 3;
    int sel = (u << 5) | opcode;
    if (op == SIMD_SCALAR_3SAME) {
      if (!scalarAllowed(opcode, size)) {
        cpu.undefinedInstruction(pc);
        return;
      }
      int rn = (insn >>> 5) & 31;
      int rm = (insn >>> 16) & 31;
      int rd = insn & 31;
      boolean signed = u == 0 || opcode == 0b10110;
      long a = signed ? SimdLanes.getSigned(cpu, rn, size, 0) : SimdLanes.get(cpu, rn, size, 0);
      long b = signed ? SimdLanes.getSigned(cpu, rm, size, 0) : SimdLanes.get(cpu, rm, size, 0);
      long r = lane(cpu, sel, size, a, b, 0, SimdLanes.get(cpu, rm, size, 0));
      SimdLanes.setLow(cpu, rd, r & SimdLanes.mask(size));
      return;
    }
    int q = (insn >>> 30) & 1;
    if (!vectorAllowed(sel, size, q)) {
      cpu.undefinedInstruction(pc);
      return;
    }
    if (opcode == 0b00011) {
      logic(cpu, insn, u, size, q);
    } else if (opcode == 0b10100 || opcode == 0b10101 || opcode == 0b10111) {
      pairwise(cpu, insn, sel, size, q);
    } else {
      elementwise(cpu, insn, sel, size, q, u == 0);
    }
  }

  private static boolean scalarAllowed(int opcode, int size) {
    return switch (opcode) {
      case 0b00001, 0b00101, 0b01001, 0b01011 -> true;
      case 0b00110, 0b00111, 0b01000, 0b01010, 0b10000, 0b10001 -> size == 3;
      case 0b10110 -> size == 1 || size == 2;
      default -> false;
    };
  }

  private static boolean vectorAllowed(int sel, int size, int q) {
    int opcode = sel & 31;
    boolean u = sel >= 32;
    boolean oneD = size == 3 && q == 0;
    return switch (opcode) {
      case 0b00011 -> true;
      case 0b00001, 0b00101, 0b00110, 0b00111, 0b01000, 0b01001, 0b01010, 0b01011, 0b10000,
          0b10001 -> !oneD;
      case 0b10011 -> u ? size == 0 : size != 3;
      case 0b10110 -> size == 1 || size == 2;
      case 0b10111 -> !u && !oneD;
      default -> size != 3;
    };
  }

  /** AND, BIC, ORR, ORN, EOR, BSL, BIT, BIF on whole registers. */
  private static void logic(Cpu cpu, int insn, int u, int size, int q) {
    int rn = (insn >>> 5) & 31;
    int rm = (insn >>> 16) & 31;
    int rd = insn & 31;
    long nLo = cpu.v[2 * rn];
    long nHi = cpu.v[2 * rn + 1];
    long mLo = cpu.v[2 * rm];
    long mHi = cpu.v[2 * rm + 1];
    long dLo = cpu.v[2 * rd];
    long dHi = cpu.v[2 * rd + 1];
    long lo;
    long hi;
    switch ((u << 2) | size) {
      case 0 -> { lo = nLo & mLo; hi = nHi & mHi; }
      case 1 -> { lo = nLo & ~mLo; hi = nHi & ~mHi; }
      case 2 -> { lo = nLo | mLo; hi = nHi | mHi; }
      case 3 -> { lo = nLo | ~mLo; hi = nHi | ~mHi; }
      case 4 -> { lo = nLo ^ mLo; hi = nHi ^ mHi; }
      case 5 -> { lo = (dLo & nLo) | (~dLo & mLo); hi = (dHi & nHi) | (~dHi & mHi); } // BSL
      case 6 -> { lo = (dLo & ~mLo) | (nLo & mLo); hi = (dHi & ~mHi) | (nHi & mHi); } // BIT
      default -> { lo = (dLo & mLo) | (nLo & ~mLo); hi = (dHi & mHi) | (nHi & ~mHi); } // BIF
    }
    SimdLanes.setPair(cpu, rd, lo, q != 0 ? hi : 0);
  }

  private static void elementwise(Cpu cpu, int insn, int sel, int size, int q, boolean signed) {
    int rn = (insn >>> 5) & 31;
    int rm = (insn >>> 16) & 31;
    int rd = insn & 31;
    int opcode = sel & 31;
    // The compares CMGT/CMGE are signed with U = 0; CMTST/CMEQ and the shifts read Vm raw.
    long nLo = cpu.v[2 * rn];
    long nHi = cpu.v[2 * rn + 1];
    long mLo = cpu.v[2 * rm];
    long mHi = cpu.v[2 * rm + 1];
    long dLo = cpu.v[2 * rd];
    long dHi = cpu.v[2 * rd + 1];
    int elements = (8 << q) >>> size;
    int perWord = 8 >>> size;
    boolean signedOperands = (signed || opcode == 0b10110) && opcode != 0b10001 && opcode != 0b10000;
    long lo = 0;
    long hi = 0;
    for (int e = 0; e < elements; e++) {
      long a = SimdLanes.lane(nLo, nHi, size, e);
      long bRaw = SimdLanes.lane(mLo, mHi, size, e);
      long b = bRaw;
      if (signedOperands) {
        a = SimdLanes.signExtend(a, size);
        b = SimdLanes.signExtend(b, size);
      }
      long d = SimdLanes.lane(dLo, dHi, size, e);
      long r = lane(cpu, sel, size, a, b, d, bRaw);
      if (e < perWord) {
        lo = SimdLanes.insert(lo, size, e, r);
      } else {
        hi = SimdLanes.insert(hi, size, e - perWord, r);
      }
    }
    SimdLanes.setPair(cpu, rd, lo, hi);
  }

  /** SMAXP/UMAXP, SMINP/UMINP, ADDP: the operation on adjacent pairs of the concatenation m:n. */
  private static void pairwise(Cpu cpu, int insn, int sel, int size, int q) {
    int rn = (insn >>> 5) & 31;
    int rm = (insn >>> 16) & 31;
    boolean signed = sel < 32;
    long nLo = cpu.v[2 * rn];
    long nHi = q != 0 ? cpu.v[2 * rn + 1] : 0;
    long mLo = cpu.v[2 * rm];
    long mHi = q != 0 ? cpu.v[2 * rm + 1] : 0;
    int elements = (8 << q) >>> size;
    int perWord = 8 >>> size;
    long lo = 0;
    long hi = 0;
    for (int e = 0; e < elements; e++) {
      int src = 2 * e;
      long a;
      long b;
      if (src < elements) {
        a = SimdLanes.lane(nLo, nHi, size, src);
        b = SimdLanes.lane(nLo, nHi, size, src + 1);
      } else {
        a = SimdLanes.lane(mLo, mHi, size, src - elements);
        b = SimdLanes.lane(mLo, mHi, size, src - elements + 1);
      }
      if (signed) {
        a = SimdLanes.signExtend(a, size);
        b = SimdLanes.signExtend(b, size);
      }
      long r = switch (sel & 31) {
        case 0b10100 -> signed ? Math.max(a, b) : (Long.compareUnsigned(a, b) >= 0 ? a : b);
        case 0b10101 -> signed ? Math.min(a, b) : (Long.compareUnsigned(a, b) <= 0 ? a : b);
        default -> a + b;
      };
      if (e < perWord) {
        lo = SimdLanes.insert(lo, size, e, r);
      } else {
        hi = SimdLanes.insert(hi, size, e - perWord, r);
      }
    }
    SimdLanes.setPair(cpu, insn & 31, lo, hi);
  }

  /**
   * One lane of U:opcode. a and b are sign-extended for signed operations, zero-extended
   * otherwise; d is the old destination lane (accumulating forms); bRaw is Vm's lane unextended.
   */
  static long lane(Cpu cpu, int sel, int size, long a, long b, long d, long bRaw) {
    return switch (sel) {
      case 0x00, 0x20 -> (a + b) >> 1; // SHADD/UHADD: lanes narrower than 64 bits
      case 0x01 -> SimdArith.sqadd(cpu, a, b, size);
      case 0x21 -> SimdArith.uqadd(cpu, a, b, size);
      case 0x02, 0x22 -> (a + b + 1) >> 1; // SRHADD/URHADD
      case 0x04, 0x24 -> (a - b) >> 1; // SHSUB/UHSUB
      case 0x05 -> SimdArith.sqsub(cpu, a, b, size);
      case 0x25 -> SimdArith.uqsub(cpu, a, b);
      case 0x06 -> a > b ? -1L : 0; // CMGT
      case 0x26 -> Long.compareUnsigned(a, b) > 0 ? -1L : 0; // CMHI
      case 0x07 -> a >= b ? -1L : 0; // CMGE
      case 0x27 -> Long.compareUnsigned(a, b) >= 0 ? -1L : 0; // CMHS
      case 0x08 -> SimdArith.shiftByRegister(cpu, a, bRaw, size, true, false, false);
      case 0x28 -> SimdArith.shiftByRegister(cpu, a, bRaw, size, false, false, false);
      case 0x09 -> SimdArith.shiftByRegister(cpu, a, bRaw, size, true, false, true);
      case 0x29 -> SimdArith.shiftByRegister(cpu, a, bRaw, size, false, false, true);
      case 0x0a -> SimdArith.shiftByRegister(cpu, a, bRaw, size, true, true, false);
      case 0x2a -> SimdArith.shiftByRegister(cpu, a, bRaw, size, false, true, false);
      case 0x0b -> saturatingRoundingShift(cpu, a, bRaw, size, true);
      case 0x2b -> saturatingRoundingShift(cpu, a, bRaw, size, false);
      case 0x0c -> Math.max(a, b);
      case 0x2c -> Long.compareUnsigned(a, b) >= 0 ? a : b;
      case 0x0d -> Math.min(a, b);
      case 0x2d -> Long.compareUnsigned(a, b) <= 0 ? a : b;
      case 0x0e, 0x2e -> Math.abs(a - b); // SABD/UABD: lanes narrower than 64 bits
      case 0x0f, 0x2f -> d + Math.abs(a - b); // SABA/UABA
      case 0x10 -> a + b;
      case 0x30 -> a - b;
      case 0x11 -> (a & b & SimdLanes.mask(size)) != 0 ? -1L : 0; // CMTST
      case 0x31 -> ((a ^ b) & SimdLanes.mask(size)) == 0 ? -1L : 0; // CMEQ
      case 0x12 -> d + a * b; // MLA
      case 0x32 -> d - a * b; // MLS
      case 0x13 -> a * b;
      case 0x33 -> SimdArith.pmul(a, b, 8);
      case 0x16 -> SimdArith.sqdmulh(cpu, a, b, size, false);
      case 0x36 -> SimdArith.sqdmulh(cpu, a, b, size, true);
      default -> throw new IllegalStateException("three-same selector " + sel);
    };
  }

  /** SQRSHL/UQRSHL: rounding right shifts or saturating left shifts. */
  private static long saturatingRoundingShift(Cpu cpu, long a, long bRaw, int size, boolean signed) {
    int shift = (byte) bRaw;
    if (shift >= 0) {
      return SimdArith.saturatingShiftLeft(cpu, a, shift, size, signed);
    }
    return SimdArith.shiftByRegister(cpu, a, bRaw, size, signed, true, false);
  }

  private SimdThreeSame() {}
}
