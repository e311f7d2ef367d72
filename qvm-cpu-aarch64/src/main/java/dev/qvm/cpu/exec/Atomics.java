package dev.qvm.cpu.exec;

import static dev.qvm.cpu.decode.A64Decoder.*;

import java.lang.invoke.VarHandle;

/**
 * ARM ARM C4.1.88 "Atomic memory operations" (FEAT_LSE): LDADD, LDCLR, LDEOR, LDSET,
 * LDSMAX/LDSMIN, LDUMAX/LDUMIN (their ST aliases write XZR), SWP, and FEAT_LRCPC's LDAPR.
 *
 * <p>The read-modify-write is a host compare-and-set loop on the guest's memory (read, compute,
 * CAS, retry if another vCPU changed the location), so it is single-copy atomic against every
 * other vCPU's atomics, exclusives and plain stores (B2.2.1).
 */
public final class Atomics {

  public static void execute(Cpu cpu, int op, int insn, long pc) {
    int size = insn >>> 30;
    int bytes = 1 << size;
    int rs = (insn >>> 16) & 31;
    int rt = insn & 31;
    long va = cpu.xOrSp((insn >>> 5) & 31);
    var mmu = cpu.mmu;
    if (op == LDAPR) {
      if (!cpu.model.lrcpc()) {
        cpu.undefinedInstruction(pc);
        return;
      }
      mmu.checkAlignedExclusive(va, bytes, false);
      long value = mmu.read(va, bytes);
      VarHandle.acquireFence();
      cpu.setX(rt, value);
      return;
    }
    if (!cpu.model.lse()) {
      cpu.undefinedInstruction(pc);
      return;
    }
    mmu.checkAlignedExclusive(va, bytes, true);
    long mask = bytes == 8 ? -1L : (1L << (8 * bytes)) - 1;
    long operand = cpu.x[rs] & mask;
    int opc = (insn >>> 12) & 7;
    VarHandle.fullFence();
    long old;
    do {
      old = mmu.readForUpdate(va, bytes);
    } while (!mmu.compareAndSet(va, bytes, old, op == SWP ? operand : combine(opc, old, operand, bytes)));
    VarHandle.fullFence();
    cpu.monitorCleared();
    cpu.setX(rt, old);
  }

  /** The operation of LD&lt;op&gt; on {@code bytes}-wide values (both zero-extended). */
  private static long combine(int opc, long old, long operand, int bytes) {
    int shift = 64 - 8 * bytes;
    return switch (opc) {
      case 0 -> old + operand; // LDADD
      case 1 -> old & ~operand; // LDCLR
      case 2 -> old ^ operand; // LDEOR
      case 3 -> old | operand; // LDSET
      case 4 -> ((old << shift) >> shift) >= ((operand << shift) >> shift) ? old : operand; // LDSMAX
      case 5 -> ((old << shift) >> shift) <= ((operand << shift) >> shift) ? old : operand; // LDSMIN
      case 6 -> Long.compareUnsigned(old, operand) >= 0 ? old : operand; // LDUMAX
      default -> Long.compareUnsigned(old, operand) <= 0 ? old : operand; // LDUMIN
    };
  }

  private Atomics() {}
}
