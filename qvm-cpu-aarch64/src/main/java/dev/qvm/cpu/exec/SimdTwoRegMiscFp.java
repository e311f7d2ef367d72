package dev.qvm.cpu.exec;

import dev.qvm.cpu.fp.Fp;
import dev.qvm.cpu.fp.FpArith;
import dev.qvm.cpu.fp.FpConvert;
import dev.qvm.cpu.fp.FpEstimate;

/**
 * ARM ARM C4.1.90 "Advanced SIMD (scalar) two-register miscellaneous", floating-point forms:
 * compares with zero, FABS, FNEG, FSQRT, FRINT*, FCVT[NPMZA][SU], SCVTF/UCVTF, FCVTN/FCVTXN/FCVTL,
 * the reciprocal estimates (FRECPE, FRSQRTE, URECPE, URSQRTE, FRECPX) and the fixed-point
 * conversions of the shift-by-immediate class.
 */
final class SimdTwoRegMiscFp {

  private static final int CMGT0 = 0;
  private static final int CMEQ0 = 1;
  private static final int CMLT0 = 2;
  private static final int CMGE0 = 3;
  private static final int CMLE0 = 4;
  private static final int ABS = 5;
  private static final int NEG = 6;
  private static final int SQRT = 7;
  private static final int RINT = 8; // + rounding, RINTX = 14, RINTI = 15
  private static final int CVT_S = 16; // + rounding
  private static final int CVT_U = 24; // + rounding
  private static final int SCVTF = 32;
  private static final int UCVTF = 33;
  private static final int URECPE = 34;
  private static final int FRECPE = 35;
  private static final int URSQRTE = 36;
  private static final int FRSQRTE = 37;
  private static final int FRECPX = 38;

  /** The lane operation of U:size&lt;1&gt;:opcode, or -1. */
  private static int operation(int u, int a, int opcode) {
    int key = (u << 6) | (a << 5) | opcode;
    return switch (key) {
      case 0b0_1_01100 -> CMGT0;
      case 0b0_1_01101 -> CMEQ0;
      case 0b0_1_01110 -> CMLT0;
      case 0b1_1_01100 -> CMGE0;
      case 0b1_1_01101 -> CMLE0;
      case 0b0_1_01111 -> ABS;
      case 0b1_1_01111 -> NEG;
      case 0b1_1_11111 -> SQRT;
      case 0b0_0_11000 -> RINT + Fp.RN;
      case 0b0_1_11000 -> RINT + Fp.RP;
      case 0b0_0_11001 -> RINT + Fp.RM;
      case 0b0_1_11001 -> RINT + Fp.RZ;
      case 0b1_0_11000 -> RINT + Fp.RA;
      case 0b1_0_11001 -> RINT + 6;
      case 0b1_1_11001 -> RINT + 7;
      case 0b0_0_11010 -> CVT_S + Fp.RN;
      case 0b0_1_11010 -> CVT_S + Fp.RP;
      case 0b0_0_11011 -> CVT_S + Fp.RM;
      case 0b0_1_11011 -> CVT_S + Fp.RZ;
      case 0b0_0_11100 -> CVT_S + Fp.RA;
      case 0b1_0_11010 -> CVT_U + Fp.RN;
      case 0b1_1_11010 -> CVT_U + Fp.RP;
      case 0b1_0_11011 -> CVT_U + Fp.RM;
      case 0b1_1_11011 -> CVT_U + Fp.RZ;
      case 0b1_0_11100 -> CVT_U + Fp.RA;
      case 0b0_0_11101 -> SCVTF;
      case 0b1_0_11101 -> UCVTF;
      case 0b0_1_11100 -> URECPE;
      case 0b0_1_11101 -> FRECPE;
      case 0b1_1_11100 -> URSQRTE;
      case 0b1_1_11101 -> FRSQRTE;
      case 0b0_1_11111 -> FRECPX;
      default -> -1;
    };
  }

