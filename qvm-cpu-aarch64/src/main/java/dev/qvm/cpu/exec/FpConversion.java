package dev.qvm.cpu.exec;

import static dev.qvm.cpu.decode.A64Decoder.*;

import dev.qvm.cpu.fp.Fp;
import dev.qvm.cpu.fp.FpConvert;

/**
 * ARM ARM C4.1.90 "Conversion between floating-point and integer" (FCVT[NPMZA][SU], SCVTF,
 * UCVTF, FMOV (general)) and "Conversion between floating-point and fixed-point" (FCVTZS,
 * FCVTZU, SCVTF, UCVTF with #fbits).
 */
public final class FpConversion {

  public static void execute(Cpu cpu, int op, int insn, long pc) {
    if (FpSimd.trapped(cpu, op, insn, pc)) {
      return;
    }
    int sf = insn >>> 31;
    int type = (insn >>> 22) & 3;
    int rmode = (insn >>> 19) & 3;
    int opcode = (insn >>> 16) & 7;
    int rn = (insn >>> 5) & 31;
    int rd = insn & 31;
    if (op == FP_CVT_INT && (opcode == 6 || opcode == 7)) {
      fmovGeneral(cpu, pc, sf, type, rmode, opcode == 7, rn, rd);
      return;
    }
    if (type > 1) {
      cpu.undefinedInstruction(pc); // half-precision forms are ARMv8.2 FP16
      return;
    }
    int fmt = type == 0 ? Fp.S : Fp.D;
    int fracBits = 0;
    int rounding;
    if (op == FP_CVT_FIXED) {
      int scale = (insn >>> 10) & 63;
      if ((sf == 0 && scale < 32) || opcode > 3 || rmode != (opcode < 2 ? 3 : 0)) {
        cpu.undefinedInstruction(pc);
        return;
      }
      fracBits = 64 - scale;
      rounding = Fp.RZ;
    } else if (opcode < 2) {
      rounding = rmode; // N, P, M, Z
    } else if (rmode != 0) {
      cpu.undefinedInstruction(pc);
      return;
    } else {
      rounding = opcode >= 4 ? Fp.RA : Fp.rmode(cpu.sys);
    }
    long mask = fmt == Fp.D ? -1L : 0xffff_ffffL;
    boolean toInt = opcode < 2 || opcode >= 4;
    boolean unsigned = (opcode & 1) != 0;
    if (toInt) {
      long r = FpConvert.toFixed(cpu.v[2 * rn] & mask, fmt, fracBits, unsigned, sf != 0 ? 64 : 32,
          rounding, cpu.sys);
      cpu.setReg(sf, rd, r);
    } else {
      long x = cpu.x[rn];
      if (sf == 0) {
        x = unsigned ? x & 0xffff_ffffL : (int) x;
      }
      long r = FpConvert.fromFixed(x, unsigned, fracBits, fmt, Fp.rmode(cpu.sys), cpu.sys);
      SimdLanes.setLow(cpu, rd, r & mask);
    }
  }

  /** FMOV between a general register and Sd, Dd or Vd.D[1] (C7.2 FMOV (general)). */
  private static void fmovGeneral(Cpu cpu, long pc, int sf, int type, int rmode, boolean toFp,
      int rn, int rd) {
    int form = (sf << 4) | (type << 2) | rmode;
    switch (form) {
      case 0b0_00_00 -> { // 32-bit: Wd <-> Sn
        if (toFp) {
          SimdLanes.setLow(cpu, rd, cpu.x[rn] & 0xffff_ffffL);
        } else {
          cpu.setW(rd, cpu.v[2 * rn]);
        }
      }
      case 0b1_01_00 -> { // 64-bit: Xd <-> Dn
        if (toFp) {
          SimdLanes.setLow(cpu, rd, cpu.x[rn]);
        } else {
          cpu.setX(rd, cpu.v[2 * rn]);
        }
      }
      case 0b1_10_01 -> { // Xd <-> Vn.D[1]; the lower half is kept
        if (toFp) {
          cpu.v[2 * rd + 1] = cpu.x[rn];
        } else {
          cpu.setX(rd, cpu.v[2 * rn + 1]);
        }
      }
      default -> cpu.undefinedInstruction(pc);
    }
  }

  private FpConversion() {}
}
