package dev.qvm.vdev.gic;

import static dev.qvm.vdev.gic.InterruptFamilies.*;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** GICD_* and GICR_* register semantics (IHI 0069, 12.9 - 12.11) as a guest driver sees them. */
class GicDistributorTest {

  private final GicFixture f = new GicFixture();

  @Test
  void typerReportsItLinesFromSpiCountAndNoLpis() {
    long typer = f.gicd(Distributor.GICD_TYPER);
    assertThat(typer & 0x1f).as("ITLinesNumber: 96 INTIDs = 32*(2+1)").isEqualTo(2);
    assertThat((typer >>> 17) & 1).as("LPIS").isZero();
    assertThat((typer >>> 19) & 0x1f).as("IDbits: 16 bits").isEqualTo(15);
    assertThat((typer >>> 10) & 1).as("SecurityExtn: one Security state").isZero();
  }

  @Test
  void identificationShowsGicv3() {
    assertThat((f.gicd(IdRegisters.PIDR2) >>> 4) & 0xf).as("GICD_PIDR2.ArchRev").isEqualTo(3);
    assertThat((f.rd(1, IdRegisters.PIDR2, 4) >>> 4) & 0xf).as("GICR_PIDR2.ArchRev").isEqualTo(3);
    assertThat(f.gicd(Distributor.GICD_IIDR) & 0xfff).as("IIDR implementer ARM").isEqualTo(0x43B);
  }

  @Test
  void ctlrKeepsAreAndDsSetAndEnablesGroups() {
    f.gicd(Distributor.GICD_CTLR, 0);
    assertThat(f.gicd(Distributor.GICD_CTLR)).as("ARE and DS are RAO/WI, RWP reads 0").isEqualTo(Distributor.CTLR_ARE | Distributor.CTLR_DS);
    f.gicd(Distributor.GICD_CTLR, Distributor.CTLR_ARE | Distributor.CTLR_ENABLE_GRP1);
    assertThat(f.gicd(Distributor.GICD_CTLR) & 3).isEqualTo(2);
    assertThat(f.gic.enableGrp1).isTrue();
    assertThat(f.gic.enableGrp0).isFalse();
  }

  @Test
  void setAndClearEnableIgnoreZeroBits() {
    f.gicd(ISENABLER + 4, 0b101); // INTIDs 32 and 34
    f.gicd(ISENABLER + 4, 0b010); // 33; 32 and 34 must stay enabled
    assertThat(f.gicd(ISENABLER + 4)).isEqualTo(0b111);
    f.gicd(ICENABLER + 4, 0b001);
    assertThat(f.gicd(ICENABLER + 4)).as("ICENABLER reads the enables too").isEqualTo(0b110);
    assertThat(f.gic.spiOrNull(32).enabled).isFalse();
    assertThat(f.gic.spiOrNull(33).enabled).isTrue();
  }

  @Test
  void sgiAndPpiBitsOfTheDistributorAreRazWi() {
    f.gicd(ISENABLER, 0xffff_ffffL);
    assertThat(f.gicd(ISENABLER)).as("with ARE, GICD_ISENABLER0 is RAZ/WI").isZero();
    assertThat(f.gic.privates[0][27].enabled).isFalse();
  }

  @Test
  void spisBeyondTheConfiguredCountAreRazWi() {
    f.gicd(ISENABLER + 12, 0xffff_ffffL); // INTIDs 96..127: this GIC has 32..95
    assertThat(f.gicd(ISENABLER + 12)).isZero();
  }

  @Test
  void priorityIsByteAccessible() {
    f.gic.distributor().write(IPRIORITYR + 41, 1, 0xa8);
    f.gic.distributor().write(IPRIORITYR + 43, 1, 0x10);
    assertThat(f.gic.spiOrNull(41).priority).isEqualTo(0xa8);
    assertThat(f.gicd(IPRIORITYR + 40)).as("one word holds INTIDs 40..43").isEqualTo(0x1000_a800L);
    f.gicd(IPRIORITYR + 44, 0x4030_2010L);
    assertThat(f.gic.spiOrNull(46).priority).isEqualTo(0x30);
  }

  @Test
  void irouterTakesAffinityAndIrmIn64BitsOrHalves() {
    f.gic.distributor().write(Distributor.GICD_IROUTER + 8 * 40, 8, 0x12_8000_0304L | 0xff00_0000L);
    IrqState s = f.gic.spiOrNull(40);
    assertThat(s.anyPe()).isTrue();
    assertThat(f.gic.distributor().read(Distributor.GICD_IROUTER + 8 * 40, 8)).as("bits [30:24] are RES0").isEqualTo(0x12_8000_0304L);
    f.gic.distributor().write(Distributor.GICD_IROUTER + 8 * 40 + 4, 4, 0);
    assertThat(f.gic.distributor().read(Distributor.GICD_IROUTER + 8 * 40, 8)).as("upper half write keeps the lower half").isEqualTo(0x8000_0304L);
    f.gic.distributor().write(Distributor.GICD_IROUTER + 8 * 40, 4, 1);
    assertThat(s.route).isEqualTo(1);
  }

