package dev.qvm.vdev.gic;

import static dev.qvm.vdev.gic.GicCpuInterface.*;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** ICC_*_EL1 semantics (IHI 0069, chapter 4 and 12.2): acknowledge, EOI, priorities, SGIs. */
class GicCpuInterfaceTest {

  private final GicFixture f = new GicFixture().enableAll();

  @Test
  void sreIsFixedAndCtlrReportsFivePriorityBits() {
    f.icc(0, ICC_SRE_EL1, 0);
    assertThat(f.icc(0, ICC_SRE_EL1)).as("SRE, DFB, DIB are RAO/WI").isEqualTo(7);
    long ctlr = f.icc(0, ICC_CTLR_EL1);
    assertThat((ctlr >>> 8) & 7).as("PRIbits = 5 bits - 1").isEqualTo(4);
    assertThat((ctlr >>> 11) & 7).as("IDbits: 16 bits").isZero();
    assertThat(f.gic.cpuInterface(0).handles(ICC_IAR1_EL1)).isTrue();
    assertThat(f.gic.cpuInterface(0).handles(key(3, 0, 1, 0, 0))).as("SCTLR_EL1 is not an ICC register").isFalse();
  }

  @Test
  void pmrKeepsImplementedBitsAndBinaryPointsClampToMinimum() {
    f.icc(0, ICC_PMR_EL1, 0xff);
    assertThat(f.icc(0, ICC_PMR_EL1)).isEqualTo(0xf8);
    f.icc(0, ICC_BPR0_EL1, 0);
    f.icc(0, ICC_BPR1_EL1, 0);
    assertThat(f.icc(0, ICC_BPR0_EL1)).isEqualTo(2);
    assertThat(f.icc(0, ICC_BPR1_EL1)).isEqualTo(3);
  }

  @Test
  void sgiToSelfIsAcknowledgedAndEoiDeactivates() {
    f.enablePrivate(0, 3, 0x80);
    f.sgi1(0, 3, 0);
    assertThat(f.pe[0].irq).as("SGI 3 pending: IRQ asserted").isTrue();
    assertThat(f.pe[1].irq).isFalse();
    assertThat(f.icc(0, ICC_HPPIR1_EL1)).isEqualTo(3);
    assertThat(f.icc(0, ICC_IAR1_EL1)).isEqualTo(3);
    assertThat(f.pe[0].irq).as("acknowledged: no longer signalled").isFalse();
    assertThat(f.icc(0, ICC_RPR_EL1)).as("running priority is the SGI's").isEqualTo(0x80);
    assertThat(f.icc(0, ICC_IAR1_EL1)).as("nothing else pending").isEqualTo(SPURIOUS);
    f.icc(0, ICC_EOIR1_EL1, 3);
    assertThat(f.gic.privates[0][3].active).as("EOImode 0: EOI deactivates").isFalse();
    assertThat(f.icc(0, ICC_RPR_EL1)).isEqualTo(0xff);
  }

  @Test
  void sgiTargetsByAffinityAndIrmMeansAllOthers() {
    f.enablePrivate(1, 5, 0x80);
    f.enablePrivate(0, 5, 0x80);
    f.sgi1(0, 5, 1);
    assertThat(f.pe[1].irq).isTrue();
    assertThat(f.pe[0].irq).isFalse();
    assertThat(f.icc(1, ICC_IAR1_EL1)).isEqualTo(5);
    f.icc(1, ICC_EOIR1_EL1, 5);
    f.icc(1, ICC_SGI1R_EL1, 5L << 24 | 1L << 40);
    assertThat(f.pe[0].irq).as("IRM = 1: every PE but the sender").isTrue();
    assertThat(f.pe[1].irq).isFalse();
  }

  @Test
  void sgi1rDoesNotGenerateGroupZeroSgi() {
    f.rd(0, RedistributorRegion.SGI_BASE + InterruptFamilies.ISENABLER, 4, 1L << 2); // Group 0
    f.sgi1(0, 2, 0);
    assertThat(f.gic.privates[0][2].pending()).isFalse();
    f.icc(0, ICC_SGI0R_EL1, 2L << 24 | 1);
    assertThat(f.pe[0].fiq).as("Group 0 is signalled as FIQ").isTrue();
    assertThat(f.icc(0, ICC_IAR1_EL1)).as("IAR1 does not take a Group 0 interrupt").isEqualTo(SPURIOUS);
    assertThat(f.icc(0, ICC_IAR0_EL1)).isEqualTo(2);
    f.icc(0, ICC_EOIR0_EL1, 2);
    assertThat(f.gic.privates[0][2].active).isFalse();
  }

  @Test
  void higherPriorityPreemptsAndNests() {
    f.enablePrivate(0, 1, 0xa0);
    f.enablePrivate(0, 2, 0x80);
    f.enablePrivate(0, 4, 0xa0);
    f.sgi1(0, 1, 0);
    assertThat(f.icc(0, ICC_IAR1_EL1)).isEqualTo(1);
    f.sgi1(0, 4, 0);
    assertThat(f.pe[0].irq).as("equal priority does not preempt").isFalse();
    f.sgi1(0, 2, 0);
    assertThat(f.pe[0].irq).as("higher priority preempts the running 0xA0").isTrue();
    assertThat(f.icc(0, ICC_IAR1_EL1)).isEqualTo(2);
    assertThat(f.icc(0, ICC_AP1R0_EL1)).as("two active priorities: 0x80 and 0xA0").isEqualTo(1L << 16 | 1L << 20);
    f.icc(0, ICC_EOIR1_EL1, 2);
    assertThat(f.icc(0, ICC_RPR_EL1)).as("back to the outer handler's priority").isEqualTo(0xa0);
    f.icc(0, ICC_EOIR1_EL1, 1);
    assertThat(f.pe[0].irq).as("SGI 4 can now be taken").isTrue();
    assertThat(f.icc(0, ICC_IAR1_EL1)).isEqualTo(4);
  }

