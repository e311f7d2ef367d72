package dev.qvm.cpu.sysreg;

import dev.qvm.cpu.CpuModel;
import dev.qvm.cpu.exception.Esr;
import dev.qvm.cpu.exception.GuestException;
import dev.qvm.cpu.exec.Cpu;
import dev.qvm.cpu.exec.FpSimd;
import dev.qvm.cpu.timer.GenericTimer;

/**
 * MRS and MSR (register) for the EL0/EL1 system registers of the Cortex-A57 model (ARM ARM C5.3
 * "A64 system register encodings"). A register is named by its encoding key
 * {@code op0:op1:CRn:CRm:op2}, which is bits [20:5] of the instruction. An encoding that names
 * no register, a write to a read-only register or an access from EL0 that the architecture
 * forbids is UNDEFINED; EL0 accesses that a control bit disables (SCTLR_EL1.UCT, UMA,
 * CNTKCTL_EL1) are trapped to EL1 with EC 0x18.
 */
public final class SysregAccess {

  /** The encoding key of a system register. */
  public static int key(int op0, int op1, int crn, int crm, int op2) {
    return (op0 << 14) | (op1 << 11) | (crn << 7) | (crm << 3) | op2;
  }

  // Identification (C5.3, D17.2)
  public static final int MIDR_EL1 = (3 << 14) | (0 << 11) | (0 << 7) | (0 << 3) | 0;
  public static final int MPIDR_EL1 = (3 << 14) | (0 << 11) | (0 << 7) | (0 << 3) | 5;
  public static final int REVIDR_EL1 = (3 << 14) | (0 << 11) | (0 << 7) | (0 << 3) | 6;
  public static final int ID_AA64PFR0_EL1 = (3 << 14) | (0 << 11) | (0 << 7) | (4 << 3) | 0;
  public static final int ID_AA64PFR1_EL1 = (3 << 14) | (0 << 11) | (0 << 7) | (4 << 3) | 1;
  public static final int ID_AA64DFR0_EL1 = (3 << 14) | (0 << 11) | (0 << 7) | (5 << 3) | 0;
  public static final int ID_AA64DFR1_EL1 = (3 << 14) | (0 << 11) | (0 << 7) | (5 << 3) | 1;
  public static final int ID_AA64AFR0_EL1 = (3 << 14) | (0 << 11) | (0 << 7) | (5 << 3) | 4;
  public static final int ID_AA64AFR1_EL1 = (3 << 14) | (0 << 11) | (0 << 7) | (5 << 3) | 5;
  public static final int ID_AA64ISAR0_EL1 = (3 << 14) | (0 << 11) | (0 << 7) | (6 << 3) | 0;
  public static final int ID_AA64ISAR1_EL1 = (3 << 14) | (0 << 11) | (0 << 7) | (6 << 3) | 1;
  public static final int ID_AA64MMFR0_EL1 = (3 << 14) | (0 << 11) | (0 << 7) | (7 << 3) | 0;
  public static final int ID_AA64MMFR1_EL1 = (3 << 14) | (0 << 11) | (0 << 7) | (7 << 3) | 1;
  public static final int ID_AA64MMFR2_EL1 = (3 << 14) | (0 << 11) | (0 << 7) | (7 << 3) | 2;
  public static final int CCSIDR_EL1 = (3 << 14) | (1 << 11) | (0 << 7) | (0 << 3) | 0;
  public static final int CLIDR_EL1 = (3 << 14) | (1 << 11) | (0 << 7) | (0 << 3) | 1;
  public static final int AIDR_EL1 = (3 << 14) | (1 << 11) | (0 << 7) | (0 << 3) | 7;
  public static final int CSSELR_EL1 = (3 << 14) | (2 << 11) | (0 << 7) | (0 << 3) | 0;
  public static final int CTR_EL0 = (3 << 14) | (3 << 11) | (0 << 7) | (0 << 3) | 1;
  public static final int DCZID_EL0 = (3 << 14) | (3 << 11) | (0 << 7) | (0 << 3) | 7;

