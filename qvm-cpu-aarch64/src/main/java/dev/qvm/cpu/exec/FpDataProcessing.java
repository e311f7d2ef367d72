package dev.qvm.cpu.exec;

import static dev.qvm.cpu.decode.A64Decoder.*;

import dev.qvm.cpu.fp.Fp;
import dev.qvm.cpu.fp.FpArith;
import dev.qvm.cpu.fp.FpConvert;

/**
 * ARM ARM C4.1.90 scalar floating-point data processing: one source (FMOV, FABS, FNEG, FSQRT,
 * FCVT between precisions, FRINT*), two sources (FMUL, FDIV, FADD, FSUB, FMAX, FMIN, FMAXNM,
 * FMINNM, FNMUL), three sources (FMADD, FMSUB, FNMADD, FNMSUB), FCMP/FCMPE, FCCMP/FCCMPE, FCSEL
 * and FMOV (immediate). The {@code type} field: 00 single, 01 double, 11 half (conversions only
 * in ARMv8.0), 10 unallocated.
 */
public final class FpDataProcessing {

  public static void execute(Cpu cpu, int op, int insn, long pc) {
    if (FpSimd.trapped(cpu, op, insn, pc)) {
      return;
    }
    int type = (insn >>> 22) & 3;
    int fmt = type == 0 ? Fp.S : type == 1 ? Fp.D : type == 3 ? Fp.H : -1;
    if (fmt < 0 || (fmt == Fp.H && op != FP_1SRC)) {
      cpu.undefinedInstruction(pc);
      return;
    }
    int rn = (insn >>> 5) & 31;
    int rm = (insn >>> 16) & 31;
    int rd = insn & 31;
    long n = cpu.v[2 * rn];
    long m = cpu.v[2 * rm];
    long mask = fmt == Fp.D ? -1L : fmt == Fp.S ? 0xffff_ffffL : 0xffffL;
    n &= mask;
    m &= mask;
    switch (op) {
      case FP_1SRC -> oneSource(cpu, insn, pc, fmt, n, rd);
      case FP_2SRC -> {
        int opcode = (insn >>> 12) & 15;
        long r = switch (opcode) {
          case 0 -> FpArith.mul(n, m, fmt, cpu.sys);
          case 1 -> FpArith.div(n, m, fmt, cpu.sys);
          case 2 -> FpArith.add(n, m, false, fmt, cpu.sys);
          case 3 -> FpArith.add(n, m, true, fmt, cpu.sys);
          case 4 -> FpArith.maxMin(n, m, true, false, fmt, cpu.sys);
          case 5 -> FpArith.maxMin(n, m, false, false, fmt, cpu.sys);
          case 6 -> FpArith.maxMin(n, m, true, true, fmt, cpu.sys);
          case 7 -> FpArith.maxMin(n, m, false, true, fmt, cpu.sys);
          case 8 -> FpArith.mul(n, m, fmt, cpu.sys) ^ (1L << (Fp.width(fmt) - 1)); // FNMUL
          default -> -1L;
        };
        if (opcode > 8) {
          cpu.undefinedInstruction(pc);
          return;
        }
        SimdLanes.setLow(cpu, rd, r & mask);
      }
      case FP_3SRC -> {
        long a = cpu.v[2 * ((insn >>> 10) & 31)] & mask;
        boolean o1 = ((insn >>> 21) & 1) != 0;
        boolean o0 = ((insn >>> 15) & 1) != 0;
        // FMADD a+n*m, FMSUB a-n*m, FNMADD -a-n*m, FNMSUB -a+n*m.
        long r = FpArith.mulAdd(a, n, m, o1, o0 != o1, fmt, cpu.sys);
        SimdLanes.setLow(cpu, rd, r & mask);
      }
      case FP_COMPARE -> {
        int opcode2 = insn & 31;
        if (((insn >>> 14) & 3) != 0 || (opcode2 & 7) != 0) {
          cpu.undefinedInstruction(pc);
          return;
        }
        long operand2 = (opcode2 & 8) != 0 ? 0 : m;
        cpu.setNzcv(FpArith.compare(n, operand2, (opcode2 & 16) != 0, fmt, cpu.sys));
      }
      case FP_CCMP -> {
        int cond = (insn >>> 12) & 15;
        if (cpu.conditionHolds(cond)) {
          cpu.setNzcv(FpArith.compare(n, m, ((insn >>> 4) & 1) != 0, fmt, cpu.sys));
        } else {
          cpu.setNzcv((insn & 15) << 28);
        }
      }
      case FP_CSEL -> SimdLanes.setLow(cpu, rd, cpu.conditionHolds((insn >>> 12) & 15) ? n : m);
      case FP_IMM -> {
        if (((insn >>> 5) & 31) != 0) {
          cpu.undefinedInstruction(pc);
          return;
        }
        int imm8 = (insn >>> 13) & 0xff;
        long imm = SimdModifiedImmediate.expandImm(fmt == Fp.D ? 1 : 0, 15, imm8);
        SimdLanes.setLow(cpu, rd, imm & mask);
      }
      default -> cpu.undefinedInstruction(pc);
    }
  }

  private static void oneSource(Cpu cpu, int insn, long pc, int fmt, long n, int rd) {
    int opcode = (insn >>> 15) & 63;
    long signBit = 1L << (Fp.width(fmt) - 1);
    if (fmt == Fp.H && (opcode & 0b111100) != 0b000100) {
      cpu.undefinedInstruction(pc);
      return;
    }
    long r;
    switch (opcode) {
      case 0b000000 -> r = n; // FMOV (register)
      case 0b000001 -> r = n & ~signBit; // FABS
      case 0b000010 -> r = n ^ signBit; // FNEG
      case 0b000011 -> r = FpArith.sqrt(n, fmt, cpu.sys);
      case 0b000100, 0b000101, 0b000111 -> {
        int to = opcode == 0b000100 ? Fp.S : opcode == 0b000101 ? Fp.D : Fp.H;
        if (to == fmt) {
          cpu.undefinedInstruction(pc);
          return;
        }
        r = FpConvert.convert(n, fmt, to, Fp.rmode(cpu.sys), cpu.sys);
      }
      case 0b001000 -> r = FpConvert.roundInt(n, fmt, Fp.RN, false, cpu.sys);
      case 0b001001 -> r = FpConvert.roundInt(n, fmt, Fp.RP, false, cpu.sys);
      case 0b001010 -> r = FpConvert.roundInt(n, fmt, Fp.RM, false, cpu.sys);
      case 0b001011 -> r = FpConvert.roundInt(n, fmt, Fp.RZ, false, cpu.sys);
      case 0b001100 -> r = FpConvert.roundInt(n, fmt, Fp.RA, false, cpu.sys);
      case 0b001110 -> r = FpConvert.roundInt(n, fmt, Fp.rmode(cpu.sys), true, cpu.sys);
      case 0b001111 -> r = FpConvert.roundInt(n, fmt, Fp.rmode(cpu.sys), false, cpu.sys);
      default -> {
        cpu.undefinedInstruction(pc);
        return;
      }
    }
    SimdLanes.setLow(cpu, rd, r);
  }

  private FpDataProcessing() {}
}
