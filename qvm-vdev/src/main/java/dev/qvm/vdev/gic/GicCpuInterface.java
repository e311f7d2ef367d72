package dev.qvm.vdev.gic;

import dev.qvm.core.irq.CpuInterface;

/**
 * The GICv3 CPU interface of one PE, reached as ICC_*_EL1 system registers (IHI 0069, chapter 4
 * "Physical interrupt handling and prioritization" and 12.2 "AArch64 System register
 * descriptions of the CPU interface"): acknowledge, priority drop and deactivation (EOImode 0 and
 * 1), the priority mask, binary points, active priorities, running priority and SGI generation.
 *
 * <p>Five priority bits are implemented (32 levels, as QEMU): priorities compare on bits [7:3],
 * and the active-priority registers AP0R0/AP1R0 hold one bit per level.
 */
final class GicCpuInterface implements CpuInterface {

  /** The MRS/MSR key op0:op1:CRn:CRm:op2 of an ICC register. */
  static int key(int op0, int op1, int crn, int crm, int op2) {
    return op0 << 14 | op1 << 11 | crn << 7 | crm << 3 | op2;
  }

  static final int ICC_PMR_EL1 = key(3, 0, 4, 6, 0);
  static final int ICC_IAR0_EL1 = key(3, 0, 12, 8, 0);
  static final int ICC_EOIR0_EL1 = key(3, 0, 12, 8, 1);
  static final int ICC_HPPIR0_EL1 = key(3, 0, 12, 8, 2);
  static final int ICC_BPR0_EL1 = key(3, 0, 12, 8, 3);
  static final int ICC_AP0R0_EL1 = key(3, 0, 12, 8, 4);
  static final int ICC_AP0R3_EL1 = key(3, 0, 12, 8, 7);
  static final int ICC_AP1R0_EL1 = key(3, 0, 12, 9, 0);
  static final int ICC_AP1R3_EL1 = key(3, 0, 12, 9, 3);
  static final int ICC_DIR_EL1 = key(3, 0, 12, 11, 1);
  static final int ICC_RPR_EL1 = key(3, 0, 12, 11, 3);
  static final int ICC_SGI1R_EL1 = key(3, 0, 12, 11, 5);
  static final int ICC_ASGI1R_EL1 = key(3, 0, 12, 11, 6);
  static final int ICC_SGI0R_EL1 = key(3, 0, 12, 11, 7);
  static final int ICC_IAR1_EL1 = key(3, 0, 12, 12, 0);
  static final int ICC_EOIR1_EL1 = key(3, 0, 12, 12, 1);
  static final int ICC_HPPIR1_EL1 = key(3, 0, 12, 12, 2);
  static final int ICC_BPR1_EL1 = key(3, 0, 12, 12, 3);
  static final int ICC_CTLR_EL1 = key(3, 0, 12, 12, 4);
  static final int ICC_SRE_EL1 = key(3, 0, 12, 12, 5);
  static final int ICC_IGRPEN0_EL1 = key(3, 0, 12, 12, 6);
  static final int ICC_IGRPEN1_EL1 = key(3, 0, 12, 12, 7);

  /** Implemented priority bits (ICC_CTLR_EL1.PRIbits + 1). */
  static final int PRI_BITS = 5;

  /** The implemented bits of a priority value. */
  static final int PRI_MASK = (0xff << (8 - PRI_BITS)) & 0xff;

  /** 12.2.4: the smallest BPR0 with five priority bits; BPR1's minimum is one more. */
  static final int MIN_BPR0 = 7 - PRI_BITS;

  /** INTID 1023: no interrupt to acknowledge (2.2.1 "Special INTIDs"). */
  static final int SPURIOUS = 1023;

  /** ICC_CTLR_EL1: CBPR [0], EOImode [1], PRIbits [10:8], IDbits [13:11] (0: 16 bits), A3V [15]. */
  static final int CTLR_CBPR = 1;

  static final int CTLR_EOIMODE = 1 << 1;
  static final int CTLR_A3V = 1 << 15;

  private final Gicv3 gic;
  private final int vcpu;

  int pmr;
  int bpr0 = MIN_BPR0;
  int bpr1 = MIN_BPR0 + 1;
  boolean cbpr;
  boolean eoiMode;
  boolean igrpen0;
  boolean igrpen1;
  long ap0r0;
  long ap1r0;

  GicCpuInterface(Gicv3 gic, int vcpu) {
    this.gic = gic;
    this.vcpu = vcpu;
  }