  // Memory system and exception handling
  public static final int SCTLR_EL1 = (3 << 14) | (0 << 11) | (1 << 7) | (0 << 3) | 0;
  public static final int ACTLR_EL1 = (3 << 14) | (0 << 11) | (1 << 7) | (0 << 3) | 1;
  public static final int CPACR_EL1 = (3 << 14) | (0 << 11) | (1 << 7) | (0 << 3) | 2;
  public static final int TTBR0_EL1 = (3 << 14) | (0 << 11) | (2 << 7) | (0 << 3) | 0;
  public static final int TTBR1_EL1 = (3 << 14) | (0 << 11) | (2 << 7) | (0 << 3) | 1;
  public static final int TCR_EL1 = (3 << 14) | (0 << 11) | (2 << 7) | (0 << 3) | 2;
  public static final int SPSR_EL1 = (3 << 14) | (0 << 11) | (4 << 7) | (0 << 3) | 0;
  public static final int ELR_EL1 = (3 << 14) | (0 << 11) | (4 << 7) | (0 << 3) | 1;
  public static final int SP_EL0 = (3 << 14) | (0 << 11) | (4 << 7) | (1 << 3) | 0;
  public static final int SPSEL = (3 << 14) | (0 << 11) | (4 << 7) | (2 << 3) | 0;
  public static final int CURRENT_EL = (3 << 14) | (0 << 11) | (4 << 7) | (2 << 3) | 2;
  public static final int AFSR0_EL1 = (3 << 14) | (0 << 11) | (5 << 7) | (1 << 3) | 0;
  public static final int AFSR1_EL1 = (3 << 14) | (0 << 11) | (5 << 7) | (1 << 3) | 1;
  public static final int ESR_EL1 = (3 << 14) | (0 << 11) | (5 << 7) | (2 << 3) | 0;
  public static final int FAR_EL1 = (3 << 14) | (0 << 11) | (6 << 7) | (0 << 3) | 0;
  public static final int PAR_EL1 = (3 << 14) | (0 << 11) | (7 << 7) | (4 << 3) | 0;
  public static final int MAIR_EL1 = (3 << 14) | (0 << 11) | (10 << 7) | (2 << 3) | 0;
  public static final int AMAIR_EL1 = (3 << 14) | (0 << 11) | (10 << 7) | (3 << 3) | 0;
  public static final int VBAR_EL1 = (3 << 14) | (0 << 11) | (12 << 7) | (0 << 3) | 0;
  public static final int RVBAR_EL1 = (3 << 14) | (0 << 11) | (12 << 7) | (0 << 3) | 1;
  public static final int ISR_EL1 = (3 << 14) | (0 << 11) | (12 << 7) | (1 << 3) | 0;
  public static final int CONTEXTIDR_EL1 = (3 << 14) | (0 << 11) | (13 << 7) | (0 << 3) | 1;
  public static final int TPIDR_EL1 = (3 << 14) | (0 << 11) | (13 << 7) | (0 << 3) | 4;
  public static final int CNTKCTL_EL1 = (3 << 14) | (0 << 11) | (14 << 7) | (1 << 3) | 0;

  // Cortex-A57 IMPLEMENTATION DEFINED (TRM 4.3, op0=3, op1=1, CRn=11/15)
  public static final int L2CTLR_EL1 = (3 << 14) | (1 << 11) | (11 << 7) | (0 << 3) | 2;
  public static final int L2ECTLR_EL1 = (3 << 14) | (1 << 11) | (11 << 7) | (0 << 3) | 3;
  public static final int L2ACTLR_EL1 = (3 << 14) | (1 << 11) | (15 << 7) | (0 << 3) | 0;
  public static final int CPUACTLR_EL1 = (3 << 14) | (1 << 11) | (15 << 7) | (2 << 3) | 0;
  public static final int CPUECTLR_EL1 = (3 << 14) | (1 << 11) | (15 << 7) | (2 << 3) | 1;
  public static final int CPUMERRSR_EL1 = (3 << 14) | (1 << 11) | (15 << 7) | (2 << 3) | 2;
  public static final int L2MERRSR_EL1 = (3 << 14) | (1 << 11) | (15 << 7) | (2 << 3) | 3;
  public static final int CBAR_EL1 = (3 << 14) | (1 << 11) | (15 << 7) | (3 << 3) | 0;

  /** CBAR_EL1's value: the GIC distributor base of the virt layout (QEMU reports the same). */
  static final long CBAR_PERIPHBASE = 0x0800_0000L;

