package dev.qvm.vdev.gic;

import static dev.qvm.vdev.gic.GicCpuInterface.*;

import dev.qvm.core.config.GicLayout;
import dev.qvm.core.irq.PeSignals;
import java.util.List;
import java.util.Optional;

/** A two-vCPU GICv3 with 64 SPIs and recorded IRQ/FIQ inputs, programmed as a guest would. */
final class GicFixture {

  static final long MPIDR0 = 0x8000_0000L;
  static final long MPIDR1 = 0x8000_0001L;

  final Gicv3 gic = new Gicv3(new GicLayout("gic", 0x0800_0000L, 0x080A_0000L, 64, 2, Optional.empty()), List.of(MPIDR0, MPIDR1));
  final Pe[] pe = {new Pe(), new Pe()};

  /** One PE's inputs as the GIC drives them. */
  static final class Pe implements PeSignals {
    volatile boolean irq;
    volatile boolean fiq;

    @Override
    public void setIrq(boolean asserted) {
      irq = asserted;
    }

    @Override
    public void setFiq(boolean asserted) {
      fiq = asserted;
    }
  }

  GicFixture() {
    gic.attach(0, pe[0]);
    gic.attach(1, pe[1]);
  }

  long gicd(int offset) {
    return gic.distributor().read(offset, 4);
  }

  void gicd(int offset, long value) {
    gic.distributor().write(offset, 4, value);
  }

  long rd(int vcpu, int offset, int size) {
    return gic.redistributors().read(vcpu * GicLayout.REDISTRIBUTOR_STRIDE + offset, size);
  }

  void rd(int vcpu, int offset, int size, long value) {
    gic.redistributors().write(vcpu * GicLayout.REDISTRIBUTOR_STRIDE + offset, size, value);
  }

  long icc(int vcpu, int key) {
    return gic.cpuInterface(vcpu).read(key);
  }

  void icc(int vcpu, int key, long value) {
    gic.cpuInterface(vcpu).write(key, value);
  }

  /** What Linux's gic_dist_init + gic_cpu_init do, reduced: both groups on, every PE awake. */
  GicFixture enableAll() {
    gicd(Distributor.GICD_CTLR, Distributor.CTLR_ENABLE_GRP0 | Distributor.CTLR_ENABLE_GRP1);
    for (int c = 0; c < 2; c++) {
      rd(c, RedistributorRegion.GICR_WAKER, 4, 0);
      icc(c, ICC_PMR_EL1, 0xf0);
      icc(c, ICC_IGRPEN1_EL1, 1);
      icc(c, ICC_IGRPEN0_EL1, 1);
    }
    return this;
  }

  /** Makes a private INTID Group 1, enabled, at {@code priority}, on vCPU {@code vcpu}. */
  void enablePrivate(int vcpu, int intid, int priority) {
    int sgi = RedistributorRegion.SGI_BASE;
    rd(vcpu, sgi + InterruptFamilies.IGROUPR, 4, rd(vcpu, sgi + InterruptFamilies.IGROUPR, 4) | 1L << intid);
    rd(vcpu, sgi + InterruptFamilies.IPRIORITYR + intid, 1, priority);
    rd(vcpu, sgi + InterruptFamilies.ISENABLER, 4, 1L << intid);
  }

  /** Makes an SPI Group 1, enabled, at {@code priority}, routed to {@code mpidr}. */
  void enableSpi(int intid, int priority, long mpidr) {
    int reg = intid / 32 * 4;
    long bit = 1L << (intid % 32);
    gicd(InterruptFamilies.IGROUPR + reg, gicd(InterruptFamilies.IGROUPR + reg) | bit);
    gic.distributor().write(InterruptFamilies.IPRIORITYR + intid, 1, priority);
    gic.distributor().write(Distributor.GICD_IROUTER + 8L * intid, 8, mpidr & 0xff_00ff_ffffL);
    gicd(InterruptFamilies.ISENABLER + reg, bit);
  }

  /** Generates SGI {@code intid} to vCPU {@code target} (Aff0 = target) through ICC_SGI1R_EL1. */
  void sgi1(int from, int intid, int target) {
    icc(from, ICC_SGI1R_EL1, (long) intid << 24 | 1L << target);
  }
}
