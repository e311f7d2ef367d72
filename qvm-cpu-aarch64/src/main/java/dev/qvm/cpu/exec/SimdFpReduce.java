package dev.qvm.cpu.exec;

import dev.qvm.cpu.fp.Fp;

/**
 * FMAXV/FMINV/FMAXNMV/FMINNMV (across lanes, 4 x single, reduced as ARM ARM J1 Reduce() does:
 * op(op(e0, e1), op(e2, e3))) and the scalar pairwise FADDP, FMAXP, FMINP, FMAXNMP, FMINNMP.
 */
final class SimdFpReduce {

  /** opcode 01100: FMAXNMV/FMINNMV, 01111: FMAXV/FMINV; min selects the minimum. */
  static void acrossSingle(Cpu cpu, int opcode, int min, int rn, int rd) {
    int op = opcode == 0b01100 ? (min != 0 ? SimdFpLanes.FMINNM : SimdFpLanes.FMAXNM)
        : (min != 0 ? SimdFpLanes.FMIN : SimdFpLanes.FMAX);
    long lo = cpu.v[2 * rn];
    long hi = cpu.v[2 * rn + 1];
    long a = SimdFpLanes.apply(cpu, op, lo & 0xffff_ffffL, lo >>> 32, Fp.S);
    long b = SimdFpLanes.apply(cpu, op, hi & 0xffff_ffffL, hi >>> 32, Fp.S);
    SimdLanes.setLow(cpu, rd, SimdFpLanes.apply(cpu, op, a, b, Fp.S) & 0xffff_ffffL);
  }

  /** Scalar pairwise (U = 1): opcode 01100 FMAXNMP/FMINNMP, 01101 FADDP, 01111 FMAXP/FMINP. */
  static void scalarPair(Cpu cpu, int opcode, int size, int rn, int rd) {
    boolean minForm = (size & 2) != 0;
    int op;
    if (opcode == 0b01101) {
      if (minForm) {
        cpu.undefinedInstruction(cpu.pc - 4);
        return;
      }
      op = SimdFpLanes.FADD;
    } else if (opcode == 0b01100) {
      op = minForm ? SimdFpLanes.FMINNM : SimdFpLanes.FMAXNM;
    } else {
      op = minForm ? SimdFpLanes.FMIN : SimdFpLanes.FMAX;
    }
    int sz = size & 1;
    int fmt = sz != 0 ? Fp.D : Fp.S;
    int lane = 2 + sz;
    long r = SimdFpLanes.apply(cpu, op, SimdLanes.get(cpu, rn, lane, 0), SimdLanes.get(cpu, rn, lane, 1), fmt);
    SimdLanes.setLow(cpu, rd, r & SimdLanes.mask(lane));
  }

  private SimdFpReduce() {}
}