  // EL0-visible
  public static final int NZCV = (3 << 14) | (3 << 11) | (4 << 7) | (2 << 3) | 0;
  public static final int DAIF = (3 << 14) | (3 << 11) | (4 << 7) | (2 << 3) | 1;
  public static final int FPCR = (3 << 14) | (3 << 11) | (4 << 7) | (4 << 3) | 0;
  public static final int FPSR = (3 << 14) | (3 << 11) | (4 << 7) | (4 << 3) | 1;
  public static final int TPIDR_EL0 = (3 << 14) | (3 << 11) | (13 << 7) | (0 << 3) | 2;
  public static final int TPIDRRO_EL0 = (3 << 14) | (3 << 11) | (13 << 7) | (0 << 3) | 3;
  public static final int CNTFRQ_EL0 = (3 << 14) | (3 << 11) | (14 << 7) | (0 << 3) | 0;
  public static final int CNTPCT_EL0 = (3 << 14) | (3 << 11) | (14 << 7) | (0 << 3) | 1;
  public static final int CNTVCT_EL0 = (3 << 14) | (3 << 11) | (14 << 7) | (0 << 3) | 2;
  public static final int CNTP_TVAL_EL0 = (3 << 14) | (3 << 11) | (14 << 7) | (2 << 3) | 0;
  public static final int CNTP_CTL_EL0 = (3 << 14) | (3 << 11) | (14 << 7) | (2 << 3) | 1;
  public static final int CNTP_CVAL_EL0 = (3 << 14) | (3 << 11) | (14 << 7) | (2 << 3) | 2;
  public static final int CNTV_TVAL_EL0 = (3 << 14) | (3 << 11) | (14 << 7) | (3 << 3) | 0;
  public static final int CNTV_CTL_EL0 = (3 << 14) | (3 << 11) | (14 << 7) | (3 << 3) | 1;
  public static final int CNTV_CVAL_EL0 = (3 << 14) | (3 << 11) | (14 << 7) | (3 << 3) | 2;

  // Debug (op0 = 2): the few that Linux touches at boot.
  public static final int MDCCINT_EL1 = (2 << 14) | (0 << 11) | (0 << 7) | (2 << 3) | 0;
  public static final int MDSCR_EL1 = (2 << 14) | (0 << 11) | (0 << 7) | (2 << 3) | 2;
  public static final int OSLAR_EL1 = (2 << 14) | (0 << 11) | (1 << 7) | (0 << 3) | 4;
  public static final int OSLSR_EL1 = (2 << 14) | (0 << 11) | (1 << 7) | (1 << 3) | 4;
  public static final int MDCCSR_EL0 = (2 << 14) | (3 << 11) | (0 << 7) | (1 << 3) | 0;
  public static final int OSDLR_EL1 = (2 << 14) | (0 << 11) | (1 << 7) | (3 << 3) | 4;

