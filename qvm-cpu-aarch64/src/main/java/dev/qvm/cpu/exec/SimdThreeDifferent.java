package dev.qvm.cpu.exec;

import static dev.qvm.cpu.decode.A64Decoder.*;

/**
 * ARM ARM C4.1.90 "Advanced SIMD three different" and its scalar form: the long
 * (xADDL, xSUBL, xABAL, xABDL, xMLAL, xMLSL, xMULL, SQDMLAL, SQDMLSL, SQDMULL, PMULL), wide
 * (xADDW, xSUBW) and narrowing-high (ADDHN, RADDHN, SUBHN, RSUBHN) operations. Q = 1 selects the
 * upper halves of the narrow sources (the "2" forms).
 */
public final class SimdThreeDifferent {

  public static void execute(Cpu cpu, int op, int insn, long pc) {
    if (FpSimd.trapped(cpu, op, insn, pc)) {
      return;
    }
    boolean scalar = op == SIMD_SCALAR_3DIFF;
    int q = scalar ? 0 : (insn >>> 30) & 1;
    int u = (insn >>> 29) & 1;
    int size = (insn >>> 22) & 3;
    int opcode = (insn >>> 12) & 15;
    int sel = (u << 4) | opcode;
    int rm = (insn >>> 16) & 31;
    int rn = (insn >>> 5) & 31;
    int rd = insn & 31;
    if (scalar) {
      if (u != 0 || (opcode != 0b1001 && opcode != 0b1011 && opcode != 0b1101)
          || size == 0 || size == 3) {
        cpu.undefinedInstruction(pc);
        return;
      }
    } else if (opcode == 0b1110 && u == 0) {
      if (size == 3) {
        CryptoOps.pmull64(cpu, rd, cpu.v[2 * rn + q], cpu.v[2 * rm + q]);
        return;
      }
      if (size != 0) {
        cpu.undefinedInstruction(pc);
        return;
      }
    } else if (opcode == 0b1111 || size == 3 || (u == 1 && (opcode == 0b1001 || opcode == 0b1011
        || opcode == 0b1101 || opcode == 0b1110))
        || ((opcode == 0b1001 || opcode == 0b1011 || opcode == 0b1101) && size == 0)) {
      cpu.undefinedInstruction(pc);
      return;
    }
    if (opcode == 0b0100 || opcode == 0b0110) {
      narrowHigh(cpu, q, size, u == 1, opcode == 0b0110, rn, rm, rd);
      return;
    }
    boolean signed = u == 0 && opcode != 0b1110; // PMULL is carry-less on raw bytes
    boolean wideN = opcode == 0b0001 || opcode == 0b0011;
    int wide = size + 1;
    long mHalf = cpu.v[2 * rm + q];
    long nHalf = cpu.v[2 * rn + q];
    long nLo = cpu.v[2 * rn];
    long nHi = cpu.v[2 * rn + 1];
    long dLo = cpu.v[2 * rd];
    long dHi = cpu.v[2 * rd + 1];
    int elements = scalar ? 1 : 8 >>> size;
    int perWord = 8 >>> wide;
    long lo = 0;
    long hi = 0;
    for (int e = 0; e < elements; e++) {
      long a = wideN ? SimdLanes.lane(nLo, nHi, wide, e) : SimdLanes.lane(nHalf, 0, size, e);
      long b = SimdLanes.lane(mHalf, 0, size, e);
      if (signed) {
        a = SimdLanes.signExtend(a, wideN ? wide : size);
        b = SimdLanes.signExtend(b, size);
      }
      long d = SimdLanes.lane(dLo, dHi, wide, e);
      long r = switch (sel & 15) {
        case 0b0000, 0b0001 -> a + b;
        case 0b0010, 0b0011 -> a - b;
        case 0b0101 -> d + Math.abs(a - b);
        case 0b0111 -> Math.abs(a - b);
        case 0b1000 -> d + a * b;
        case 0b1010 -> d - a * b;
        case 0b1100 -> a * b;
        case 0b1001 -> SimdArith.sqadd(cpu, SimdLanes.signExtend(d, wide), SimdArith.sqdmull(cpu, a, b, size), wide);
        case 0b1011 -> SimdArith.sqsub(cpu, SimdLanes.signExtend(d, wide), SimdArith.sqdmull(cpu, a, b, size), wide);
        case 0b1101 -> SimdArith.sqdmull(cpu, a, b, size);
        default -> SimdArith.pmul(a, b, 8); // PMULL .8H
      };
      if (e < perWord) {
        lo = SimdLanes.insert(lo, wide, e, r);
      } else {
        hi = SimdLanes.insert(hi, wide, e - perWord, r);
      }
    }
    SimdLanes.setPair(cpu, rd, lo, scalar ? 0 : hi);
  }

  /** ADDHN/RADDHN/SUBHN/RSUBHN: the high half of each wide sum or difference. */
  private static void narrowHigh(Cpu cpu, int q, int size, boolean round, boolean subtract,
      int rn, int rm, int rd) {
    int wide = size + 1;
    int esize = 8 << size;
    long nLo = cpu.v[2 * rn];
    long nHi = cpu.v[2 * rn + 1];
    long mLo = cpu.v[2 * rm];
    long mHi = cpu.v[2 * rm + 1];
    long word = 0;
    for (int e = 0; e < 8 >>> size; e++) {
      long a = SimdLanes.lane(nLo, nHi, wide, e);
      long b = SimdLanes.lane(mLo, mHi, wide, e);
      long r = subtract ? a - b : a + b;
      if (round) {
        r += 1L << (esize - 1);
      }
      word = SimdLanes.insert(word, size, e, r >>> esize);
    }
    if (q == 0) {
      SimdLanes.setLow(cpu, rd, word);
    } else {
      cpu.v[2 * rd + 1] = word;
    }
  }

  private SimdThreeDifferent() {}
}
