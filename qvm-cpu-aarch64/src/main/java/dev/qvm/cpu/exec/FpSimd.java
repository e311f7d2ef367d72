package dev.qvm.cpu.exec;

import dev.qvm.cpu.decode.A64Decoder;
import dev.qvm.cpu.exception.Esr;

/**
 * Access control for floating-point and Advanced SIMD instructions (ARM ARM D1.11.x
 * "CPACR_EL1.FPEN"): an FP/SIMD instruction at an EL that FPEN traps takes EC 0x07 — but, as in
 * QEMU, an unallocated encoding inside an allocated class is UNDEFINED (EC 0x00) first. Every
 * FP/SIMD group calls {@link #trapped} before it changes any state.
 */
public final class FpSimd {

  /** ESR ISS of an FP/SIMD access trap from AArch64: CV = 1, COND = 0b1110 (as QEMU reports). */
  static final int ISS_FP_TRAP = (1 << 24) | (0xe << 20);

  /** Set while {@link #trapped} probes an instruction for UNDEFINED, on this thread. */
  private static final ThreadLocal<boolean[]> PROBING = ThreadLocal.withInitial(() -> new boolean[1]);

  /** CPACR_EL1.FPEN: 0b01 traps EL0 only, 0b11 traps nothing, 0b00 and 0b10 trap EL0 and EL1. */
  static boolean trapApplies(Cpu cpu) {
    int fpen = (int) (cpu.sys.cpacrEl1 >>> 20) & 3;
    return fpen == 0 || fpen == 2 || (fpen == 1 && cpu.el == 0);
  }

  /**
   * For groups that validate the whole encoding before calling this (the loads and stores):
   * takes the FPEN trap if it applies and returns true.
   */
  public static boolean trapped(Cpu cpu, long pc) {
    if (trapApplies(cpu)) {
      cpu.takeSynchronous(Esr.of(Esr.EC_FP_ACCESS, ISS_FP_TRAP), pc);
      return true;
    }
    return false;
  }

  /**
   * For the data-processing groups, which touch only X, V, FPSR and NZCV: when FPEN traps, the
   * instruction is first run on the live state to learn whether it is UNDEFINED (then that
   * exception stands); otherwise the state is restored and the FP trap taken. This path runs
   * only while FP is disabled, so its copies cost nothing on the normal path.
   */
  public static boolean trapped(Cpu cpu, int op, int insn, long pc) {
    if (!trapApplies(cpu)) {
      return false;
    }
    boolean[] probing = PROBING.get();
    if (probing[0]) {
      return false;
    }
    long[] x = cpu.x.clone();
    long[] v = cpu.v.clone();
    long fpsr = cpu.sys.fpsr;
    int nzcv = cpu.nzcv();
    long next = cpu.pc;
    probing[0] = true;
    try {
      A64Decoder.execute(cpu, op, insn, pc);
    } finally {
      probing[0] = false;
    }
    if (cpu.pc != next) {
      return true; // UNDEFINED was taken; these instructions never branch
    }
    System.arraycopy(x, 0, cpu.x, 0, x.length);
    System.arraycopy(v, 0, cpu.v, 0, v.length);
    cpu.sys.fpsr = fpsr;
    cpu.setNzcv(nzcv);
    cpu.takeSynchronous(Esr.of(Esr.EC_FP_ACCESS, ISS_FP_TRAP), pc);
    return true;
  }

  private FpSimd() {}
}
