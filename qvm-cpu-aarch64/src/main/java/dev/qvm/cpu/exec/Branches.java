package dev.qvm.cpu.exec;

import static dev.qvm.cpu.decode.A64Decoder.*;

/**
 * ARM ARM C4.1.87, the branch half: unconditional (immediate and register), conditional,
 * compare-and-branch, test-and-branch, and ERET.
 */
public final class Branches {

  public static void execute(Cpu cpu, int op, int insn, long pc) {
    switch (op) {
      case B -> cpu.pc = pc + ((long) (insn << 6) >> 4); // SignExtend(imm26:'00')
      case BL -> {
        cpu.x[30] = pc + 4;
        cpu.pc = pc + ((long) (insn << 6) >> 4);
      }
      case B_COND -> {
        if (cpu.conditionHolds(insn & 0xf)) {
          cpu.pc = pc + imm19(insn);
        }
      }
      case CBZ, CBNZ -> {
        long value = cpu.x[insn & 31];
        boolean zero = (insn >>> 31) != 0 ? value == 0 : (int) value == 0;
        if (zero == (op == CBZ)) {
          cpu.pc = pc + imm19(insn);
        }
      }
      case TBZ, TBNZ -> {
        int bit = ((insn >>> 26) & 0x20) | ((insn >>> 19) & 0x1f); // b5:b40
        boolean set = ((cpu.x[insn & 31] >>> bit) & 1) != 0;
        if (set == (op == TBNZ)) {
          cpu.pc = pc + ((long) (insn << 13) >> 16 & ~3L); // SignExtend(imm14:'00')
        }
      }
      case BR, RET -> cpu.pc = cpu.x[(insn >>> 5) & 31];
      case BLR -> {
        long target = cpu.x[(insn >>> 5) & 31]; // read before X30 is written (BLR X30)
        cpu.x[30] = pc + 4;
        cpu.pc = target;
      }
      case ERET -> {
        if (cpu.el == 0) {
          cpu.undefinedInstruction(pc);
        } else {
          cpu.exceptionReturn();
        }
      }
      default -> cpu.undefinedInstruction(pc);
    }
  }

  /** SignExtend(imm19:'00') from bits [23:5]. */
  private static long imm19(int insn) {
    return (long) (insn << 8) >> 11 & ~3L;
  }

  private Branches() {}
}
