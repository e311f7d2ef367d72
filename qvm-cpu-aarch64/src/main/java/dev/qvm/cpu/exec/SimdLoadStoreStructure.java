package dev.qvm.cpu.exec;

import static dev.qvm.cpu.decode.A64Decoder.*;

/**
 * ARM ARM C4.1.88 "Advanced SIMD load/store multiple structures" and "single structure"
 * (C7.2 LD1-LD4, LD1R-LD4R, ST1-ST4), with and without post-index. Elements are transferred in
 * the order of the shared pseudocode (J1 "LDn/STn (multiple)" loops: repetition, element,
 * structure member), register numbers wrapping modulo 32.
 */
public final class SimdLoadStoreStructure {

  /**
   * Per-thread staging for loaded registers, so that a fault part-way through leaves every
   * destination unchanged (as QEMU probes the whole access first). A vCPU runs on one thread.
   */
  private static final ThreadLocal<long[]> SCRATCH = ThreadLocal.withInitial(() -> new long[8]);

  public static void execute(Cpu cpu, int op, int insn, long pc) {
    if (unallocated(op, insn)) {
      cpu.undefinedInstruction(pc); // UNDEFINED takes priority over the FPEN trap
      return;
    }
    if (FpSimd.trapped(cpu, pc)) {
      return;
    }
    switch (op) {
      case SIMD_LDST_MULT, SIMD_LDST_MULT_P -> multiple(cpu, insn, pc, op == SIMD_LDST_MULT_P);
      case SIMD_LDST_SINGLE, SIMD_LDST_SINGLE_P -> single(cpu, insn, pc, op == SIMD_LDST_SINGLE_P);
      default -> cpu.undefinedInstruction(pc);
    }
  }

  /** The reserved opcode/size/S combinations (the same rules the transfers apply below). */
  static boolean unallocated(int op, int insn) {
    int q = (insn >>> 30) & 1;
    int size = (insn >>> 10) & 3;
    boolean load = ((insn >>> 22) & 1) != 0;
    if (op == SIMD_LDST_MULT || op == SIMD_LDST_MULT_P) {
      int opcode = (insn >>> 12) & 15;
      boolean known = opcode == 0 || opcode == 2 || opcode == 4 || opcode == 6 || opcode == 7
          || opcode == 8 || opcode == 10;
      boolean single = opcode == 2 || opcode == 6 || opcode == 7 || opcode == 10;
      return !known || (size == 3 && q == 0 && !single);
    }
    int scale = (insn >>> 14) & 3;
    int s = (insn >>> 12) & 1;
    return switch (scale) {
      case 3 -> !load || s != 0;
      case 0 -> false;
      case 1 -> (size & 1) != 0;
      default -> (size & 2) != 0 || ((size & 1) != 0 && s != 0);
    };
  }

  /** LD1-LD4/ST1-ST4 (multiple structures). */
  private static void multiple(Cpu cpu, int insn, long pc, boolean postIndex) {
    int q = (insn >>> 30) & 1;
    boolean load = ((insn >>> 22) & 1) != 0;
    int opcode = (insn >>> 12) & 15;
    int size = (insn >>> 10) & 3;
    int rpt;
    int selem;
    switch (opcode) {
      case 0b0000 -> { rpt = 1; selem = 4; }
      case 0b0010 -> { rpt = 4; selem = 1; }
      case 0b0100 -> { rpt = 1; selem = 3; }
      case 0b0110 -> { rpt = 3; selem = 1; }
      case 0b0111 -> { rpt = 1; selem = 1; }
      case 0b1000 -> { rpt = 1; selem = 2; }
      case 0b1010 -> { rpt = 2; selem = 1; }
      default -> {
        cpu.undefinedInstruction(pc);
        return;
      }
    }
    if (size == 3 && q == 0 && selem != 1) {
      cpu.undefinedInstruction(pc); // LD2/LD3/LD4 .1D is reserved
      return;
    }
    int rn = (insn >>> 5) & 31;
    int rt = insn & 31;
    int esize = 1 << size;
    int elements = (8 << q) >>> size;
    long base = cpu.xOrSp(rn);
    long address = base;
    if (load) {
      // Gather into a scratch copy first so that a fault part-way leaves the registers unchanged.
      long[] scratch = SCRATCH.get();
      for (int r = 0; r < rpt * selem; r++) {
        int t = (rt + r) & 31;
        scratch[2 * r] = cpu.v[2 * t];
        scratch[2 * r + 1] = cpu.v[2 * t + 1];
      }
      for (int r = 0; r < rpt; r++) {
        for (int e = 0; e < elements; e++) {
          for (int s = 0; s < selem; s++) {
            int slot = r + s;
            long value = cpu.mmu.read(address, esize);
            int w = 2 * slot + ((e << size) >>> 3);
            scratch[w] = SimdLanes.insert(scratch[w], size, e & ((8 >>> size) - 1), value);
            address += esize;
          }
        }
      }
      for (int r = 0; r < rpt * selem; r++) {
        int t = (rt + r) & 31;
        cpu.v[2 * t] = scratch[2 * r];
        cpu.v[2 * t + 1] = q != 0 ? scratch[2 * r + 1] : 0;
      }
    } else {
      for (int r = 0; r < rpt; r++) {
        for (int e = 0; e < elements; e++) {
          for (int s = 0; s < selem; s++) {
            int t = (rt + r + s) & 31;
            cpu.mmu.write(address, esize, SimdLanes.get(cpu, t, size, e));
            address += esize;
          }
        }
      }
    }
    if (postIndex) {
      writeBack(cpu, insn, rn, base, (long) rpt * selem * (8 << q));
    }
  }