  /** MRS: reads register {@code key} into Xt, or takes the exception and throws. */
  public static long read(Cpu cpu, int key, int rt, long pc) {
    SystemRegisters s = cpu.sys;
    CpuModel m = s.model;
    if (key == Pmu.PMSWINC_EL0) {
      // PMSWINC_EL0 is write-only (ARM ARM D13 and its register page): MRS has no encoding for it, so it is UNDEFINED at
      // every EL, before any EL0 trap (QEMU 7.2 agrees; random-el1 found the difference).
      throw undefined(cpu, pc);
    }
    if (cpu.el == 0) {
      checkEl0(cpu, key, rt, true, pc);
    }
    if ((key == FPCR || key == FPSR) && FpSimd.trapped(cpu, pc)) {
      throw GuestException.INSTANCE; // FPCR/FPSR are FP registers: CPACR_EL1.FPEN traps them (D1.13.3)
    }
    return switch (key) {
      case MIDR_EL1 -> m.midr();
      case MPIDR_EL1 -> s.mpidr;
      case REVIDR_EL1 -> m.revidr();
      case ID_AA64PFR0_EL1 -> m.idAa64pfr0();
      case ID_AA64DFR0_EL1 -> m.idAa64dfr0();
      case ID_AA64ISAR0_EL1 -> m.idAa64isar0();
      case ID_AA64ISAR1_EL1 -> m.idAa64isar1();
      case ID_AA64MMFR0_EL1 -> m.idAa64mmfr0();
      case ID_AA64MMFR1_EL1 -> m.idAa64mmfr1();
      case ID_AA64PFR1_EL1, ID_AA64DFR1_EL1, ID_AA64AFR0_EL1, ID_AA64AFR1_EL1, ID_AA64MMFR2_EL1,
          AIDR_EL1 -> 0;
      case CCSIDR_EL1 -> {
        int index = (int) s.csselrEl1 & 0xf; // Level<<1 | InD
        yield switch (index) {
          case 0 -> m.ccsidr()[0];
          case 1 -> m.ccsidr()[1];
          case 2 -> m.ccsidr()[2];
          default -> 0;
        };
      }
      case CLIDR_EL1 -> m.clidr();
      case CSSELR_EL1 -> s.csselrEl1;
      case CTR_EL0 -> m.ctr();
      case DCZID_EL0 -> m.dczid();
      case SCTLR_EL1 -> s.sctlrEl1;
      case ACTLR_EL1 -> s.actlrEl1;
      case CPACR_EL1 -> s.cpacrEl1;
      case TTBR0_EL1 -> s.ttbr0El1;
      case TTBR1_EL1 -> s.ttbr1El1;
      case TCR_EL1 -> s.tcrEl1;
      case SPSR_EL1 -> s.spsrEl1;
      case ELR_EL1 -> s.elrEl1;
      case SP_EL0 -> {
        // C5.2.16: SP_EL0 is not accessible by MRS while it is the selected stack pointer.
        if (cpu.spsel == 0) {
          throw undefined(cpu, pc);
        }
        yield cpu.spEl0();
      }
      case SPSEL -> cpu.spsel;
      case CURRENT_EL -> (long) cpu.el << 2;
      case AFSR0_EL1 -> s.afsr0El1;
      case AFSR1_EL1 -> s.afsr1El1;
      case ESR_EL1 -> s.esrEl1;
      case FAR_EL1 -> s.farEl1;
      case PAR_EL1 -> s.parEl1;
      case MAIR_EL1 -> s.mairEl1;
      case AMAIR_EL1 -> s.amairEl1;
      case VBAR_EL1 -> s.vbarEl1;
      case ISR_EL1 -> cpu.interruptStatus();
      // EL1 is the highest EL a guest sees, so RVBAR_EL1 exists (D17.2.119); the reset vector
      // is IMPLEMENTATION DEFINED: 0, as QEMU's virt board leaves it.
      case RVBAR_EL1 -> 0L;
      case CONTEXTIDR_EL1 -> s.contextidrEl1;
      case TPIDR_EL1 -> s.tpidrEl1;
      case CNTKCTL_EL1 -> s.timer.cntkctl;
      case NZCV -> cpu.nzcv() & 0xf000_0000L;
      case DAIF -> cpu.daif;
      case FPCR -> s.fpcr;
      case FPSR -> s.fpsr;
      case TPIDR_EL0 -> s.tpidrEl0;
      case TPIDRRO_EL0 -> s.tpidrroEl0;
      case CNTFRQ_EL0 -> s.timer.cntfrq;
      case CNTPCT_EL0 -> s.timer.physicalCount();
      case CNTVCT_EL0 -> s.timer.virtualCount();
      case CNTP_TVAL_EL0 -> s.timer.readTval(false);
      case CNTP_CTL_EL0 -> s.timer.readCtl(false);
      case CNTP_CVAL_EL0 -> s.timer.cntpCval;
      case CNTV_TVAL_EL0 -> s.timer.readTval(true);
      case CNTV_CTL_EL0 -> s.timer.readCtl(true);
      case CNTV_CVAL_EL0 -> s.timer.cntvCval;
      // QEMU 7.2 implements MDCCINT_EL1 (D17.3.13) as a no-op: MRS at EL1 leaves Xt as it was
      // and MSR is ignored (measured with a guest). qvm copies that so the random-word guests
      // can compare this encoding with QEMU; with no Debug Communications Channel behind it,
      // its interrupt enables have nothing to enable.
      case MDCCINT_EL1 -> cpu.x[rt]; // x[31] always holds 0 (XZR)
      case MDSCR_EL1 -> s.mdscrEl1;
      case OSLSR_EL1 -> s.oslsrEl1;
      case OSDLR_EL1 -> s.osdlrEl1;
      default -> {
        if (Pmu.handles(key)) {
          yield s.pmu.read(cpu, key);
        }
        if (DebugRegisters.handles(key)) {
          yield s.debug.read(key);
        }
        if (isImplementationDefinedRazWi(key)) {
          yield 0L;
        }
        if (key == CBAR_EL1) {
          // PERIPHBASE: where the GIC sits on the QEMU-virt layout qvm's default board shares.
          yield CBAR_PERIPHBASE;
        }
        if ((key >>> 7) == 0x180 && ((key >>> 3) & 0xf) != 0 && ((key >>> 3) & 0xf) <= 7) {
          // D17.1.3: op0=3, op1=0, CRn=0, CRm=1..7 is the ID register space; the encodings this
          // model does not implement (AArch32 ID registers, later ID_AA64*) read as zero.
          yield 0L;
        }
        var gic = cpu.gicCpuInterface;
        if (gic != null && gic.handles(key)) {
          yield gic.read(key);
        }
        throw undefined(cpu, pc);
      }
    };
  }