  @Test
  void binaryPointGroupsPrioritiesForPreemption() {
    f.icc(0, ICC_BPR1_EL1, 6); // group priority = bits [7:6]
    f.enablePrivate(0, 1, 0xa0);
    f.enablePrivate(0, 2, 0x88);
    f.sgi1(0, 1, 0);
    assertThat(f.icc(0, ICC_IAR1_EL1)).isEqualTo(1);
    assertThat(f.icc(0, ICC_RPR_EL1)).as("running priority is the group priority 0x80").isEqualTo(0x80);
    f.sgi1(0, 2, 0);
    assertThat(f.pe[0].irq).as("0x88 is in the same group 0x80: no preemption").isFalse();
    assertThat(f.icc(0, ICC_HPPIR1_EL1)).as("still the highest pending").isEqualTo(2);
  }

  @Test
  void pmrMasksLowerPriorities() {
    f.icc(0, ICC_PMR_EL1, 0x80);
    f.enablePrivate(0, 6, 0x80);
    f.sgi1(0, 6, 0);
    assertThat(f.pe[0].irq).as("priority must be higher (lower value) than PMR").isFalse();
    assertThat(f.icc(0, ICC_IAR1_EL1)).isEqualTo(SPURIOUS);
    f.icc(0, ICC_PMR_EL1, 0x88);
    assertThat(f.pe[0].irq).isTrue();
  }

  @Test
  void eoiModeOneOnlyDropsPriorityAndDirDeactivates() {
    f.icc(0, ICC_CTLR_EL1, CTLR_EOIMODE);
    f.enablePrivate(0, 7, 0x80);
    f.sgi1(0, 7, 0);
    assertThat(f.icc(0, ICC_IAR1_EL1)).isEqualTo(7);
    f.icc(0, ICC_EOIR1_EL1, 7);
    assertThat(f.icc(0, ICC_RPR_EL1)).as("priority dropped").isEqualTo(0xff);
    assertThat(f.gic.privates[0][7].active).as("EOImode 1: still active after EOI").isTrue();
    f.sgi1(0, 7, 0);
    assertThat(f.pe[0].irq).as("active and pending: not signalled again").isFalse();
    f.icc(0, ICC_DIR_EL1, 7);
    assertThat(f.gic.privates[0][7].active).isFalse();
    assertThat(f.pe[0].irq).as("the pending copy is signalled after deactivation").isTrue();
  }

  @Test
  void dirIsIgnoredWithEoiModeZero() {
    f.enablePrivate(0, 7, 0x80);
    f.sgi1(0, 7, 0);
    f.icc(0, ICC_IAR1_EL1);
    f.icc(0, ICC_DIR_EL1, 7);
    assertThat(f.gic.privates[0][7].active).isTrue();
  }

  @Test
  void interruptPendingBeforeEnableArrivesOnlyAfter() {
    f.gicd(InterruptFamilies.ICFGR + 8, 2L << 18); // INTID 41 edge
    f.gic.spi(41).pulse();
    assertThat(f.pe[0].irq).isFalse();
    f.enableSpi(41, 0x80, GicFixture.MPIDR0);
    assertThat(f.pe[0].irq).as("the latched edge is delivered once enabled").isTrue();
    assertThat(f.icc(0, ICC_IAR1_EL1)).isEqualTo(41);
  }

  @Test
  void spiRoutesToTheAffinityInIrouter() {
    f.gicd(InterruptFamilies.ICFGR + 8, 2L); // INTID 32 edge
    f.enableSpi(32, 0x80, GicFixture.MPIDR1);
    f.gic.spi(32).pulse();
    assertThat(f.pe[1].irq).isTrue();
    assertThat(f.pe[0].irq).isFalse();
    assertThat(f.icc(0, ICC_IAR1_EL1)).isEqualTo(SPURIOUS);
    assertThat(f.icc(1, ICC_IAR1_EL1)).isEqualTo(32);
  }

  @Test
  void levelInterruptIsActiveAndPendingUntilLowered() {
    f.enableSpi(50, 0x80, GicFixture.MPIDR0);
    f.gic.spi(50).raise();
    assertThat(f.icc(0, ICC_IAR1_EL1)).isEqualTo(50);
    IrqState s = f.gic.spiOrNull(50);
    assertThat(s.active && s.pending()).as("active and pending while the line is high").isTrue();
    f.gic.spi(50).lower();
    f.icc(0, ICC_EOIR1_EL1, 50);
    assertThat(f.pe[0].irq).isFalse();
    assertThat(s.active || s.pending()).isFalse();
  }

  @Test
  void disabledGroupInCpuInterfaceIsNotSignalled() {
    f.icc(0, ICC_IGRPEN1_EL1, 0);
    f.enablePrivate(0, 3, 0x80);
    f.sgi1(0, 3, 0);
    assertThat(f.pe[0].irq).isFalse();
    f.icc(0, ICC_IGRPEN1_EL1, 1);
    assertThat(f.pe[0].irq).isTrue();
  }
}