  /** LD1-LD4/ST1-ST4 (single structure) and LD1R-LD4R. */
  private static void single(Cpu cpu, int insn, long pc, boolean postIndex) {
    int q = (insn >>> 30) & 1;
    boolean load = ((insn >>> 22) & 1) != 0;
    int r = (insn >>> 21) & 1;
    int opcode = (insn >>> 13) & 7;
    int s = (insn >>> 12) & 1;
    int size = (insn >>> 10) & 3;
    int selem = (((opcode & 1) << 1) | r) + 1;
    int scale = opcode >>> 1;
    boolean replicate = false;
    int index = 0;
    switch (scale) {
      case 3 -> {
        if (!load || s != 0) {
          cpu.undefinedInstruction(pc);
          return;
        }
        scale = size;
        replicate = true;
      }
      case 0 -> index = (q << 3) | (s << 2) | size;
      case 1 -> {
        if ((size & 1) != 0) {
          cpu.undefinedInstruction(pc);
          return;
        }
        index = (q << 2) | (s << 1) | (size >>> 1);
      }
      default -> {
        if ((size & 2) != 0 || ((size & 1) != 0 && s != 0)) {
          cpu.undefinedInstruction(pc);
          return;
        }
        if ((size & 1) == 0) {
          index = (q << 1) | s;
        } else {
          index = q;
          scale = 3;
        }
      }
    }
    int rn = (insn >>> 5) & 31;
    int rt = insn & 31;
    int esize = 1 << scale;
    long base = cpu.xOrSp(rn);
    long address = base;
    if (replicate) {
      long[] scratch = SCRATCH.get();
      for (int i = 0; i < selem; i++) {
        scratch[i] = SimdLanes.replicate(cpu.mmu.read(address, esize), scale);
        address += esize;
      }
      for (int i = 0; i < selem; i++) {
        SimdLanes.setPair(cpu, (rt + i) & 31, scratch[i], q != 0 ? scratch[i] : 0);
      }
    } else if (load) {
      long[] scratch = SCRATCH.get();
      for (int i = 0; i < selem; i++) {
        scratch[i] = cpu.mmu.read(address, esize);
        address += esize;
      }
      for (int i = 0; i < selem; i++) {
        SimdLanes.set(cpu, (rt + i) & 31, scale, index, scratch[i]);
      }
    } else {
      for (int i = 0; i < selem; i++) {
        cpu.mmu.write(address, esize, SimdLanes.get(cpu, (rt + i) & 31, scale, index));
        address += esize;
      }
    }
    if (postIndex) {
      writeBack(cpu, insn, rn, base, (long) selem << scale);
    }
  }

  /** Post-index: Rm = 31 adds the transfer size, otherwise Xm. */
  private static void writeBack(Cpu cpu, int insn, int rn, long base, long transferSize) {
    int rm = (insn >>> 16) & 31;
    cpu.setXOrSp(rn, base + (rm == 31 ? transferSize : cpu.x[rm]));
  }

  private SimdLoadStoreStructure() {}
}