  /** MSR (register): writes Xt to register {@code key}, or takes the exception and throws. */
  public static void write(Cpu cpu, int key, long value, int rt, long pc) {
    SystemRegisters s = cpu.sys;
    if (key == Pmu.PMCEID0_EL0 || key == Pmu.PMCEID1_EL0) {
      throw undefined(cpu, pc); // read-only identification: a write is UNDEFINED at every EL
    }
    if (cpu.el == 0) {
      checkEl0(cpu, key, rt, false, pc);
    }
    if ((key == FPCR || key == FPSR) && FpSimd.trapped(cpu, pc)) {
      throw GuestException.INSTANCE;
    }
    GenericTimer t = s.timer;
    switch (key) {
      case SCTLR_EL1 -> {
        s.sctlrEl1 = value & 0xffff_ffffL;
        cpu.translationChanged();
      }
      case ACTLR_EL1 -> s.actlrEl1 = value;
      case CPACR_EL1 -> s.cpacrEl1 = value & (3L << 20); // only FPEN is implemented (no SVE/TTA)
      case TTBR0_EL1 -> {
        s.ttbr0El1 = value;
        cpu.translationChanged();
      }
      case TTBR1_EL1 -> {
        s.ttbr1El1 = value;
        cpu.translationChanged();
      }
      case TCR_EL1 -> {
        s.tcrEl1 = value;
        cpu.translationChanged();
      }
      case MAIR_EL1 -> {
        s.mairEl1 = value;
        cpu.translationChanged();
      }
      case CSSELR_EL1 -> s.csselrEl1 = value & 0xf;
      case SPSR_EL1 -> s.spsrEl1 = value & 0xffff_ffffL;
      case ELR_EL1 -> s.elrEl1 = value;
      case SP_EL0 -> {
        if (cpu.spsel == 0) {
          throw undefined(cpu, pc);
        }
        cpu.setSpEl0(value);
      }
      case SPSEL -> cpu.setElAndSpsel(cpu.el, (int) value & 1);
      case AFSR0_EL1 -> s.afsr0El1 = value;
      case AFSR1_EL1 -> s.afsr1El1 = value;
      case ESR_EL1 -> s.esrEl1 = value & 0xffff_ffffL;
      case FAR_EL1 -> s.farEl1 = value;
      case PAR_EL1 -> s.parEl1 = value;
      case AMAIR_EL1 -> s.amairEl1 = value;
      case VBAR_EL1 -> s.vbarEl1 = value & ~0x7ffL; // bits [10:0] are RES0
      case CONTEXTIDR_EL1 -> s.contextidrEl1 = value & 0xffff_ffffL;
      case TPIDR_EL1 -> s.tpidrEl1 = value;
      case CNTKCTL_EL1 -> t.cntkctl = value & 0x3ff;
      case NZCV -> cpu.setNzcv((int) value & 0xf000_0000);
      case DAIF -> {
        cpu.daif = (int) value & 0x3c0;
        cpu.endSlice();
      }
      // AHP, DN, FZ, RMode, Stride, Len: FZ16 and the trap enables read as zero on this model (as QEMU).
      case FPCR -> s.fpcr = value & 0x07f7_0000L;
      case FPSR -> s.fpsr = value & 0xf800_009fL;
      case TPIDR_EL0 -> s.tpidrEl0 = value;
      case TPIDRRO_EL0 -> {
        if (cpu.el == 0) {
          throw undefined(cpu, pc);
        }
        s.tpidrroEl0 = value;
      }
      case CNTFRQ_EL0 -> {
        // Writable only at the highest implemented EL; ours is EL1, as for a guest under EL2.
        s.timer.cntfrq = value & 0xffff_ffffL;
      }
      case CNTP_TVAL_EL0 -> timerChanged(cpu, () -> t.writeTval(false, value));
      case CNTP_CTL_EL0 -> timerChanged(cpu, () -> t.cntpCtl = value & 3);
      case CNTP_CVAL_EL0 -> timerChanged(cpu, () -> t.cntpCval = value);
      case CNTV_TVAL_EL0 -> timerChanged(cpu, () -> t.writeTval(true, value));
      case CNTV_CTL_EL0 -> timerChanged(cpu, () -> t.cntvCtl = value & 3);
      case CNTV_CVAL_EL0 -> timerChanged(cpu, () -> t.cntvCval = value);
      case MDCCINT_EL1 -> {} // a no-op, as QEMU 7.2 (see read)
      case MDSCR_EL1 -> s.mdscrEl1 = value;
      case OSLAR_EL1 -> s.oslsrEl1 = (s.oslsrEl1 & ~2L) | ((value & 1) << 1);
      case OSDLR_EL1 -> s.osdlrEl1 = value & 1;
      default -> {
        if (Pmu.handles(key)) {
          s.pmu.write(cpu, key, value);
          return;
        }
        if (DebugRegisters.handles(key) && s.debug.write(key, value)) {
          return;
        }
        if (isImplementationDefinedRazWi(key)) {
          return;
        }
        var gic = cpu.gicCpuInterface;
        if (gic == null || !gic.handles(key)) {
          throw undefined(cpu, pc);
        }
        gic.write(key, value);
        cpu.endSlice(); // an EOI or a PMR write may make an interrupt deliverable now
      }
    }
  }

