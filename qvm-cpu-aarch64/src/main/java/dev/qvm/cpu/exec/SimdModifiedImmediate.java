package dev.qvm.cpu.exec;

/**
 * ARM ARM C4.1.90 "Advanced SIMD modified immediate": MOVI, MVNI, ORR (vector, immediate), BIC
 * (vector, immediate) and FMOV (vector, immediate), with the immediate expanded by
 * AdvSIMDExpandImm() (J1 shared pseudocode).
 */
final class SimdModifiedImmediate {

  static void execute(Cpu cpu, int insn, long pc) {
    int q = (insn >>> 30) & 1;
    int op = (insn >>> 29) & 1;
    int cmode = (insn >>> 12) & 15;
    int imm8 = (((insn >>> 16) & 7) << 5) | ((insn >>> 5) & 31);
    int rd = insn & 31;
    if (((insn >>> 11) & 1) != 0 || (cmode == 15 && op == 1 && q == 0)) {
      cpu.undefinedInstruction(pc); // o2 = 1 is the FP16 form; FMOV Vd.1D does not exist
      return;
    }
    long imm = expandImm(op, cmode, imm8);
    boolean orrOrBic = (cmode & 1) != 0 && cmode < 12;
    long lo;
    long hi;
    if (orrOrBic) {
      lo = cpu.v[2 * rd];
      hi = cpu.v[2 * rd + 1];
      if (op == 0) {
        lo |= imm;
        hi |= imm;
      } else {
        lo &= ~imm;
        hi &= ~imm;
      }
    } else {
      boolean invert = op == 1 && cmode < 14; // MVNI
      lo = invert ? ~imm : imm;
      hi = lo;
    }
    SimdLanes.setPair(cpu, rd, lo, q != 0 ? hi : 0);
  }

  /** AdvSIMDExpandImm(op, cmode, imm8): the 64-bit pattern. */
  static long expandImm(int op, int cmode, int imm8) {
    long i = imm8 & 0xffL;
    return switch (cmode >>> 1) {
      case 0 -> SimdLanes.replicate(i, 2);
      case 1 -> SimdLanes.replicate(i << 8, 2);
      case 2 -> SimdLanes.replicate(i << 16, 2);
      case 3 -> SimdLanes.replicate(i << 24, 2);
      case 4 -> SimdLanes.replicate(i, 1);
      case 5 -> SimdLanes.replicate(i << 8, 1);
      case 6 -> SimdLanes.replicate((cmode & 1) == 0 ? (i << 8) | 0xff : (i << 16) | 0xffff, 2);
      default -> {
        if ((cmode & 1) == 0) {
          if (op == 0) {
            yield SimdLanes.replicate(i, 0);
          }
          long m = 0;
          for (int b = 0; b < 8; b++) {
            if (((imm8 >>> b) & 1) != 0) {
              m |= 0xffL << (8 * b);
            }
          }
          yield m;
        }
        if (op == 0) {
          long single = ((i & 0x80) << 24) | (((i & 0x40) != 0 ? 0x1fL : 0x20L) << 25) | ((i & 0x3f) << 19);
          yield SimdLanes.replicate(single, 2);
        }
        yield ((i & 0x80) << 56) | (((i & 0x40) != 0 ? 0xffL : 0x100L) << 54) | ((i & 0x3f) << 48);
      }
    };
  }

  private SimdModifiedImmediate() {}
}
