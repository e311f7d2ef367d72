package dev.qvm.cpu.sysreg;

import dev.qvm.cpu.exec.Cpu;

/**
 * The Performance Monitors Extension registers of the Cortex-A57 model (ARM ARM D13, PMUv3;
 * ID_AA64DFR0_EL1.PMUVer = 1 as QEMU's cortex-a57 reports): PMCR_EL0 with six event counters,
 * the enable/overflow/interrupt set and clear registers, the selectors and the cycle counter.
 * Linux's CPU set-up writes several of these at boot whether or not it uses perf. The cycle
 * counter counts retired instructions (qvm has no cycles); the event counters hold what is
 * written and do not count.
 */
final class Pmu {
  static final int PMCR_EL0 = (3 << 14) | (3 << 11) | (9 << 7) | (12 << 3) | 0;
  static final int PMCNTENSET_EL0 = (3 << 14) | (3 << 11) | (9 << 7) | (12 << 3) | 1;
  static final int PMCNTENCLR_EL0 = (3 << 14) | (3 << 11) | (9 << 7) | (12 << 3) | 2;
  static final int PMOVSCLR_EL0 = (3 << 14) | (3 << 11) | (9 << 7) | (12 << 3) | 3;
  static final int PMSWINC_EL0 = (3 << 14) | (3 << 11) | (9 << 7) | (12 << 3) | 4;
  static final int PMSELR_EL0 = (3 << 14) | (3 << 11) | (9 << 7) | (12 << 3) | 5;
  static final int PMCEID0_EL0 = (3 << 14) | (3 << 11) | (9 << 7) | (12 << 3) | 6;
  static final int PMCEID1_EL0 = (3 << 14) | (3 << 11) | (9 << 7) | (12 << 3) | 7;
  static final int PMCCNTR_EL0 = (3 << 14) | (3 << 11) | (9 << 7) | (13 << 3) | 0;
  static final int PMXEVTYPER_EL0 = (3 << 14) | (3 << 11) | (9 << 7) | (13 << 3) | 1;
  static final int PMXEVCNTR_EL0 = (3 << 14) | (3 << 11) | (9 << 7) | (13 << 3) | 2;
  static final int PMUSERENR_EL0 = (3 << 14) | (3 << 11) | (9 << 7) | (14 << 3) | 0;
  static final int PMOVSSET_EL0 = (3 << 14) | (3 << 11) | (9 << 7) | (14 << 3) | 3;
  static final int PMINTENSET_EL1 = (3 << 14) | (0 << 11) | (9 << 7) | (14 << 3) | 1;
  static final int PMINTENCLR_EL1 = (3 << 14) | (0 << 11) | (9 << 7) | (14 << 3) | 2;
  static final int PMCCFILTR_EL0 = (3 << 14) | (3 << 11) | (14 << 7) | (15 << 3) | 7;

  /** PMCR_EL0.N: the Cortex-A57 has six event counters. */
  static final int COUNTERS = 6;

  /**
   * PMCEID0_EL0 (D17.5.2): common events 0x00 SW_INCR (bit 0) and 0x11 CPU_CYCLES (bit 17), the
   * value QEMU 7.2's cortex-a57 reads (measured), so that QEMU stays an exact oracle. Both are
   * true of this model: PMSWINC_EL0 exists, and the cycle counter counts (retired instructions).
   * The event counters themselves do not count yet; PMCEID1_EL0 (events 0x20-0x3F) is zero.
   */
  static final long PMCEID0 = (1L << 0x11) | (1L << 0x00);

  /** PMCR_EL0 read-only part: IMP = 0x41 (Arm), IDCODE = 0x01, N = 6. */
  private static final long PMCR_ID = 0x4101_3000L;

  private long pmcr;
  private long counterEnable;
  private long overflow;
  private long interruptEnable;
  private long select;
  private long userEnable;
  private long cycleFilter;
  private long cycleBase;
  private long cycleValue;
  private final long[] eventType = new long[COUNTERS];
  private final long[] eventCount = new long[COUNTERS];

  void reset() {
    pmcr = 0;
    counterEnable = overflow = interruptEnable = select = userEnable = cycleFilter = 0;
    cycleBase = cycleValue = 0;
    java.util.Arrays.fill(eventType, 0);
    java.util.Arrays.fill(eventCount, 0);
  }

  /** Whether {@code key} is a PMU register (PMEVCNTR&lt;n&gt; and PMEVTYPER&lt;n&gt; included). */
  static boolean handles(int key) {
    int op0op1crn = key >>> 7;
    int crm = (key >>> 3) & 0xf;
    boolean evRegs = op0op1crn == ((3 << 7) | (3 << 4) | 14) && crm >= 8 && crm <= 15;
    return evRegs || switch (key) {
      case PMCR_EL0, PMCNTENSET_EL0, PMCNTENCLR_EL0, PMOVSCLR_EL0, PMSWINC_EL0, PMSELR_EL0, PMCEID0_EL0, PMCEID1_EL0,
          PMCCNTR_EL0, PMXEVTYPER_EL0, PMXEVCNTR_EL0, PMUSERENR_EL0, PMOVSSET_EL0, PMINTENSET_EL1, PMINTENCLR_EL1 -> true;
      default -> false;
    };
  }