  private static void timerChanged(Cpu cpu, Runnable update) {
    update.run();
    cpu.timerChanged();
  }

  /**
   * EL0 access rules (D1.3 and the register descriptions): registers without EL0 access are
   * UNDEFINED; EL0-accessible ones disabled by a control bit trap with EC 0x18.
   */
  private static void checkEl0(Cpu cpu, int key, int rt, boolean read, long pc) {
    SystemRegisters s = cpu.sys;
    long kctl = s.timer.cntkctl;
    boolean trap;
    switch (key) {
      case NZCV, FPCR, FPSR, TPIDR_EL0, DCZID_EL0 -> trap = false;
      case TPIDRRO_EL0 -> trap = false; // writes are UNDEFINED, checked by write()
      case MDCCSR_EL0 -> {
        if (!read) {
          throw undefined(cpu, pc); // read-only
        }
        trap = ((s.mdscrEl1 >>> 12) & 1) != 0; // MDSCR_EL1.TDCC traps EL0 DCC access
      }
      case DAIF -> trap = ((s.sctlrEl1 >>> 9) & 1) == 0; // SCTLR_EL1.UMA
      case CTR_EL0 -> trap = ((s.sctlrEl1 >>> 15) & 1) == 0; // SCTLR_EL1.UCT
      case CNTFRQ_EL0 -> {
        if (!read) {
          throw undefined(cpu, pc); // writable only at the highest implemented EL (D11.2.1)
        }
        trap = (kctl & 3) == 0; // EL0PCTEN | EL0VCTEN
      }
      case CNTPCT_EL0, CNTVCT_EL0 -> {
        if (!read) {
          throw undefined(cpu, pc); // read-only: a write is UNDEFINED before any trap applies
        }
        trap = (kctl & (key == CNTPCT_EL0 ? 1 : 2)) == 0;
      }
      case CNTP_TVAL_EL0, CNTP_CTL_EL0, CNTP_CVAL_EL0 -> trap = ((kctl >>> 9) & 1) == 0; // EL0PTEN
      case CNTV_TVAL_EL0, CNTV_CTL_EL0, CNTV_CVAL_EL0 -> trap = ((kctl >>> 8) & 1) == 0; // EL0VTEN
      default -> {
        if (!Pmu.handles(key) || key == Pmu.PMINTENSET_EL1 || key == Pmu.PMINTENCLR_EL1
            || (key == Pmu.PMUSERENR_EL0 && !read) || unimplementedEventRegister(key)) {
          throw undefined(cpu, pc);
        }
        trap = pmuEl0Trap(cpu, key, read);
      }
    }
    if (trap) {
      int op0 = key >>> 14;
      int op1 = (key >>> 11) & 7;
      int crn = (key >>> 7) & 0xf;
      int crm = (key >>> 3) & 0xf;
      int op2 = key & 7;
      // ISS for EC 0x18 (D17.2.37): Op0, Op2, Op1, CRn, Rt, CRm, Direction (1 = read).
      int iss = (op0 << 20) | (op2 << 17) | (op1 << 14) | (crn << 10) | (rt << 5) | (crm << 1) | (read ? 1 : 0);
      cpu.takeSynchronous(Esr.of(Esr.EC_SYSREG, iss), pc);
      throw GuestException.INSTANCE;
    }
  }

