package dev.qvm.cpu.exec;

/**
 * The pre-decoded branches (ARM ARM C4.1.87), matching {@link Branches}; {@link Predecoder}
 * chooses among them.
 */
final class DecodedBranches {

  private DecodedBranches() {}

  // ---- branches (Branches) ----

  static final class Branch extends DecodedInsn {
    final long offset;

    Branch(long offset) {
      this.offset = offset;
    }

    @Override
    void execute(Cpu cpu, long pc) {
      cpu.pc = pc + offset;
    }
  }

  static final class BranchLink extends DecodedInsn {
    final long offset;

    BranchLink(long offset) {
      this.offset = offset;
    }

    @Override
    void execute(Cpu cpu, long pc) {
      cpu.x[30] = pc + 4;
      cpu.pc = pc + offset;
    }
  }

  static final class BranchCond extends DecodedInsn {
    final int cond;
    final long offset;

    BranchCond(int cond, long offset) {
      this.cond = cond;
      this.offset = offset;
    }

    @Override
    void execute(Cpu cpu, long pc) {
      if (cpu.conditionHolds(cond)) {
        cpu.pc = pc + offset;
      }
    }
  }

  static final class CompareBranch extends DecodedInsn {
    final int rt;
    final long mask;
    final boolean nonZero;
    final long offset;

    CompareBranch(int rt, long mask, boolean nonZero, long offset) {
      this.rt = rt;
      this.mask = mask;
      this.nonZero = nonZero;
      this.offset = offset;
    }

    @Override
    void execute(Cpu cpu, long pc) {
      if (((cpu.x[rt] & mask) != 0) == nonZero) {
        cpu.pc = pc + offset;
      }
    }
  }

  static final class TestBranch extends DecodedInsn {
    final int rt;
    final int bit;
    final boolean set;
    final long offset;

    TestBranch(int rt, int bit, boolean set, long offset) {
      this.rt = rt;
      this.bit = bit;
      this.set = set;
      this.offset = offset;
    }

    @Override
    void execute(Cpu cpu, long pc) {
      if ((((cpu.x[rt] >>> bit) & 1) != 0) == set) {
        cpu.pc = pc + offset;
      }
    }
  }

  /** BR and RET. */
  static final class BranchRegister extends DecodedInsn {
    final int rn;

    BranchRegister(int rn) {
      this.rn = rn;
    }

    @Override
    void execute(Cpu cpu, long pc) {
      cpu.pc = cpu.x[rn];
    }
  }
}
