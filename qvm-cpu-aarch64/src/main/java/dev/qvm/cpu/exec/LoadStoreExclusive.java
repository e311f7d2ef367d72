package dev.qvm.cpu.exec;

import static dev.qvm.cpu.decode.A64Decoder.*;

import java.lang.invoke.VarHandle;

/**
 * ARM ARM C4.1.88 "Load/store exclusive" and "Load-acquire/store-release": LDXR/STXR and their
 * acquire/release and pair forms, LDAR/STLR, the ARMv8.1 LORegion LDLAR/STLLR, and the FEAT_LSE
 * compare-and-swap CAS/CASP. Ordering maps onto Java fences (ARCHITECTURE.md section 6).
 */
public final class LoadStoreExclusive {

  public static void execute(Cpu cpu, int op, int insn, long pc) {
    int size = insn >>> 30;
    int bytes = 1 << size;
    int rs = (insn >>> 16) & 31;
    int rt2 = (insn >>> 10) & 31;
    int rt = insn & 31;
    long va = cpu.xOrSp((insn >>> 5) & 31);
    var mmu = cpu.mmu;
    switch (op) {
      case LDXR, LDAXR -> {
        long value = mmu.loadExclusive(va, bytes);
        if (op == LDAXR) {
          VarHandle.acquireFence();
        }
        cpu.setX(rt, value);
      }
      case STXR, STLXR -> {
        if (op == STLXR) {
          VarHandle.releaseFence();
        }
        int status = mmu.storeExclusive(va, bytes, cpu.x[rt]);
        if (status == 0) {
          cpu.monitorCleared();
        }
        cpu.setW(rs, status);
      }
      case LDXP, LDAXP -> loadExclusivePair(cpu, op, insn, va, rt, rt2);
      case STXP, STLXP -> {
        if (op == STLXP) {
          VarHandle.releaseFence();
        }
        int status;
        if (((insn >>> 30) & 1) == 0) {
          // 32-bit pair: one 64-bit single-copy-atomic access, Rt in the low word.
          long both = (cpu.x[rt] & 0xffff_ffffL) | (cpu.x[rt2] << 32);
          status = mmu.storeExclusive(va, 8, both);
        } else {
          status = mmu.storeExclusivePair(va, 8, cpu.x[rt], cpu.x[rt2]);
        }
        if (status == 0) {
          cpu.monitorCleared();
        }
        cpu.setW(rs, status);
      }
      case LDAR, LDLAR -> {
        if (op == LDLAR && !cpu.model.lor()) {
          cpu.undefinedInstruction(pc);
          return;
        }
        mmu.checkAlignedExclusive(va, bytes, false);
        long value = mmu.read(va, bytes);
        VarHandle.fullFence(); // acquire, and RCsc: no later access moves before it
        cpu.setX(rt, value);
      }
      case STLR, STLLR -> {
        if (op == STLLR && !cpu.model.lor()) {
          cpu.undefinedInstruction(pc);
          return;
        }
        mmu.checkAlignedExclusive(va, bytes, true);
        VarHandle.fullFence(); // release, and RCsc with a following LDAR
        mmu.write(va, bytes, cpu.x[rt]);
        cpu.monitorCleared(); // a release store (spin_unlock) wakes PEs waiting in WFE
      }
      case CAS -> compareAndSwap(cpu, insn, va, bytes, rs, rt, pc);
      case CASP -> compareAndSwapPair(cpu, insn, va, rs, rt, pc);
      default -> cpu.undefinedInstruction(pc);
    }
  }

  private static void loadExclusivePair(Cpu cpu, int op, int insn, long va, int rt, int rt2) {
    var mmu = cpu.mmu;
    if (((insn >>> 30) & 1) == 0) {
      long both = mmu.loadExclusive(va, 8);
      if (op == LDAXP) {
        VarHandle.acquireFence();
      }
      cpu.setX(rt, both & 0xffff_ffffL);
      cpu.setX(rt2, both >>> 32);
    } else {
      mmu.checkAlignedExclusive(va, 16, false);
      long low = mmu.loadExclusive(va, 8);
      long high = mmu.read64(va + 8);
      mmu.setExclusivePairHigh(high, 16);
      if (op == LDAXP) {
        VarHandle.acquireFence();
      }
      cpu.setX(rt, low);
      cpu.setX(rt2, high);
    }
  }

  /** C6.2.40 CAS, CASA, CASAL, CASL (and the B/H forms): FEAT_LSE only. */
  private static void compareAndSwap(Cpu cpu, int insn, long va, int bytes, int rs, int rt, long pc) {
    if (!cpu.model.lse()) {
      cpu.undefinedInstruction(pc);
      return;
    }
    var mmu = cpu.mmu;
    mmu.checkAlignedExclusive(va, bytes, true);
    long mask = bytes == 8 ? -1L : (1L << (8 * bytes)) - 1;
    long expected = cpu.x[rs] & mask;
    VarHandle.fullFence();
    long old;
    do {
      old = mmu.readForUpdate(va, bytes);
      // Equal: try to swap (and retry should the location change between read and swap);
      // different: the instruction only reads, which was atomic.
    } while (old == expected && !mmu.compareAndSet(va, bytes, expected, cpu.x[rt]));
    VarHandle.fullFence();
    cpu.setX(rs, old); // zero-extended for the W/B/H forms
  }

  /** C6.2.41 CASP, CASPA, CASPAL, CASPL: Rs and Rt must be even. */
  private static void compareAndSwapPair(Cpu cpu, int insn, long va, int rs, int rt, long pc) {
    if (!cpu.model.lse() || (rs & 1) != 0 || (rt & 1) != 0) {
      cpu.undefinedInstruction(pc);
      return;
    }
    var mmu = cpu.mmu;
    boolean wide = ((insn >>> 30) & 1) != 0;
    int bytes = wide ? 8 : 4;
    mmu.checkAlignedExclusive(va, bytes * 2, true);
    long mask = wide ? -1L : 0xffff_ffffL;
    long expectLow = cpu.x[rs] & mask;
    long expectHigh = cpu.x[rs + 1] & mask;
    VarHandle.fullFence();
    long oldLow;
    long oldHigh;
    if (!wide) {
      // Two words are one 64-bit single-copy-atomic access, Rs/Rt in the low word.
      long expected = expectLow | expectHigh << 32;
      long both;
      do {
        both = mmu.readForUpdate(va, 8);
      } while (both == expected
          && !mmu.compareAndSet(va, 8, expected, (cpu.x[rt] & mask) | cpu.x[rt + 1] << 32));
      oldLow = both & mask;
      oldHigh = both >>> 32;
    } else {
      do {
        oldLow = mmu.readForUpdate(va, 8);
        oldHigh = mmu.read64(va + 8);
      } while (oldLow == expectLow && oldHigh == expectHigh
          && !mmu.compareAndSetPair(va, expectLow, expectHigh, cpu.x[rt], cpu.x[rt + 1]));
    }
    VarHandle.fullFence();
    cpu.setX(rs, oldLow);
    cpu.setX(rs + 1, oldHigh);
  }

  private LoadStoreExclusive() {}
}
