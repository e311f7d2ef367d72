package dev.qvm.cpu.exec;

import static dev.qvm.cpu.decode.A64Decoder.*;

import dev.qvm.cpu.exception.Esr;
import dev.qvm.cpu.exception.GuestException;
import dev.qvm.cpu.sysreg.SysregAccess;
import java.lang.invoke.VarHandle;

/**
 * ARM ARM C4.1.87, the system half: MSR (immediate) to PSTATE fields, hints (NOP, YIELD, WFE,
 * WFI, SEV, SEVL and the rest of the hint space), barriers, CLREX, the SYS instructions (cache
 * maintenance, address translation, TLB maintenance) and MRS/MSR (register).
 */
public final class SystemInstructions {

  public static void execute(Cpu cpu, int op, int insn, long pc) {
    switch (op) {
      case MSR_IMM -> msrImmediate(cpu, insn, pc);
      case HINT -> hint(cpu, insn, pc);
      case CLREX -> cpu.mmu.clearExclusive();
      // B2.3: DMB/DSB order this vCPU's accesses against other vCPUs' (host threads).
      case DMB -> VarHandle.fullFence();
      case DSB -> {
        cpu.shootdown.completeAtDsb(); // TLBI ...IS is complete on every PE after a DSB
        VarHandle.fullFence();
      }
      case ISB -> cpu.endSlice(); // context synchronization: re-check interrupts
      case SYS -> sys(cpu, insn, pc);
      case SYSL -> cpu.undefinedInstruction(pc);
      case MRS -> {
        int rt = insn & 31;
        long value = SysregAccess.read(cpu, (insn >>> 5) & 0xffff, rt, pc);
        cpu.setX(rt, value);
      }
      case MSR_REG -> {
        int rt = insn & 31;
        SysregAccess.write(cpu, (insn >>> 5) & 0xffff, cpu.x[rt], rt, pc);
      }
      default -> cpu.undefinedInstruction(pc);
    }
  }

  /** C6.2.194 MSR (immediate): SPSel, DAIFSet, DAIFClr. */
  private static void msrImmediate(Cpu cpu, int insn, long pc) {
    int op1 = (insn >>> 16) & 7;
    int op2 = (insn >>> 5) & 7;
    int crm = (insn >>> 8) & 0xf;
    if (op1 == 0 && op2 == 5) { // SPSel
      if (cpu.el == 0) {
        cpu.undefinedInstruction(pc);
        return;
      }
      cpu.setElAndSpsel(cpu.el, crm & 1);
    } else if (op1 == 3 && (op2 == 6 || op2 == 7)) { // DAIFSet, DAIFClr
      if (cpu.el == 0 && ((cpu.sys.sctlrEl1 >>> 9) & 1) == 0) {
        // SCTLR_EL1.UMA = 0: EL0 access to the interrupt masks traps (ISS as for MSR, D17.2.37).
        int iss = (0 << 20) | (op2 << 17) | (op1 << 14) | (4 << 10) | (31 << 5) | (crm << 1);
        cpu.takeSynchronous(Esr.of(Esr.EC_SYSREG, iss), pc);
        return;
      }
      if (op2 == 6) {
        cpu.daif |= crm << 6;
      } else {
        cpu.daif &= ~(crm << 6);
      }
      cpu.endSlice(); // an unmasked interrupt is taken before the next instruction
    } else {
      cpu.undefinedInstruction(pc); // UAO, PAN, SSBS, DIT...: not in the ARMv8.0 model
    }
  }

  /** C6.2.106 HINT: WFI and WFE wait; everything else in the hint space is a NOP here. */
  private static void hint(Cpu cpu, int insn, long pc) {
    int imm = (insn >>> 5) & 0x7f; // CRm:op2
    switch (imm) {
      case 1 -> Thread.onSpinWait(); // YIELD
      case 2 -> { // WFE
        if (trapWfx(cpu, pc, true)) {
          return;
        }
        if (cpu.eventRegister) {
          cpu.counters.wfeNoWait++;
        } else {
          cpu.counters.wfe++;
        }
        cpu.waitForEvent();
      }
      case 3 -> { // WFI
        if (trapWfx(cpu, pc, false)) {
          return;
        }
        cpu.counters.wfi++;
        waitForInterrupt(cpu);
      }
      case 4 -> cpu.sendEvent(); // SEV
      case 5 -> cpu.eventRegister = true; // SEVL
      default -> {} // NOP, ESB, PSB, CSDB, BTI, PAC hints...: architecturally NOPs on this model
    }
  }

  /**
   * What WFI does once it is not trapped (C6.2.366): waits for a WFI wake-up event (D1.16.2), an
   * interrupt even if PSTATE masks it, or the next timer deadline. PSCI CPU_SUSPEND to a standby
   * state waits the same way.
   */
  public static void waitForInterrupt(Cpu cpu) {
    if (cpu.sys.timer.icount() && cpu.interruptStatus() == 0 && cpu.sys.timer.warpToNextDeadline()) {
      // icount: skip the idle time to the next timer deadline instead of waiting for it.
      cpu.timerChanged();
      return;
    }
    cpu.waitForInterrupt(cpu.sys.timer.nextDeadlineNanos());
  }

  /** SCTLR_EL1.nTWI/nTWE = 0 traps WFI/WFE at EL0 with EC 0x01 (D1.16.3). */
  private static boolean trapWfx(Cpu cpu, long pc, boolean wfe) {
    if (cpu.el != 0) {
      return false;
    }
    int bit = wfe ? 18 : 16;
    if (((cpu.sys.sctlrEl1 >>> bit) & 1) != 0) {
      return false;
    }
    // ISS (D17.2.37, EC 0x01): a trapped A64 instruction reports CV = 1 and COND = 0b1110.
    cpu.takeSynchronous(Esr.of(Esr.EC_WFX, (1 << 24) | (0xe << 20) | (wfe ? 1 : 0)), pc);
    return true;
  }