  private static long lane(Cpu cpu, int op, long x, int fmt) {
    var sys = cpu.sys;
    int width = Fp.width(fmt);
    long ones = width == 64 ? -1L : (1L << width) - 1;
    long signBit = 1L << (width - 1);
    switch (op) {
      case URECPE -> {
        return FpEstimate.unsignedRecip(x);
      }
      case URSQRTE -> {
        return FpEstimate.unsignedRsqrt(x);
      }
      case FRECPE -> {
        return FpEstimate.recip(x, fmt, sys);
      }
      case FRSQRTE -> {
        return FpEstimate.rsqrt(x, fmt, sys);
      }
      case FRECPX -> {
        return FpEstimate.recpX(x, fmt, sys);
      }
      default -> { }
    }
    if (op >= CVT_S && op < SCVTF) {
      boolean unsigned = op >= CVT_U;
      return FpConvert.toFixed(x, fmt, 0, unsigned, width, op - (unsigned ? CVT_U : CVT_S), sys) & ones;
    }
    if (op >= RINT) {
      if (op == SCVTF || op == UCVTF) {
        long v = op == SCVTF && width == 32 ? (int) x : x;
        return FpConvert.fromFixed(v, op == UCVTF, 0, fmt, Fp.rmode(sys), sys);
      }
      int r = op - RINT;
      int rounding = r >= 6 ? Fp.rmode(sys) : r;
      return FpConvert.roundInt(x, fmt, rounding, r == 6, sys);
    }
    return switch (op) {
      case CMGT0 -> FpArith.compareVector(x, 0, 2, false, fmt, sys) ? ones : 0;
      case CMEQ0 -> FpArith.compareVector(x, 0, 0, false, fmt, sys) ? ones : 0;
      case CMLT0 -> FpArith.compareVector(0, x, 2, false, fmt, sys) ? ones : 0;
      case CMGE0 -> FpArith.compareVector(x, 0, 1, false, fmt, sys) ? ones : 0;
      case CMLE0 -> FpArith.compareVector(0, x, 1, false, fmt, sys) ? ones : 0;
      case ABS -> x & ~signBit;
      case NEG -> x ^ signBit;
      default -> FpArith.sqrt(x, fmt, sys);
    };
  }

  static void vector(Cpu cpu, int insn, long pc) {
    int q = (insn >>> 30) & 1;
    int u = (insn >>> 29) & 1;
    int a = (insn >>> 23) & 1;
    int sz = (insn >>> 22) & 1;
    int opcode = (insn >>> 12) & 31;
    int rn = (insn >>> 5) & 31;
    int rd = insn & 31;
    if (a == 0 && (opcode == 0b10110 || opcode == 0b10111)) {
      narrowOrWiden(cpu, insn, pc, q, u, sz, opcode, rn, rd);
      return;
    }
    int op = operation(u, a, opcode);
    if (op < 0 || op == FRECPX || (sz == 1 && (q == 0 || op == URECPE || op == URSQRTE))) {
      cpu.undefinedInstruction(pc);
      return;
    }
    int size = 2 + sz;
    int fmt = sz != 0 ? Fp.D : Fp.S;
    long nLo = cpu.v[2 * rn];
    long nHi = cpu.v[2 * rn + 1];
    int elements = (8 << q) >>> size;
    int perWord = 8 >>> size;
    long lo = 0;
    long hi = 0;
    for (int e = 0; e < elements; e++) {
      long r = lane(cpu, op, SimdLanes.lane(nLo, nHi, size, e), fmt);
      if (e < perWord) {
        lo = SimdLanes.insert(lo, size, e, r);
      } else {
        hi = SimdLanes.insert(hi, size, e - perWord, r);
      }
    }
    SimdLanes.setPair(cpu, rd, lo, hi);
  }

  static void scalar(Cpu cpu, int insn, long pc) {
    int u = (insn >>> 29) & 1;
    int a = (insn >>> 23) & 1;
    int sz = (insn >>> 22) & 1;
    int opcode = (insn >>> 12) & 31;
    int rn = (insn >>> 5) & 31;
    int rd = insn & 31;
    if (u == 1 && a == 0 && opcode == 0b10110) { // FCVTXN (scalar)
      if (sz == 0) {
        cpu.undefinedInstruction(pc);
        return;
      }
      SimdLanes.setLow(cpu, rd, FpConvert.convert(cpu.v[2 * rn], Fp.D, Fp.S, Fp.ODD, cpu.sys));
      return;
    }
    int op = operation(u, a, opcode);
    boolean allowed = op >= 0 && (op <= CMLE0 || op >= CVT_S) && op != URECPE && op != URSQRTE;
    if (!allowed) {
      cpu.undefinedInstruction(pc);
      return;
    }
    int size = 2 + sz;
    int fmt = sz != 0 ? Fp.D : Fp.S;
    long r = lane(cpu, op, SimdLanes.get(cpu, rn, size, 0), fmt);
    SimdLanes.setLow(cpu, rd, r & SimdLanes.mask(size));
  }

