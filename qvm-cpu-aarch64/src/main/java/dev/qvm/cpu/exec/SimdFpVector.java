package dev.qvm.cpu.exec;

import dev.qvm.cpu.fp.Fp;
import dev.qvm.cpu.fp.FpArith;

/**
 * ARM ARM C4.1.90 "Advanced SIMD (scalar) x indexed element", floating-point forms: FMLA, FMLS,
 * FMUL and FMULX by element (single precision: index H:L, Vm = M:Rm; double: index H, L = 0).
 */
final class SimdFpVector {

  static void byElement(Cpu cpu, int insn, long pc, boolean scalar, int q, int u, int size,
      int opcode) {
    int l = (insn >>> 21) & 1;
    int h = (insn >>> 11) & 1;
    if (size < 2 || (u == 1 && opcode != 0b1001) || (size == 3 && (l == 1 || (!scalar && q == 0)))) {
      cpu.undefinedInstruction(pc); // size 0x is FP16 (ARMv8.2)
      return;
    }
    int fmt = size == 3 ? Fp.D : Fp.S;
    int rm = (insn >>> 16) & 31;
    int index = size == 3 ? h : (h << 1) | l;
    int rn = (insn >>> 5) & 31;
    int rd = insn & 31;
    long b = SimdLanes.get(cpu, rm, size, index);
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
      long r = switch (opcode) {
        case 0b0001 -> FpArith.mulAdd(SimdLanes.lane(dLo, dHi, size, e), a, b, false, false, fmt, cpu.sys);
        case 0b0101 -> FpArith.mulAdd(SimdLanes.lane(dLo, dHi, size, e), a, b, false, true, fmt, cpu.sys);
        default -> u == 1 ? FpArith.mulx(a, b, fmt, cpu.sys) : FpArith.mul(a, b, fmt, cpu.sys);
      };
      if (e < perWord) {
        lo = SimdLanes.insert(lo, size, e, r);
      } else {
        hi = SimdLanes.insert(hi, size, e - perWord, r);
      }
    }
    SimdLanes.setPair(cpu, rd, lo, scalar ? 0 : hi);
  }

  private SimdFpVector() {}
}
