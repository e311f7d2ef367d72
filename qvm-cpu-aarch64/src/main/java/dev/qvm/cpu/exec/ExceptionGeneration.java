package dev.qvm.cpu.exec;

import static dev.qvm.cpu.decode.A64Decoder.*;

import dev.qvm.cpu.exception.Esr;

/**
 * ARM ARM C4.1.87 "Exception generation": SVC, HVC, SMC, BRK, HLT. HVC and SMC from EL1 are
 * calls to qvm itself, which plays the roles of EL2 and EL3 firmware (SMCCC, PSCI): they are
 * exits. HLT #0xF000 is a semihosting call when semihosting is enabled.
 */
public final class ExceptionGeneration {

  /** The A64 semihosting trap instruction's immediate (HLT #0xF000). */
  public static final int SEMIHOSTING_IMM = 0xF000;

  public static void execute(Cpu cpu, int op, int insn, long pc) {
    int imm16 = (insn >>> 5) & 0xffff;
    switch (op) {
      // C6.2.316 SVC: the preferred return address is the next instruction.
      case SVC -> cpu.takeSynchronous(Esr.of(Esr.EC_SVC64, imm16), pc + 4);
      case HVC, SMC -> {
        if (cpu.el == 0) {
          cpu.undefinedInstruction(pc);
          return;
        }
        if (op == SMC) {
          cpu.counters.smcCalls++;
        } else {
          cpu.counters.hvcCalls++;
        }
        cpu.exits.hypercall(cpu.context, op == SMC, imm16);
        // An exit may have stopped this vCPU (PSCI CPU_OFF, SYSTEM_OFF): DEN 0022 5.1.3 says a
        // successful CPU_OFF never returns, so not one more instruction may run after it.
        cpu.endSlice();
      }
      // C6.2.38 BRK: the preferred return address is the BRK itself.
      case BRK -> cpu.takeSynchronous(Esr.of(Esr.EC_BRK64, imm16), pc);
      case HLT -> {
        if (imm16 == SEMIHOSTING_IMM && cpu.exits.semihostingEnabled()) {
          cpu.counters.semihostingCalls++;
          cpu.exits.semihosting(cpu.context);
          cpu.endSlice();
        } else {
          cpu.undefinedInstruction(pc); // halting debug is not enabled: HLT is UNDEFINED
        }
      }
      default -> cpu.undefinedInstruction(pc);
    }
  }

  private ExceptionGeneration() {}
}
