package dev.qvm.cpu.exec;

import static dev.qvm.cpu.decode.A64Decoder.*;

/**
 * ARM ARM C4.1.90 "Advanced SIMD vector x indexed element" and its scalar form: MUL, MLA, MLS,
 * xMULL, xMLAL, xMLSL, SQDMULL, SQDMLAL, SQDMLSL, SQDMULH, SQRDMULH by element, and the FP
 * FMLA/FMLS/FMUL/FMULX by element (in {@link SimdFpVector}). The element index is H:L:M for
 * 16-bit lanes (Vm is then V0-V15) and H:L for 32-bit lanes.
 */
public final class SimdIndexedElement {

  public static void execute(Cpu cpu, int op, int insn, long pc) {
    if (FpSimd.trapped(cpu, op, insn, pc)) {
      return;
    }
    boolean scalar = op == SIMD_SCALAR_ELEM;
    int q = scalar ? 0 : (insn >>> 30) & 1;
    int u = (insn >>> 29) & 1;
    int size = (insn >>> 22) & 3;
    int opcode = (insn >>> 12) & 15;
    int h = (insn >>> 11) & 1;
    int l = (insn >>> 21) & 1;
    int m = (insn >>> 20) & 1;
    if (opcode == 0b0001 || opcode == 0b0101 || opcode == 0b1001) {
      SimdFpVector.byElement(cpu, insn, pc, scalar, q, u, size, opcode);
      return;
    }
    int rm;
    int index;
    if (size == 1) {
      rm = (insn >>> 16) & 15;
      index = (h << 2) | (l << 1) | m;
    } else if (size == 2) {
      rm = (insn >>> 16) & 31;
      index = (h << 1) | l;
    } else {
      cpu.undefinedInstruction(pc);
      return;
    }
    int sel = (u << 4) | opcode;
    boolean allowed = scalar
        ? sel == 0x03 || sel == 0x07 || sel == 0x0b || sel == 0x0c || sel == 0x0d
        : sel == 0x10 || sel == 0x14 || sel == 0x02 || sel == 0x12 || sel == 0x03 || sel == 0x06
            || sel == 0x16 || sel == 0x07 || sel == 0x08 || sel == 0x0a || sel == 0x1a
            || sel == 0x0b || sel == 0x0c || sel == 0x0d;
    if (!allowed) {
      cpu.undefinedInstruction(pc);
      return;
    }
    int rn = (insn >>> 5) & 31;
    int rd = insn & 31;
    boolean signed = u == 0;
    long b = signed ? SimdLanes.getSigned(cpu, rm, size, index) : SimdLanes.get(cpu, rm, size, index);
    boolean isLong = opcode == 0b0010 || opcode == 0b0011 || opcode == 0b0110 || opcode == 0b0111
        || opcode == 0b1010 || opcode == 0b1011;
    long nLo = cpu.v[2 * rn];
    long nHi = cpu.v[2 * rn + 1];
    long dLo = cpu.v[2 * rd];
    long dHi = cpu.v[2 * rd + 1];
    int outSize = isLong ? size + 1 : size;
    int elements = scalar ? 1 : isLong ? 8 >>> size : (8 << q) >>> size;
    int perWord = 8 >>> outSize;
    long lo = 0;
    long hi = 0;
    for (int e = 0; e < elements; e++) {
      long a = isLong ? SimdLanes.lane(q != 0 ? nHi : nLo, 0, size, e) : SimdLanes.lane(nLo, nHi, size, e);
      if (signed) {
        a = SimdLanes.signExtend(a, size);
      }
      long d = SimdLanes.lane(dLo, dHi, outSize, e);
      long r = switch (opcode) {
        case 0b0000 -> d + a * b; // MLA
        case 0b0100 -> d - a * b; // MLS
        case 0b1000 -> a * b; // MUL
        case 0b0010 -> d + a * b; // SMLAL/UMLAL
        case 0b0110 -> d - a * b; // SMLSL/UMLSL
        case 0b1010 -> a * b; // SMULL/UMULL
        case 0b0011 -> SimdArith.sqadd(cpu, SimdLanes.signExtend(d, outSize), SimdArith.sqdmull(cpu, a, b, size), outSize);
        case 0b0111 -> SimdArith.sqsub(cpu, SimdLanes.signExtend(d, outSize), SimdArith.sqdmull(cpu, a, b, size), outSize);
        case 0b1011 -> SimdArith.sqdmull(cpu, a, b, size);
        case 0b1100 -> SimdArith.sqdmulh(cpu, a, b, size, false);
        default -> SimdArith.sqdmulh(cpu, a, b, size, true);
      };
      if (e < perWord) {
        lo = SimdLanes.insert(lo, outSize, e, r);
      } else {
        hi = SimdLanes.insert(hi, outSize, e - perWord, r);
      }
    }
    SimdLanes.setPair(cpu, rd, lo, scalar || (!isLong && q == 0) ? 0 : hi);
  }

  private SimdIndexedElement() {}
}
