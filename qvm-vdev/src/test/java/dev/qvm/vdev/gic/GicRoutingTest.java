package dev.qvm.vdev.gic;

import static dev.qvm.vdev.gic.GicCpuInterface.*;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Where an interrupt goes with two PEs: 1-of-N SPIs (GICD_IROUTER.Interrupt_Routing_Mode = 1),
 * ICC_ASGI1R_EL1, and the redistributor's GICR_CTLR, programmed as a guest would (IHI 0069).
 */
class GicRoutingTest {

  private static final int SPI = 50;

  /** GICD_IROUTER.Interrupt_Routing_Mode, bit 31 (IHI 0069 12.9.22): any one participating PE. */
  private static final long IROUTER_IRM = 1L << 31;

  private final GicFixture f = new GicFixture().enableAll();

  /** SPI {@link #SPI} Group 1, enabled, edge-triggered (GICD_ICFGR Int_config 0b10), to {@code mpidr}. */
  private void enableEdgeSpi(long mpidr) {
    f.enableSpi(SPI, 0x80, mpidr);
    f.gicd(InterruptFamilies.ICFGR + SPI / 16 * 4, 2L << (SPI % 16 * 2));
  }

  /** SPI {@link #SPI}, 1 of N, made pending by an edge on its line. */
  private void pendingOneOfN() {
    enableEdgeSpi(GicFixture.MPIDR0);
    f.gic.distributor().write(Distributor.GICD_IROUTER + 8L * SPI, 8, IROUTER_IRM);
    f.gic.spi(SPI).pulse();
  }

  @Test
  void irmOneOffersTheSpiToBothPesAndExactlyOneAcknowledgesIt() {
    pendingOneOfN();
    assertThat(f.pe[0].irq && f.pe[1].irq).as("4.6.2 1 of N: every participating PE is signalled").isTrue();
    assertThat(f.icc(1, ICC_IAR1_EL1)).as("the first PE to read ICC_IAR1_EL1 takes it").isEqualTo(SPI);
    assertThat(f.icc(0, ICC_IAR1_EL1)).as("the other finds it active, not pending: spurious").isEqualTo(SPURIOUS);
    assertThat(f.pe[0].irq).as("no longer signalled to the PE that lost").isFalse();
    f.icc(1, ICC_EOIR1_EL1, SPI);
    assertThat(f.gic.spiOrNull(SPI).active).isFalse();
    f.gic.spi(SPI).pulse();
    assertThat(f.icc(0, ICC_IAR1_EL1)).as("next time PE 0 may take it").isEqualTo(SPI);
    assertThat(f.icc(1, ICC_IAR1_EL1)).isEqualTo(SPURIOUS);
  }

  @Test
  void irmOneDoesNotChooseAPeWhoseGroupOneIsDisabled() {
    f.icc(0, ICC_IGRPEN1_EL1, 0);
    pendingOneOfN();
    assertThat(f.pe[0].irq).as("ICC_IGRPEN1_EL1 = 0: PE 0 does not participate").isFalse();
    assertThat(f.pe[1].irq).isTrue();
    assertThat(f.icc(0, ICC_IAR1_EL1)).isEqualTo(SPURIOUS);
    assertThat(f.icc(1, ICC_IAR1_EL1)).isEqualTo(SPI);
    f.icc(1, ICC_EOIR1_EL1, SPI);
    // And the other way round: only PE 0 takes Group 1 now.
    f.icc(0, ICC_IGRPEN1_EL1, 1);
    f.icc(1, ICC_IGRPEN1_EL1, 0);
    f.gic.spi(SPI).pulse();
    assertThat(f.pe[1].irq).isFalse();
    assertThat(f.icc(1, ICC_IAR1_EL1)).isEqualTo(SPURIOUS);
    assertThat(f.icc(0, ICC_IAR1_EL1)).isEqualTo(SPI);
  }

  @Test
  void irmZeroRoutesOnlyToTheNamedAffinity() {
    enableEdgeSpi(GicFixture.MPIDR1);
    f.gic.spi(SPI).pulse();
    assertThat(f.pe[0].irq).isFalse();
    assertThat(f.icc(0, ICC_IAR1_EL1)).isEqualTo(SPURIOUS);
    assertThat(f.icc(1, ICC_IAR1_EL1)).isEqualTo(SPI);
  }

  /**
   * 12.2.2 ICC_ASGI1R_EL1 generates a Group 1 SGI for the other Security state; with one
   * Security state (GICD_CTLR.DS = 1) that is the same Group 1 as ICC_SGI1R_EL1's. Same fields:
   * TargetList [15:0], Aff1 [23:16], INTID [27:24], IRM [40].
   */
  @Test
  void asgi1rGeneratesAGroupOneSgiToTheTargetList() {
    f.enablePrivate(0, 7, 0x80);
    f.enablePrivate(1, 7, 0x80);
    f.icc(0, ICC_ASGI1R_EL1, 7L << 24 | 1L << 1); // TargetList bit 1: Aff0 = 1, PE 1
    assertThat(f.pe[1].irq).isTrue();
    assertThat(f.pe[0].irq).as("not in the target list").isFalse();
    assertThat(f.icc(1, ICC_IAR1_EL1)).isEqualTo(7);
    f.icc(1, ICC_EOIR1_EL1, 7);
    f.icc(1, ICC_ASGI1R_EL1, 7L << 24 | 1L << 40);
    assertThat(f.pe[0].irq).as("IRM = 1: every PE but the sender").isTrue();
    assertThat(f.pe[1].irq).isFalse();
    assertThat(f.icc(0, ICC_IAR1_EL1)).isEqualTo(7);
  }

  /**
   * 12.11.2 GICR_CTLR: without LPIs (GICR_TYPER.PLPIS = 0) EnableLPIs is RES0; RWP and UWP read
   * 0 because register writes take effect at once. A guest's write changes nothing.
   */
  @Test
  void gicrCtlrReadsZeroAndIgnoresWrites() {
    for (int c = 0; c < 2; c++) {
      assertThat(f.rd(c, RedistributorRegion.GICR_CTLR, 4)).isZero();
      assertThat(f.rd(c, RedistributorRegion.GICR_TYPER, 8) & 1).as("GICR_TYPER.PLPIS: no LPIs").isZero();
      f.rd(c, RedistributorRegion.GICR_CTLR, 4, 0xffff_ffffL);
      assertThat(f.rd(c, RedistributorRegion.GICR_CTLR, 4)).as("EnableLPIs stays 0, RWP reads 0").isZero();
    }
  }
}
