package dev.qvm.cpu.exec;

import static dev.qvm.cpu.exec.SimdFpLanes.*;

import dev.qvm.cpu.fp.Fp;
import dev.qvm.cpu.fp.FpArith;

/**
 * ARM ARM C4.1.90 "Advanced SIMD (scalar) three same", floating-point forms (opcode 11xxx):
 * size&lt;1&gt; and U select the operation, size&lt;0&gt; (sz) single or double precision.
 */
final class SimdThreeSameFp {

  /** Operation by U:size&lt;1&gt;:opcode&lt;2:0&gt;; -1 unallocated; FMLA/FMLS are -2/-3. */
  private static final int[] OPS = {
    FMAXNM, -2, FADD, FMULX, FCMEQ, -1, FMAX, FRECPS, // U0 a0
    FMINNM, -3, FSUB, -1, -1, -1, FMIN, FRSQRTS, // U0 a1
    -4, -1, -5, FMUL, FCMGE, FACGE, -6, FDIV, // U1 a0: FMAXNMP, FADDP, FMAXP
    -7, -1, FABD, -1, FCMGT, FACGT, -8, -1, // U1 a1: FMINNMP, FMINP
  };

  static void execute(Cpu cpu, boolean scalar, int insn, long pc) {
    int q = (insn >>> 30) & 1;
    int u = (insn >>> 29) & 1;
    int a = (insn >>> 23) & 1;
    int sz = (insn >>> 22) & 1;
    int opcode = (insn >>> 11) & 7;
    int op = OPS[(u << 4) | (a << 3) | opcode];
    int fmt = sz != 0 ? Fp.D : Fp.S;
    boolean scalarOk = op == FMULX || op == FCMEQ || op == FRECPS || op == FRSQRTS || op == FCMGE
        || op == FACGE || op == FABD || op == FCMGT || op == FACGT;
    if (op == -1 || (scalar ? !scalarOk : sz == 1 && q == 0)) {
      cpu.undefinedInstruction(pc);
      return;
    }
    int rm = (insn >>> 16) & 31;
    int rn = (insn >>> 5) & 31;
    int rd = insn & 31;
    int size = 2 + sz;
    if (scalar) {
      long r = apply(cpu, op, SimdLanes.get(cpu, rn, size, 0), SimdLanes.get(cpu, rm, size, 0), fmt);
      SimdLanes.setLow(cpu, rd, r & SimdLanes.mask(size));
      return;
    }
    long nLo = cpu.v[2 * rn];
    long nHi = cpu.v[2 * rn + 1];
    long mLo = cpu.v[2 * rm];
    long mHi = cpu.v[2 * rm + 1];
    long dLo = cpu.v[2 * rd];
    long dHi = cpu.v[2 * rd + 1];
    int elements = (8 << q) >>> size;
    int perWord = 8 >>> size;
    long lo = 0;
    long hi = 0;
    for (int e = 0; e < elements; e++) {
      long r;
      if (op <= -4) {
        // Pairwise: adjacent lanes of the concatenation Vm:Vn.
        int src = 2 * e;
        long x;
        long y;
        if (src < elements) {
          x = SimdLanes.lane(nLo, nHi, size, src);
          y = SimdLanes.lane(nLo, nHi, size, src + 1);
        } else {
          x = SimdLanes.lane(mLo, mHi, size, src - elements);
          y = SimdLanes.lane(mLo, mHi, size, src - elements + 1);
        }
        int pop = switch (op) {
          case -4 -> FMAXNM;
          case -5 -> FADD;
          case -6 -> FMAX;
          case -7 -> FMINNM;
          default -> FMIN;
        };
        r = apply(cpu, pop, x, y, fmt);
      } else {
        long x = SimdLanes.lane(nLo, nHi, size, e);
        long y = SimdLanes.lane(mLo, mHi, size, e);
        if (op < 0) { // FMLA, FMLS
          long d = SimdLanes.lane(dLo, dHi, size, e);
          r = FpArith.mulAdd(d, x, y, false, op == -3, fmt, cpu.sys);
        } else {
          r = apply(cpu, op, x, y, fmt);
        }
      }
      if (e < perWord) {
        lo = SimdLanes.insert(lo, size, e, r);
      } else {
        hi = SimdLanes.insert(hi, size, e - perWord, r);
      }
    }
    SimdLanes.setPair(cpu, rd, lo, hi);
  }

  private SimdThreeSameFp() {}
}
