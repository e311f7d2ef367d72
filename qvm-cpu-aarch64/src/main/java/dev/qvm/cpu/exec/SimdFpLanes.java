package dev.qvm.cpu.exec;

import dev.qvm.cpu.fp.Fp;
import dev.qvm.cpu.fp.FpArith;

/**
 * The per-lane floating-point operations shared by the Advanced SIMD FP groups (three same,
 * pairwise, reductions, by element), selected by a small operation number.
 */
final class SimdFpLanes {

  static final int FMAXNM = 0;
  static final int FMINNM = 1;
  static final int FADD = 2;
  static final int FSUB = 3;
  static final int FMULX = 4;
  static final int FMUL = 5;
  static final int FMAX = 6;
  static final int FMIN = 7;
  static final int FDIV = 8;
  static final int FABD = 9;
  static final int FRECPS = 10;
  static final int FRSQRTS = 11;
  static final int FCMEQ = 12;
  static final int FCMGE = 13;
  static final int FCMGT = 14;
  static final int FACGE = 15;
  static final int FACGT = 16;

  static long apply(Cpu cpu, int op, long a, long b, int fmt) {
    var sys = cpu.sys;
    long ones = fmt == Fp.D ? -1L : 0xffff_ffffL;
    return switch (op) {
      case FMAXNM -> FpArith.maxMin(a, b, true, true, fmt, sys);
      case FMINNM -> FpArith.maxMin(a, b, false, true, fmt, sys);
      case FADD -> FpArith.add(a, b, false, fmt, sys);
      case FSUB -> FpArith.add(a, b, true, fmt, sys);
      case FMULX -> FpArith.mulx(a, b, fmt, sys);
      case FMUL -> FpArith.mul(a, b, fmt, sys);
      case FMAX -> FpArith.maxMin(a, b, true, false, fmt, sys);
      case FMIN -> FpArith.maxMin(a, b, false, false, fmt, sys);
      case FDIV -> FpArith.div(a, b, fmt, sys);
      case FABD -> FpArith.add(a, b, true, fmt, sys) & ~(1L << (Fp.width(fmt) - 1));
      case FRECPS -> FpArith.recipStep(a, b, fmt, sys);
      case FRSQRTS -> FpArith.rsqrtStep(a, b, fmt, sys);
      case FCMEQ -> FpArith.compareVector(a, b, 0, false, fmt, sys) ? ones : 0;
      case FCMGE -> FpArith.compareVector(a, b, 1, false, fmt, sys) ? ones : 0;
      case FCMGT -> FpArith.compareVector(a, b, 2, false, fmt, sys) ? ones : 0;
      case FACGE -> FpArith.compareVector(a, b, 1, true, fmt, sys) ? ones : 0;
      default -> FpArith.compareVector(a, b, 2, true, fmt, sys) ? ones : 0;
    };
  }

  private SimdFpLanes() {}
}