  /** C5.3: SYS encodings of cache maintenance (DC, IC), address translation (AT) and TLBI. */
  private static void sys(Cpu cpu, int insn, long pc) {
    int key = (insn >>> 5) & 0x3fff; // op1:CRn:CRm:op2 (op0 = 1)
    int op1 = key >>> 11;
    int crn = (key >>> 7) & 0xf;
    int crm = (key >>> 3) & 0xf;
    int op2 = key & 7;
    int rt = insn & 31;
    long xt = cpu.x[rt];
    if (cpu.el == 0) {
      checkEl0Sys(cpu, op1, crn, crm, op2, rt, pc);
    }
    if (crn == 7) {
      cacheOrTranslate(cpu, op1, crm, op2, xt, rt, pc);
    } else if (crn == 8 && op1 == 0 && (crm == 3 || crm == 7) && op2 != 4 && op2 != 6) {
      // TLBI VMALLE1(IS), VAE1(IS), ASIDE1(IS), VAAE1(IS), VALE1(IS), VAALE1(IS) (C5.5). The
      // by-VA forms (op2 odd) drop that page whatever its ASID and level; by ASID and all drop
      // everything: over-invalidation is always permitted (D8.13).
      long va = (op2 & 1) != 0 ? (xt << 20) >> 8 : TlbShootdown.ALL_PAGES; // Xt[43:0] is VA[55:12]
      if (va == TlbShootdown.ALL_PAGES) {
        cpu.translationChanged();
      } else {
        cpu.invalidateVa(va);
      }
      if (crm == 3 && cpu.shootdown.broadcast != null) {
        cpu.shootdown.broadcast.accept(cpu, va); // the Inner Shareable forms reach every PE (D8.13.4)
      }
    } else {
      cpu.undefinedInstruction(pc);
    }
  }

  private static void cacheOrTranslate(Cpu cpu, int op1, int crm, int op2, long xt, int rt, long pc) {
    if (op1 == 0 && crm == 8 && op2 <= 3) {
      // AT S1E1R, S1E1W, S1E0R, S1E0W (C5.5.2): the result goes to PAR_EL1, never a fault.
      boolean write = (op2 & 1) != 0;
      int el = op2 >= 2 ? 0 : 1;
      cpu.sys.parEl1 = cpu.mmu.translateForAt(xt, write, el);
      return;
    }
    if (op1 == 3 && crm == 4 && op2 == 1) { // DC ZVA
      int bytes = cpu.model.dcZvaBytes();
      long va = xt & -(long) bytes;
      for (int i = 0; i < bytes; i += 8) {
        cpu.mmu.write64(va + i, 0);
      }
      return;
    }
    boolean known =
        (op1 == 0 && crm == 1 && op2 == 0) // IC IALLUIS
            || (op1 == 0 && crm == 5 && op2 == 0) // IC IALLU
            || (op1 == 3 && crm == 5 && op2 == 1) // IC IVAU
            || (op1 == 0 && crm == 6 && (op2 == 1 || op2 == 2)) // DC IVAC, DC ISW
            || (op1 == 0 && (crm == 10 || crm == 14) && op2 == 2) // DC CSW, DC CISW
            || (op1 == 3 && (crm == 10 || crm == 11 || crm == 14) && op2 == 1); // DC CVAC, CVAU, CIVAC
    if (!known) {
      cpu.undefinedInstruction(pc);
      return;
    }
    // qvm has no caches to maintain, and decoded code follows every store (CodePage), so IC
    // invalidation has nothing left to do but end the slice. By-VA maintenance does not
    // translate its address either: D7.5.9 permits a translation fault there but does not
    // require one, and QEMU's cortex-a57 (the oracle of the random-word tests) takes none.
    if (op1 == 3 && crm == 5) {
      // IC IVAU: decoded code follows this vCPU's own stores already; re-reading the line from
      // memory also catches stores by other vCPUs and by host-side writers (cross-modifying code).
      long par = cpu.mmu.translateForAt(xt, false, cpu.el);
      if ((par & 1) == 0) {
        cpu.codePages.redecodeLine((par & 0x0000_ffff_ffff_f000L) | (xt & 0xfff));
      }
    } else if (op1 == 0 && (crm == 1 || crm == 5)) {
      cpu.codePages.redecodeAll(); // IC IALLUIS, IC IALLU
    }
    cpu.endSlice();
  }

  /** EL0 may use DC ZVA (SCTLR_EL1.DZE) and DC CVAU/CVAC/CIVAC, IC IVAU (SCTLR_EL1.UCI); else UNDEFINED. */
  private static void checkEl0Sys(Cpu cpu, int op1, int crn, int crm, int op2, int rt, long pc) {
    boolean zva = op1 == 3 && crn == 7 && crm == 4 && op2 == 1;
    boolean uci = op1 == 3 && crn == 7 && op2 == 1 && (crm == 5 || crm == 10 || crm == 11 || crm == 14);
    if (!zva && !uci) {
      throw cpu.undefinedAbort(pc);
    }
    int bit = zva ? 14 : 26;
    if (((cpu.sys.sctlrEl1 >>> bit) & 1) == 0) {
      int iss = (1 << 20) | (op2 << 17) | (op1 << 14) | (crn << 10) | (rt << 5) | (crm << 1);
      cpu.takeSynchronous(Esr.of(Esr.EC_SYSREG, iss), pc);
      throw GuestException.INSTANCE;
    }
  }

  private SystemInstructions() {}
}
