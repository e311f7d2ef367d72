package dev.qvm.cpu.exec;

/**
 * The pre-decoded loads and stores (ARM ARM C4.1.88), matching {@link LoadStoreSingle} and
 * {@link LoadStorePair}: zero-extending LDR/STR in the unsigned-offset, imm9 and register-offset
 * forms and LDP/STP of X registers; {@link Predecoder} chooses among them.
 */
final class DecodedLoadStore {

  private DecodedLoadStore() {}

  // ---- loads and stores (LoadStoreSingle, LoadStorePair) ----

  static final class LoadUnsigned extends DecodedInsn {
    final int rt;
    final int rn;
    final long offset;
    final int size;

    LoadUnsigned(int rt, int rn, long offset, int size) {
      this.rt = rt;
      this.rn = rn;
      this.offset = offset;
      this.size = size;
    }

    @Override
    void execute(Cpu cpu, long pc) {
      cpu.x[rt] = load(cpu, cpu.xOrSp(rn) + offset, size);
    }
  }

  static final class StoreUnsigned extends DecodedInsn {
    final int rt;
    final int rn;
    final long offset;
    final int size;

    StoreUnsigned(int rt, int rn, long offset, int size) {
      this.rt = rt;
      this.rn = rn;
      this.offset = offset;
      this.size = size;
    }

    @Override
    void execute(Cpu cpu, long pc) {
      store(cpu, cpu.xOrSp(rn) + offset, size, cpu.x[rt]);
    }
  }

  /** A zero-extending load of {@code 1 << size} bytes (LoadStoreSingle.access, opc 01). */
  static long load(Cpu cpu, long va, int size) {
    return switch (size) {
      case 3 -> cpu.mmu.read64(va);
      case 2 -> cpu.mmu.read32(va);
      case 1 -> cpu.mmu.read16(va);
      default -> cpu.mmu.read8(va);
    };
  }

  /** A store of the low {@code 1 << size} bytes (LoadStoreSingle.access, opc 00). */
  static void store(Cpu cpu, long va, int size, long value) {
    switch (size) {
      case 3 -> cpu.mmu.write64(va, value);
      case 2 -> cpu.mmu.write32(va, value);
      case 1 -> cpu.mmu.write16(va, value);
      default -> cpu.mmu.write8(va, value);
    }
  }

  /** LDUR and LDR pre-/post-index (idx 0 unscaled, 1 post-index, 3 pre-index). */
  static final class LoadImm9 extends DecodedInsn {
    final int rt;
    final int rn;
    final long imm;
    final int size;
    final int idx;

    LoadImm9(int rt, int rn, long imm, int size, int idx) {
      this.rt = rt;
      this.rn = rn;
      this.imm = imm;
      this.size = size;
      this.idx = idx;
    }

    @Override
    void execute(Cpu cpu, long pc) {
      long base = cpu.xOrSp(rn);
      cpu.x[rt] = load(cpu, idx == 1 ? base : base + imm, size);
      if (idx != 0) {
        cpu.setXOrSp(rn, base + imm); // the write-back wins when Rn == Rt, as in QEMU
      }
    }
  }

  /** STUR and STR pre-/post-index. */
  static final class StoreImm9 extends DecodedInsn {
    final int rt;
    final int rn;
    final long imm;
    final int size;
    final int idx;

    StoreImm9(int rt, int rn, long imm, int size, int idx) {
      this.rt = rt;
      this.rn = rn;
      this.imm = imm;
      this.size = size;
      this.idx = idx;
    }

    @Override
    void execute(Cpu cpu, long pc) {
      long base = cpu.xOrSp(rn);
      store(cpu, idx == 1 ? base : base + imm, size, cpu.x[rt]);
      if (idx != 0) {
        cpu.setXOrSp(rn, base + imm);
      }
    }
  }

  /** LDR (register): Rm extended by UXTW/LSL/SXTW/SXTX, optionally scaled. */
  static final class LoadRegOffset extends DecodedInsn {
    final int rt;
    final int rn;
    final int rm;
    final int option;
    final int shift;
    final int size;

    LoadRegOffset(int rt, int rn, int rm, int option, int shift, int size) {
      this.rt = rt;
      this.rn = rn;
      this.rm = rm;
      this.option = option;
      this.shift = shift;
      this.size = size;
    }

    @Override
    void execute(Cpu cpu, long pc) {
      long va = cpu.xOrSp(rn) + Alu.extend(cpu.x[rm], option, shift);
      cpu.x[rt] = load(cpu, va, size);
    }
  }

  static final class StoreRegOffset extends DecodedInsn {
    final int rt;
    final int rn;
    final int rm;
    final int option;
    final int shift;
    final int size;

    StoreRegOffset(int rt, int rn, int rm, int option, int shift, int size) {
      this.rt = rt;
      this.rn = rn;
      this.rm = rm;
      this.option = option;
      this.shift = shift;
      this.size = size;
    }

    @Override
    void execute(Cpu cpu, long pc) {
      long va = cpu.xOrSp(rn) + Alu.extend(cpu.x[rm], option, shift);
      store(cpu, va, size, cpu.x[rt]);
    }
  }

  /** LDP Xt, Xt2 (idx 1 post-index, 2 signed offset, 3 pre-index, 0 LDNP). */
  static final class LoadPair extends DecodedInsn {
    final int rt;
    final int rt2;
    final int rn;
    final long offset;
    final int idx;

    LoadPair(int rt, int rt2, int rn, long offset, int idx) {
      this.rt = rt;
      this.rt2 = rt2;
      this.rn = rn;
      this.offset = offset;
      this.idx = idx;
    }

    @Override
    void execute(Cpu cpu, long pc) {
      long base = cpu.xOrSp(rn);
      long va = idx == 1 ? base : base + offset;
      long first = cpu.mmu.read64(va);
      long second = cpu.mmu.read64(va + 8);
      cpu.x[rt] = first;
      cpu.x[rt2] = second;
      if (idx == 1 || idx == 3) {
        cpu.setXOrSp(rn, base + offset);
      }
    }
  }

  static final class StorePair extends DecodedInsn {
    final int rt;
    final int rt2;
    final int rn;
    final long offset;
    final int idx;

    StorePair(int rt, int rt2, int rn, long offset, int idx) {
      this.rt = rt;
      this.rt2 = rt2;
      this.rn = rn;
      this.offset = offset;
      this.idx = idx;
    }

    @Override
    void execute(Cpu cpu, long pc) {
      long base = cpu.xOrSp(rn);
      long va = idx == 1 ? base : base + offset;
      long first = cpu.x[rt];
      long second = cpu.x[rt2];
      cpu.mmu.write64(va, first);
      cpu.mmu.write64(va + 8, second);
      if (idx == 1 || idx == 3) {
        cpu.setXOrSp(rn, base + offset);
      }
    }
  }
}