  @Override
  public boolean handles(int key) {
    return key == ICC_PMR_EL1
        || (key >= ICC_IAR0_EL1 && key <= ICC_AP1R3_EL1)
        || key == ICC_DIR_EL1
        || key == ICC_RPR_EL1
        || (key >= ICC_SGI1R_EL1 && key <= ICC_SGI0R_EL1)
        || (key >= ICC_IAR1_EL1 && key <= ICC_IGRPEN1_EL1);
  }

  @Override
  public long read(int key) {
    return gic.lockedRead(() -> readLocked(key));
  }

  @Override
  public void write(int key, long value) {
    gic.locked(() -> writeLocked(key, value));
  }

  private long readLocked(int key) {
    if (key == ICC_PMR_EL1) {
      return pmr;
    } else if (key == ICC_IAR0_EL1) {
      return acknowledge(false);
    } else if (key == ICC_IAR1_EL1) {
      return acknowledge(true);
    } else if (key == ICC_HPPIR0_EL1) {
      return hppir(false);
    } else if (key == ICC_HPPIR1_EL1) {
      return hppir(true);
    } else if (key == ICC_BPR0_EL1) {
      return bpr0;
    } else if (key == ICC_BPR1_EL1) {
      // 12.2.5: with CBPR set, BPR1 reads as BPR0 plus one, saturated at 7.
      return cbpr ? Math.min(bpr0 + 1, 7) : bpr1;
    } else if (key == ICC_AP0R0_EL1) {
      return ap0r0;
    } else if (key == ICC_AP1R0_EL1) {
      return ap1r0;
    } else if (key == ICC_RPR_EL1) {
      return runningPriority();
    } else if (key == ICC_CTLR_EL1) {
      return (cbpr ? CTLR_CBPR : 0) | (eoiMode ? CTLR_EOIMODE : 0) | (PRI_BITS - 1) << 8 | CTLR_A3V;
    } else if (key == ICC_SRE_EL1) {
      return 7; // 12.2.19: SRE, DFB and DIB are RAO/WI; there is no memory-mapped interface
    } else if (key == ICC_IGRPEN0_EL1) {
      return igrpen0 ? 1 : 0;
    } else if (key == ICC_IGRPEN1_EL1) {
      return igrpen1 ? 1 : 0;
    }
    return 0; // AP0R1..3, AP1R1..3 (not implemented with 5 priority bits), EOIR/DIR/SGI (WO)
  }

  private void writeLocked(int key, long value) {
    if (key == ICC_PMR_EL1) {
      pmr = (int) value & PRI_MASK;
    } else if (key == ICC_EOIR0_EL1) {
      endOfInterrupt(false, (int) value & 0xff_ffff);
    } else if (key == ICC_EOIR1_EL1) {
      endOfInterrupt(true, (int) value & 0xff_ffff);
    } else if (key == ICC_DIR_EL1) {
      // 12.2.8: with EOImode 0 a write to DIR is UNPREDICTABLE; ignore it, as QEMU does.
      if (eoiMode) {
        deactivate((int) value & 0xff_ffff);
      }
    } else if (key == ICC_BPR0_EL1) {
      bpr0 = Math.max((int) value & 7, MIN_BPR0);
    } else if (key == ICC_BPR1_EL1) {
      if (!cbpr) {
        bpr1 = Math.max((int) value & 7, MIN_BPR0 + 1);
      }
    } else if (key == ICC_AP0R0_EL1) {
      ap0r0 = value & 0xffff_ffffL;
    } else if (key == ICC_AP1R0_EL1) {
      ap1r0 = value & 0xffff_ffffL;
    } else if (key == ICC_CTLR_EL1) {
      cbpr = (value & CTLR_CBPR) != 0;
      eoiMode = (value & CTLR_EOIMODE) != 0;
    } else if (key == ICC_IGRPEN0_EL1) {
      igrpen0 = (value & 1) != 0;
      gic.enablesChanged();
    } else if (key == ICC_IGRPEN1_EL1) {
      igrpen1 = (value & 1) != 0;
      gic.enablesChanged();
    } else if (key == ICC_SGI0R_EL1) {
      generateSgi(value, false);
    } else if (key == ICC_SGI1R_EL1 || key == ICC_ASGI1R_EL1) {
      // With one Security state there is one Group 1: ASGI1R names the same group as SGI1R.
      generateSgi(value, true);
    }
  }

  boolean groupEnabled(boolean group1) {
    return group1 ? igrpen1 : igrpen0;
  }

  /** 4.8.3: the group priority bits of a priority under the binary point of its group. */
  int groupPriorityMask(boolean group1) {
    int shift = group1 && !cbpr ? bpr1 : bpr0 + 1;
    return (0xff << shift) & PRI_MASK;
  }

