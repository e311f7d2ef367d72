package dev.qvm.cpu.exec;

import dev.qvm.cpu.exception.Esr;

/**
 * Floating-point and Advanced SIMD instructions. For now only the access control of ARM ARM
 * D1.11.x "CPACR_EL1.FPEN": an FP/SIMD instruction at an EL that FPEN traps takes EC 0x07;
 * the instructions themselves are the FP/SIMD issue's work and are UNDEFINED until then.
 */
public final class FpSimd {

  /** ESR ISS of an FP/SIMD access trap from AArch64: CV = 1, COND = 0b1110 (as QEMU reports). */
  static final int ISS_FP_TRAP = (1 << 24) | (0xe << 20);

  public static void execute(Cpu cpu, int op, int insn, long pc) {
    if (trapped(cpu, pc)) {
      return;
    }
    cpu.undefinedInstruction(pc);
  }

  /**
   * Applies CPACR_EL1.FPEN: 0b01 traps EL0 only, 0b11 traps nothing, 0b00 and 0b10 trap EL0 and
   * EL1. Returns true when the exception was taken.
   */
  public static boolean trapped(Cpu cpu, long pc) {
    int fpen = (int) (cpu.sys.cpacrEl1 >>> 20) & 3;
    boolean trap = fpen == 0 || fpen == 2 || (fpen == 1 && cpu.el == 0);
    if (trap) {
      cpu.takeSynchronous(Esr.of(Esr.EC_FP_ACCESS, ISS_FP_TRAP), pc);
    }
    return trap;
  }

  private FpSimd() {}
}