  /** FCVTN/FCVTN2, FCVTXN/FCVTXN2 and FCVTL/FCVTL2. */
  private static void narrowOrWiden(Cpu cpu, int insn, long pc, int q, int u, int sz, int opcode,
      int rn, int rd) {
    var sys = cpu.sys;
    if (opcode == 0b10110) {
      if (u == 1 && sz == 0) {
        cpu.undefinedInstruction(pc);
        return;
      }
      int from = sz != 0 ? Fp.D : Fp.S;
      int to = sz != 0 ? Fp.S : Fp.H;
      int rounding = u == 1 ? Fp.ODD : Fp.rmode(sys);
      int wide = 2 + sz;
      int narrow = wide - 1;
      long word = 0;
      for (int e = 0; e < 8 >>> narrow; e++) {
        long x = SimdLanes.get(cpu, rn, wide, e);
        word = SimdLanes.insert(word, narrow, e, FpConvert.convert(x, from, to, rounding, sys));
      }
      if (q == 0) {
        SimdLanes.setLow(cpu, rd, word);
      } else {
        cpu.v[2 * rd + 1] = word;
      }
      return;
    }
    if (u == 1) {
      cpu.undefinedInstruction(pc);
      return;
    }
    int from = sz != 0 ? Fp.S : Fp.H;
    int to = sz != 0 ? Fp.D : Fp.S;
    int wide = 2 + sz;
    int narrow = wide - 1;
    long src = cpu.v[2 * rn + q];
    int elements = 8 >>> narrow;
    int perWord = 8 >>> wide;
    long lo = 0;
    long hi = 0;
    for (int e = 0; e < elements; e++) {
      long r = FpConvert.convert(SimdLanes.lane(src, 0, narrow, e), from, to, Fp.rmode(sys), sys);
      if (e < perWord) {
        lo = SimdLanes.insert(lo, wide, e, r);
      } else {
        hi = SimdLanes.insert(hi, wide, e - perWord, r);
      }
    }
    SimdLanes.setPair(cpu, rd, lo, hi);
  }

  /** SCVTF/UCVTF/FCVTZS/FCVTZU (vector and scalar, fixed-point) with fbits = the right shift. */
  static void fixedPoint(Cpu cpu, int insn, boolean scalar, int q, int size, boolean signed,
      boolean toFloat, int fbits) {
    int rn = (insn >>> 5) & 31;
    int rd = insn & 31;
    int fmt = size == 3 ? Fp.D : Fp.S;
    int width = 8 << size;
    long nLo = cpu.v[2 * rn];
    long nHi = cpu.v[2 * rn + 1];
    int elements = scalar ? 1 : (8 << q) >>> size;
    int perWord = 8 >>> size;
    long lo = 0;
    long hi = 0;
    for (int e = 0; e < elements; e++) {
      long x = SimdLanes.lane(nLo, nHi, size, e);
      long r;
      if (toFloat) {
        long v = signed ? SimdLanes.signExtend(x, size) : x;
        r = FpConvert.fromFixed(v, !signed, fbits, fmt, Fp.rmode(cpu.sys), cpu.sys);
      } else {
        r = FpConvert.toFixed(x, fmt, fbits, !signed, width, Fp.RZ, cpu.sys);
      }
      if (e < perWord) {
        lo = SimdLanes.insert(lo, size, e, r);
      } else {
        hi = SimdLanes.insert(hi, size, e - perWord, r);
      }
    }
    SimdLanes.setPair(cpu, rd, lo, scalar ? 0 : hi);
  }

  private SimdTwoRegMiscFp() {}
}
