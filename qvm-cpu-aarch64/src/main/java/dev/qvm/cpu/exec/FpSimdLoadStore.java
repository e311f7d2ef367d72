package dev.qvm.cpu.exec;

import static dev.qvm.cpu.decode.A64Decoder.*;

/**
 * ARM ARM C4.1.88 loads and stores of SIMD&amp;FP registers (V = 1): LDR (literal), LDP/STP and
 * LDNP/STNP, LDR/STR with unscaled, pre-/post-indexed, unsigned-offset and register-offset
 * addressing, for B, H, S, D and Q registers. A load writes the whole register, zero-extended
 * (C2.3 "the unused upper bits are cleared").
 */
public final class FpSimdLoadStore {

  public static void execute(Cpu cpu, int op, int insn, long pc) {
    if (unallocated(op, insn)) {
      cpu.undefinedInstruction(pc); // UNDEFINED takes priority over the FPEN trap
      return;
    }
    if (FpSimd.trapped(cpu, pc)) {
      return;
    }
    switch (op) {
      case FP_LDR_LIT -> loadLiteral(cpu, insn, pc);
      case FP_LDST_PAIR -> pair(cpu, insn, pc);
      case FP_LDST_IMM9 -> immediate9(cpu, insn, pc);
      case FP_LDST_REGOFF -> registerOffset(cpu, insn, pc);
      case FP_LDST_UIMM -> unsignedOffset(cpu, insn, pc);
      default -> cpu.undefinedInstruction(pc);
    }
  }

  /** The unallocated size/opc/idx/option combinations of these classes. */
  static boolean unallocated(int op, int insn) {
    int scale = scaleOf(insn >>> 30, (insn >>> 22) & 3);
    return switch (op) {
      case FP_LDR_LIT, FP_LDST_PAIR -> insn >>> 30 == 3;
      case FP_LDST_IMM9 -> scale < 0 || ((insn >>> 10) & 3) == 2;
      case FP_LDST_REGOFF -> scale < 0 || ((insn >>> 13) & 2) == 0;
      default -> scale < 0;
    };
  }

  /** C6.3.x LDR (literal, SIMD&amp;FP): opc 00 S, 01 D, 10 Q. */
  private static void loadLiteral(Cpu cpu, int insn, long pc) {
    int opc = insn >>> 30;
    if (opc == 3) {
      cpu.undefinedInstruction(pc);
      return;
    }
    long va = pc + ((long) (insn << 8) >> 11 & ~3L);
    load(cpu, opc + 2, va, insn & 31);
  }

  /** C6.3.x LDP/STP/LDNP/STNP (SIMD&amp;FP): opc 00 S, 01 D, 10 Q. */
  private static void pair(Cpu cpu, int insn, long pc) {
    int opc = insn >>> 30;
    if (opc == 3) {
      cpu.undefinedInstruction(pc);
      return;
    }
    int scale = opc + 2;
    int idx = (insn >>> 23) & 3;
    boolean load = ((insn >>> 22) & 1) != 0;
    long offset = ((long) (insn << 10) >> 25) << scale;
    int rn = (insn >>> 5) & 31;
    int rt = insn & 31;
    int rt2 = (insn >>> 10) & 31;
    long base = cpu.xOrSp(rn);
    long va = idx == 1 ? base : base + offset;
    int bytes = 1 << scale;
    if (load) {
      long a0 = cpu.mmu.read(va, Math.min(bytes, 8));
      long a1 = scale == 4 ? cpu.mmu.read64(va + 8) : 0;
      long b0 = cpu.mmu.read(va + bytes, Math.min(bytes, 8));
      long b1 = scale == 4 ? cpu.mmu.read64(va + bytes + 8) : 0;
      SimdLanes.setPair(cpu, rt, a0, a1);
      SimdLanes.setPair(cpu, rt2, b0, b1);
    } else {
      store(cpu, scale, va, rt);
      store(cpu, scale, va + bytes, rt2);
    }
    if (idx == 1 || idx == 3) {
      cpu.setXOrSp(rn, base + offset);
    }
  }

  /** The log2 access size of a size:opc pair, or -1 when unallocated (opc&lt;1&gt; is Q). */
  private static int scaleOf(int size, int opc) {
    if ((opc & 2) != 0) {
      return size == 0 ? 4 : -1;
    }
    return size;
  }

  /** C6.3.x LDUR/STUR and the pre-/post-indexed LDR/STR (SIMD&amp;FP). */
  private static void immediate9(Cpu cpu, int insn, long pc) {
    int scale = scaleOf(insn >>> 30, (insn >>> 22) & 3);
    int idx = (insn >>> 10) & 3;
    if (scale < 0 || idx == 2) { // idx 10 would be LDTR/STTR, which have no SIMD&FP form
      cpu.undefinedInstruction(pc);
      return;
    }
    long imm = (long) (insn << 11) >> 23;
    int rn = (insn >>> 5) & 31;
    long base = cpu.xOrSp(rn);
    long va = idx == 1 ? base : base + imm;
    access(cpu, scale, (insn >>> 22) & 1, va, insn & 31);
    if (idx != 0) {
      cpu.setXOrSp(rn, base + imm);
    }
  }

  /** C6.3.x LDR/STR (register, SIMD&amp;FP). */
  private static void registerOffset(Cpu cpu, int insn, long pc) {
    int scale = scaleOf(insn >>> 30, (insn >>> 22) & 3);
    int option = (insn >>> 13) & 7;
    if (scale < 0 || (option & 2) == 0) {
      cpu.undefinedInstruction(pc);
      return;
    }
    int shift = ((insn >>> 12) & 1) != 0 ? scale : 0;
    long offset = Alu.extend(cpu.x[(insn >>> 16) & 31], option, shift);
    access(cpu, scale, (insn >>> 22) & 1, cpu.xOrSp((insn >>> 5) & 31) + offset, insn & 31);
  }

  /** C6.3.x LDR/STR (immediate, unsigned offset, SIMD&amp;FP). */
  private static void unsignedOffset(Cpu cpu, int insn, long pc) {
    int scale = scaleOf(insn >>> 30, (insn >>> 22) & 3);
    if (scale < 0) {
      cpu.undefinedInstruction(pc);
      return;
    }
    long va = cpu.xOrSp((insn >>> 5) & 31) + ((long) ((insn >>> 10) & 0xfff) << scale);
    access(cpu, scale, (insn >>> 22) & 1, va, insn & 31);
  }

  private static void access(Cpu cpu, int scale, int load, long va, int rt) {
    if (load != 0) {
      load(cpu, scale, va, rt);
    } else {
      store(cpu, scale, va, rt);
    }
  }

  /** Loads 1 &lt;&lt; scale bytes into V[rt], zero-extended to 128 bits. */
  static void load(Cpu cpu, int scale, long va, int rt) {
    if (scale == 4) {
      long lo = cpu.mmu.read64(va);
      long hi = cpu.mmu.read64(va + 8);
      SimdLanes.setPair(cpu, rt, lo, hi);
    } else {
      SimdLanes.setLow(cpu, rt, cpu.mmu.read(va, 1 << scale));
    }
  }

  /** Stores the low 1 &lt;&lt; scale bytes of V[rt]. */
  static void store(Cpu cpu, int scale, long va, int rt) {
    if (scale == 4) {
      cpu.mmu.write64(va, cpu.v[2 * rt]);
      cpu.mmu.write64(va + 8, cpu.v[2 * rt + 1]);
    } else {
      cpu.mmu.write(va, 1 << scale, cpu.v[2 * rt]);
    }
  }

  private FpSimdLoadStore() {}
}