  /** 4.8.6 / 12.2.18 ICC_RPR_EL1: the highest active group priority, 0xFF when idle. */
  int runningPriority() {
    long active = ap0r0 | ap1r0;
    return active == 0 ? 0xff : Long.numberOfTrailingZeros(active) << (8 - PRI_BITS);
  }

  /**
   * 4.8 "Interrupt prioritization": an interrupt is signalled when its group is enabled here, its
   * priority is higher than the priority mask and its group priority higher than the running
   * priority (preemption).
   */
  boolean canPreempt(IrqState irq) {
    int prio = irq.priority & PRI_MASK;
    return groupEnabled(irq.group1) && prio < pmr && (irq.priority & groupPriorityMask(irq.group1)) < runningPriority();
  }

  /** 12.2.11 ICC_HPPIR1_EL1 / 12.2.10 ICC_HPPIR0_EL1. */
  private int hppir(boolean group1) {
    IrqState hp = gic.highestPending(vcpu);
    return hp != null && hp.group1 == group1 ? hp.intid : SPURIOUS;
  }

  /**
   * 12.2.13 ICC_IAR1_EL1 / 12.2.12 ICC_IAR0_EL1: the signalled interrupt of the group becomes
   * active (an edge's latch clears; a level still asserted leaves it active and pending), and its
   * group priority becomes the running priority.
   */
  private int acknowledge(boolean group1) {
    IrqState hp = gic.highestPending(vcpu);
    if (hp == null || hp.group1 != group1 || !canPreempt(hp)) {
      return SPURIOUS;
    }
    hp.pendingLatch = false;
    hp.active = true;
    long bit = 1L << ((hp.priority & groupPriorityMask(group1)) >>> (8 - PRI_BITS));
    if (group1) {
      ap1r0 |= bit;
    } else {
      ap0r0 |= bit;
    }
    gic.acknowledged(vcpu, hp.intid);
    return hp.intid;
  }

  /**
   * 4.1.1 / 12.2.9 ICC_EOIR1_EL1: drops the running priority (clears the highest active priority
   * bit, which must belong to this group), and with EOImode 0 also deactivates the INTID.
   */
  private void endOfInterrupt(boolean group1, int intid) {
    if (intid >= 1020 && intid <= 1023) {
      return; // special INTIDs are never active
    }
    long active = ap0r0 | ap1r0;
    if (active == 0) {
      return; // no active priority: nothing to drop (UNPREDICTABLE; ignored)
    }
    long highest = Long.lowestOneBit(active);
    if (group1 && (ap1r0 & highest) != 0) {
      ap1r0 &= ~highest;
    } else if (!group1 && (ap0r0 & highest) != 0) {
      ap0r0 &= ~highest;
    } else {
      return; // the highest active priority belongs to the other group
    }
    if (!eoiMode) {
      deactivate(intid);
    }
  }

  /** 4.1.1: the interrupt leaves the active state (the "physical EOI" for host-owned sources). */
  private void deactivate(int intid) {
    IrqState irq = gic.irq(vcpu, intid);
    if (irq != null) {
      gic.setActive(irq, false, vcpu);
    }
  }

  /**
   * 12.2.21 ICC_SGI1R_EL1: TargetList [15:0], Aff1 [23:16], INTID [27:24], Aff2 [39:32], IRM [40],
   * RS [47:44], Aff3 [55:48]. IRM = 1 targets every PE but this one. An SGI is made pending only
   * at targets where it is configured in the group the register generates.
   */
  private void generateSgi(long value, boolean group1) {
    int intid = (int) (value >>> 24) & 0xf;
    boolean allOthers = (value & (1L << 40)) != 0;
    long aff321 = ((value >>> 48) & 0xff) << 32 | ((value >>> 32) & 0xff) << 16 | ((value >>> 16) & 0xff) << 8;
    int rangeBase = (int) ((value >>> 44) & 0xf) * 16;
    int targetList = (int) value & 0xffff;
    for (int c = 0; c < gic.vcpuCount; c++) {
      long m = gic.mpidr[c];
      boolean hit;
      if (allOthers) {
        hit = c != vcpu;
      } else {
        int aff0 = (int) (m & 0xff) - rangeBase;
        hit = (m & 0xff_00ff_ff00L) == aff321 && aff0 >= 0 && aff0 < 16 && (targetList & (1 << aff0)) != 0;
      }
      IrqState sgi = gic.privates[c][intid];
      if (hit && sgi.group1 == group1) {
        sgi.pendingLatch = true;
        gic.asserted(c, intid);
      }
    }
  }
}