  @Test
  void icfgrConfiguresSpisButSgisStayEdge() {
    f.gicd(ICFGR + 8, 0b10); // INTID 32 edge
    assertThat(f.gic.spiOrNull(32).edge).isTrue();
    assertThat(f.rd(0, RedistributorRegion.SGI_BASE + ICFGR, 4)).as("GICR_ICFGR0: SGIs edge").isEqualTo(0xaaaa_aaaaL);
    f.rd(0, RedistributorRegion.SGI_BASE + ICFGR, 4, 0);
    assertThat(f.rd(0, RedistributorRegion.SGI_BASE + ICFGR, 4)).isEqualTo(0xaaaa_aaaaL);
  }

  @Test
  void igrpmodrIsRazWiWithOneSecurityState() {
    f.gicd(IGRPMODR + 4, 0xffff_ffffL);
    assertThat(f.gicd(IGRPMODR + 4)).isZero();
  }

  @Test
  void redistributorTyperCarriesAffinityProcessorNumberAndLast() {
    long t0 = f.rd(0, RedistributorRegion.GICR_TYPER, 8);
    long t1 = f.rd(1, RedistributorRegion.GICR_TYPER, 8);
    assertThat(t0 >>> 32).as("Affinity_Value of vCPU 0").isEqualTo(0);
    assertThat(t1 >>> 32).as("Affinity_Value of vCPU 1").isEqualTo(1);
    assertThat((t1 >>> 8) & 0xffff).as("Processor_Number").isEqualTo(1);
    assertThat(t0 & 0x10).as("Last only on the final frame").isZero();
    assertThat(t1 & 0x10).isEqualTo(0x10);
    assertThat(f.rd(1, RedistributorRegion.GICR_TYPER + 4, 4)).as("upper half by 32-bit read").isEqualTo(1);
  }

  @Test
  void wakerHandshake() {
    int both = RedistributorRegion.WAKER_PROCESSOR_SLEEP | RedistributorRegion.WAKER_CHILDREN_ASLEEP;
    assertThat(f.rd(0, RedistributorRegion.GICR_WAKER, 4)).as("asleep at reset").isEqualTo(both);
    f.rd(0, RedistributorRegion.GICR_WAKER, 4, 0);
    assertThat(f.rd(0, RedistributorRegion.GICR_WAKER, 4)).as("ChildrenAsleep clears with ProcessorSleep").isZero();
    assertThat(f.rd(1, RedistributorRegion.GICR_WAKER, 4)).as("each PE has its own").isEqualTo(both);
  }

  @Test
  void redistributorBanksPrivateInterruptsPerPe() {
    f.rd(1, RedistributorRegion.SGI_BASE + ISENABLER, 4, 1L << 27);
    assertThat(f.gic.privates[1][27].enabled).isTrue();
    assertThat(f.gic.privates[0][27].enabled).isFalse();
    f.rd(1, RedistributorRegion.SGI_BASE + IPRIORITYR + 27, 1, 0x40);
    assertThat(f.rd(1, RedistributorRegion.SGI_BASE + IPRIORITYR + 24, 4)).isEqualTo(0x4000_0000L);
  }

  @Test
  void pendingAndActiveFamiliesSetAndClear() {
    f.gicd(ISPENDR + 4, 1L << 5); // INTID 37
    assertThat(f.gic.spiOrNull(37).pending()).isTrue();
    f.gicd(ICPENDR + 4, 1L << 5);
    assertThat(f.gicd(ISPENDR + 4)).isZero();
    f.gicd(ISACTIVER + 4, 1L << 5);
    assertThat(f.gicd(ICACTIVER + 4)).isEqualTo(1L << 5);
    f.gicd(ICACTIVER + 4, 1L << 5);
    assertThat(f.gic.spiOrNull(37).active).isFalse();
  }

  @Test
  void levelInputKeepsPendingUntilLowered() {
    f.gic.spi(40).raise();
    f.gicd(ICPENDR + 4, 1L << 8);
    assertThat(f.gic.spiOrNull(40).pending()).as("ICPENDR cannot clear an asserted level input").isTrue();
    f.gic.spi(40).lower();
    assertThat(f.gic.spiOrNull(40).pending()).isFalse();
  }
}