  private boolean cycleCounting() {
    return (pmcr & 1) != 0 && (counterEnable & (1L << 31)) != 0;
  }

  private long cycles(Cpu cpu) {
    return cycleCounting() ? cycleValue + (cpu.instructionsRetired - cycleBase) : cycleValue;
  }

  private void freezeCycles(Cpu cpu) {
    cycleValue = cycles(cpu);
    cycleBase = cpu.instructionsRetired;
  }

  long read(Cpu cpu, int key) {
    switch (key) {
      case PMCR_EL0:
        return PMCR_ID | (pmcr & 0x7f);
      case PMCNTENSET_EL0, PMCNTENCLR_EL0:
        return counterEnable;
      case PMOVSCLR_EL0, PMOVSSET_EL0:
        return overflow;
      case PMINTENSET_EL1, PMINTENCLR_EL1:
        return interruptEnable;
      case PMSELR_EL0:
        return select;
      case PMCEID0_EL0:
        return PMCEID0;
      case PMCEID1_EL0:
        return 0;
      case PMCCNTR_EL0:
        return cycles(cpu);
      case PMUSERENR_EL0:
        return userEnable;
      case PMXEVTYPER_EL0:
        return select == 31 ? cycleFilter : select < COUNTERS ? eventType[(int) select] : 0;
      case PMXEVCNTR_EL0:
        return select < COUNTERS ? eventCount[(int) select] : 0;
      default:
        return readEventRegister(key);
    }
  }

  void write(Cpu cpu, int key, long value) {
    long counterMask = (1L << 31) | ((1L << COUNTERS) - 1);
    switch (key) {
      case PMCR_EL0 -> {
        freezeCycles(cpu);
        if ((value & 4) != 0) { // C: reset the cycle counter
          cycleValue = 0;
        }
        if ((value & 2) != 0) { // P: reset the event counters
          java.util.Arrays.fill(eventCount, 0);
        }
        pmcr = value & 0x79; // E, D, X, DP, LC; P and C read as zero
      }
      case PMCNTENSET_EL0 -> {
        freezeCycles(cpu);
        counterEnable |= value & counterMask;
      }
      case PMCNTENCLR_EL0 -> {
        freezeCycles(cpu);
        counterEnable &= ~(value & counterMask);
      }
      case PMOVSCLR_EL0 -> overflow &= ~(value & counterMask);
      case PMOVSSET_EL0 -> overflow |= value & counterMask;
      case PMINTENSET_EL1 -> interruptEnable |= value & counterMask;
      case PMINTENCLR_EL1 -> interruptEnable &= ~(value & counterMask);
      case PMSELR_EL0 -> select = value & 31;
      case PMCCNTR_EL0 -> {
        cycleValue = value;
        cycleBase = cpu.instructionsRetired;
      }
      case PMUSERENR_EL0 -> userEnable = value & 0xf;
      case PMSWINC_EL0, PMCEID0_EL0, PMCEID1_EL0 -> {}
      case PMXEVTYPER_EL0 -> {
        if (select == 31) {
          cycleFilter = value;
        } else if (select < COUNTERS) {
          eventType[(int) select] = value;
        }
      }
      case PMXEVCNTR_EL0 -> {
        if (select < COUNTERS) {
          eventCount[(int) select] = value & 0xffff_ffffL;
        }
      }
      default -> writeEventRegister(key, value);
    }
  }

  /** PMEVCNTR&lt;n&gt;_EL0 is CRn=14, CRm=0b10:n[4:3], op2=n[2:0]; PMEVTYPER&lt;n&gt; has CRm=0b11:n[4:3]. */
  private long readEventRegister(int key) {
    if (key == PMCCFILTR_EL0) {
      return cycleFilter;
    }
    int crm = (key >>> 3) & 0xf;
    int n = ((crm & 3) << 3) | (key & 7);
    if (n >= COUNTERS) {
      return 0;
    }
    return (crm & 4) == 0 ? eventCount[n] : eventType[n];
  }

  private void writeEventRegister(int key, long value) {
    if (key == PMCCFILTR_EL0) {
      cycleFilter = value;
      return;
    }
    int crm = (key >>> 3) & 0xf;
    int n = ((crm & 3) << 3) | (key & 7);
    if (n >= COUNTERS) {
      return;
    }
    if ((crm & 4) == 0) {
      eventCount[n] = value & 0xffff_ffffL;
    } else {
      eventType[n] = value;
    }
  }
}
