package dev.qvm.cpu.sysreg;

import dev.qvm.cpu.CpuModel;
import dev.qvm.cpu.timer.GenericTimer;

/**
 * The EL1 and EL0 system registers of one PE that are plain storage (PSTATE-backed ones such as
 * NZCV, DAIF and CurrentEL live in the CPU). Field names follow the ARM ARM register names;
 * {@link SysregAccess} maps MRS/MSR encodings onto them.
 */
public final class SystemRegisters {

  public final CpuModel model;
  public final GenericTimer timer = new GenericTimer();

  /** The performance monitors (PMUv3) registers. */
  final Pmu pmu = new Pmu();

  /** The breakpoint, watchpoint and debug status registers. */
  final DebugRegisters debug = new DebugRegisters();

  /** MPIDR_EL1 affinity (Aff3..Aff0), set by the VM per vCPU. */
  public long mpidr = 0x8000_0000L; // bit 31 RES1; U (bit 30) = 0: part of a multiprocessor system

  public long sctlrEl1;
  public long actlrEl1;
  public long cpacrEl1;
  public long ttbr0El1;
  public long ttbr1El1;
  public long tcrEl1;
  public long mairEl1;
  public long amairEl1;
  public long vbarEl1;
  public long esrEl1;
  public long farEl1;
  public long parEl1;
  public long afsr0El1;
  public long afsr1El1;
  public long contextidrEl1;
  public long tpidrEl1;
  public long tpidrEl0;
  public long tpidrroEl0;
  public long spsrEl1;
  public long elrEl1;
  public long csselrEl1;
  public long fpcr;
  public long fpsr;
  public long mdscrEl1;
  public long oslsrEl1;
  public long osdlrEl1;

  public SystemRegisters(CpuModel model) {
    this.model = model;
    reset();
  }

  /** Warm reset values (ARM ARM: UNKNOWN values are 0 here, as in QEMU). */
  public void reset() {
    // SCTLR_EL1 RES1 bits for ARMv8.0: 29, 28, 23, 22, 20, 11 (QEMU's cortex-a57 reset 0x00c50838).
    sctlrEl1 = 0x00c5_0838L;
    actlrEl1 = 0;
    cpacrEl1 = 0;
    ttbr0El1 = ttbr1El1 = tcrEl1 = 0;
    mairEl1 = amairEl1 = 0;
    vbarEl1 = esrEl1 = farEl1 = parEl1 = 0;
    afsr0El1 = afsr1El1 = 0;
    contextidrEl1 = tpidrEl1 = tpidrEl0 = tpidrroEl0 = 0;
    spsrEl1 = elrEl1 = 0;
    csselrEl1 = 0;
    fpcr = fpsr = 0;
    mdscrEl1 = 0;
    oslsrEl1 = 0x0a; // OSLM = 0b10 (OS Lock implemented), OSLK = 1 at reset
    osdlrEl1 = 0;
    pmu.reset();
    debug.reset();
  }

  /** The current ASID: from TTBR1 when TCR_EL1.A1 is set, else TTBR0; 8 or 16 bits by TCR.AS. */
  public int asid() {
    long ttbr = ((tcrEl1 >>> 22) & 1) != 0 ? ttbr1El1 : ttbr0El1;
    int asid = (int) (ttbr >>> 48) & 0xffff;
    return ((tcrEl1 >>> 36) & 1) != 0 ? asid : asid & 0xff;
  }
}