  /**
   * EL0 access to the PMU (D13.4 and the PMUSERENR_EL0 description): PMUSERENR_EL0 is always
   * readable; EN (bit 0) opens every other EL0 register; SW (bit 1) opens PMSWINC_EL0, CR (bit 2)
   * reads of PMCCNTR_EL0, ER (bit 3) reads of the event counters and PMSELR_EL0. Otherwise the
   * access traps to EL1 with EC 0x18.
   */
  private static boolean pmuEl0Trap(Cpu cpu, int key, boolean read) {
    if (key == Pmu.PMUSERENR_EL0) {
      return false;
    }
    long userenr = cpu.sys.pmu.read(cpu, Pmu.PMUSERENR_EL0);
    if ((userenr & 1) != 0) {
      return false;
    }
    boolean eventCounter = key == Pmu.PMXEVCNTR_EL0
        || ((key >>> 7) == ((3 << 7) | (3 << 4) | 14) && ((key >>> 3) & 0xf) >= 8 && ((key >>> 3) & 0xf) <= 11);
    if (key == Pmu.PMSWINC_EL0) {
      return (userenr & 2) == 0;
    }
    if (key == Pmu.PMCCNTR_EL0 && read) {
      return (userenr & 4) == 0;
    }
    if ((eventCounter || key == Pmu.PMSELR_EL0) && read) {
      return (userenr & 8) == 0;
    }
    return true;
  }

  /**
   * PMEVCNTR&lt;n&gt;_EL0 and PMEVTYPER&lt;n&gt;_EL0 (op0=3, op1=3, CRn=14, CRm=8..15, n =
   * CRm[1:0]:op2) for n at or above PMCR_EL0.N do not exist: UNDEFINED, as on QEMU's cortex-a57.
   * (n = 31 with CRm=15 is PMCCFILTR_EL0.)
   */
  private static boolean unimplementedEventRegister(int key) {
    int crm = (key >>> 3) & 0xf;
    if ((key >>> 7) != ((3 << 7) | (3 << 4) | 14) || crm < 8) {
      return false;
    }
    int n = ((crm & 3) << 3) | (key & 7);
    return n >= Pmu.COUNTERS && !(n == 31 && crm == 15);
  }

  /**
   * The Cortex-A57's IMPLEMENTATION DEFINED control and error registers that firmware and
   * kernels may touch: EL1 read/write, reading zero and ignoring writes (as QEMU's cortex-a57,
   * with one CPU per cluster: L2CTLR_EL1.NumCPUs = 0). At EL0 they are UNDEFINED.
   */
  private static boolean isImplementationDefinedRazWi(int key) {
    return switch (key) {
      case L2CTLR_EL1, L2ECTLR_EL1, L2ACTLR_EL1, CPUACTLR_EL1, CPUECTLR_EL1, CPUMERRSR_EL1, L2MERRSR_EL1 -> true;
      default -> false;
    };
  }

  private static GuestException undefined(Cpu cpu, long pc) {
    return cpu.undefinedAbort(pc);
  }

  private SysregAccess() {}
}
