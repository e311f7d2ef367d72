package dev.qvm.cpu.exec;

import static dev.qvm.cpu.decode.A64Decoder.*;

/**
 * ARM ARM C4.1.88, single general-purpose registers: load literal, and load/store with an
 * unsigned scaled offset, a 9-bit signed offset (unscaled, pre-index, post-index and the
 * unprivileged LDTR/STTR forms) or a register offset. PRFM is a NOP.
 *
 * <p>Like QEMU, qvm does not check SP alignment (SCTLR_EL1.SA): the same images behave alike.
 */
public final class LoadStoreSingle {

  public static void execute(Cpu cpu, int op, int insn, long pc) {
    switch (op) {
      case LDR_LIT -> {
        long va = pc + ((long) (insn << 8) >> 11 & ~3L);
        int rt = insn & 31;
        if (((insn >>> 30) & 1) != 0) {
          cpu.setX(rt, cpu.mmu.read64(va));
        } else {
          cpu.setX(rt, cpu.mmu.read32(va));
        }
      }
      case LDRSW_LIT -> {
        long va = pc + ((long) (insn << 8) >> 11 & ~3L);
        cpu.setX(insn & 31, (int) cpu.mmu.read32(va));
      }
      case PRFM_LIT -> {} // C6.2.212: a hint; never faults
      case LDST_UIMM -> {
        int size = insn >>> 30;
        long va = cpu.xOrSp((insn >>> 5) & 31) + ((long) ((insn >>> 10) & 0xfff) << size);
        access(cpu, size, (insn >>> 22) & 3, va, insn & 31, false, pc);
      }
      case LDST_IMM9 -> immediate9(cpu, insn, pc);
      case LDST_REGOFF -> registerOffset(cpu, insn, pc);
      default -> cpu.undefinedInstruction(pc);
    }
  }

  /** LDUR/STUR, LDR/STR pre- and post-index, LDTR/STTR: the imm9 forms. */
  private static void immediate9(Cpu cpu, int insn, long pc) {
    int size = insn >>> 30;
    int opc = (insn >>> 22) & 3;
    int idx = (insn >>> 10) & 3;
    long imm = (long) (insn << 11) >> 23; // SignExtend(imm9) from bits [20:12]
    int rn = (insn >>> 5) & 31;
    int rt = insn & 31;
    long base = cpu.xOrSp(rn);
    boolean prefetch = size == 3 && opc == 2;
    if (prefetch && idx != 0) {
      cpu.undefinedInstruction(pc); // only PRFUM exists in this space
      return;
    }
    switch (idx) {
      case 0 -> access(cpu, size, opc, base + imm, rt, false, pc);
      case 2 -> access(cpu, size, opc, base + imm, rt, true, pc);
      default -> {
        long va = idx == 1 ? base : base + imm; // post-index : pre-index
        if (!valid(size, opc)) {
          cpu.undefinedInstruction(pc);
          return;
        }
        access(cpu, size, opc, va, rt, false, pc);
        cpu.setXOrSp(rn, base + imm); // the write-back wins when Rn == Rt, as in QEMU
      }
    }
  }

  /** LDR/STR (register): the offset is Rm extended by UXTW/LSL/SXTW/SXTX, optionally scaled. */
  private static void registerOffset(Cpu cpu, int insn, long pc) {
    int option = (insn >>> 13) & 7;
    if ((option & 2) == 0) {
      cpu.undefinedInstruction(pc); // option<1> = 0 is reserved
      return;
    }
    int size = insn >>> 30;
    int shift = ((insn >>> 12) & 1) != 0 ? size : 0;
    long offset = Alu.extend(cpu.x[(insn >>> 16) & 31], option, shift);
    long va = cpu.xOrSp((insn >>> 5) & 31) + offset;
    access(cpu, size, (insn >>> 22) & 3, va, insn & 31, false, pc);
  }

  private static boolean valid(int size, int opc) {
    return !(opc == 3 && size >= 2) && !(opc == 2 && size == 3);
  }

  /**
   * One load or store of 1 &lt;&lt; size bytes. {@code opc}: 00 store, 01 load zero-extended,
   * 10 load sign-extended to 64 bits (PRFM when size = 3), 11 load sign-extended to 32 bits.
   */
  static void access(Cpu cpu, int size, int opc, long va, int rt, boolean unprivileged, long pc) {
    int bytes = 1 << size;
    switch (opc) {
      case 0 -> {
        long value = cpu.x[rt];
        if (unprivileged) {
          cpu.mmu.writeUnprivileged(va, bytes, value);
        } else {
          cpu.mmu.write(va, bytes, value);
        }
      }
      case 1 -> cpu.setX(rt, unprivileged ? cpu.mmu.readUnprivileged(va, bytes) : cpu.mmu.read(va, bytes));
      case 2 -> {
        if (size == 3) {
          if (unprivileged) {
            cpu.undefinedInstruction(pc);
          }
          return; // PRFM/PRFUM: a hint
        }
        long raw = unprivileged ? cpu.mmu.readUnprivileged(va, bytes) : cpu.mmu.read(va, bytes);
        cpu.setX(rt, signExtend(raw, size));
      }
      default -> {
        if (size >= 2) {
          cpu.undefinedInstruction(pc);
          return;
        }
        long raw = unprivileged ? cpu.mmu.readUnprivileged(va, bytes) : cpu.mmu.read(va, bytes);
        cpu.setW(rt, signExtend(raw, size));
      }
    }
  }

  static long signExtend(long value, int size) {
    return switch (size) {
      case 0 -> (byte) value;
      case 1 -> (short) value;
      case 2 -> (int) value;
      default -> value;
    };
  }

  private LoadStoreSingle() {}
}
