package dev.qvm.vdev.gic;

import static dev.qvm.vdev.gic.GicCpuInterface.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.qvm.core.irq.HostInterruptGate;
import dev.qvm.core.irq.HostIrqBackend;
import dev.qvm.core.irq.PeriodicHostIrq;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import dev.qvm.core.irq.InterruptStatistics;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** Mask-until-EOI (ARCHITECTURE.md section 5, the QNX rules) against the real vGIC. */
class HostInterruptGateTest {

  private static final int INTID = 42;

  private final GicFixture f = new GicFixture();
  private final InterruptStatistics stats = new InterruptStatistics();

  private HostInterruptGate gate(boolean unmaskAtOnce) {
    f.gic.addObserver(stats);
    return new HostInterruptGate(f.gic, INTID, unmaskAtOnce, stats);
  }

  @Test
  void heldUntilTheGuestHasEnabledDistributorCpuInterfaceAndIntid() {
    HostInterruptGate gate = gate(false);
    gate.assertHost();
    assertThat(gate.masked()).isTrue();
    f.enableAll();
    assertThat(f.gic.spiOrNull(INTID).pending()).as("INTID still disabled: nothing forwarded").isFalse();
    f.enableSpi(INTID, 0x80, GicFixture.MPIDR0);
    assertThat(f.pe[0].irq).as("the held assertion arrives once everything is enabled").isTrue();
    assertThat(f.icc(0, ICC_IAR1_EL1)).isEqualTo(INTID);
    var s = stats.snapshot(INTID);
    assertThat(s.raised()).isEqualTo(1);
    assertThat(s.heldWhileMasked()).isEqualTo(1);
    assertThat(s.forwarded()).isEqualTo(1);
    assertThat(s.replayed()).isEqualTo(1);
  }

  /** The three enables forwarding needs (ARCHITECTURE.md section 5), each as a guest writes it. */
  enum Enable {
    /** GICD_CTLR.EnableGrp1NS (IHI 0069 12.9.4): the distributor forwards Group 1. */
    GICD_CTLR,
    /** ICC_IGRPEN1_EL1.Enable (12.2.16) of the PE the SPI is routed to. */
    ICC_IGRPEN1,
    /** GICD_ISENABLER&lt;n&gt; (12.9.15): the INTID itself. */
    ISENABLER;

    void turnOn(GicFixture f) {
      switch (this) {
        case GICD_CTLR -> f.gicd(Distributor.GICD_CTLR, Distributor.CTLR_ARE | Distributor.CTLR_ENABLE_GRP1);
        case ICC_IGRPEN1 -> f.icc(0, ICC_IGRPEN1_EL1, 1);
        case ISENABLER -> f.gicd(InterruptFamilies.ISENABLER + INTID / 32 * 4, 1L << (INTID % 32));
      }
    }
  }

  static Stream<List<Enable>> everyOrderOfTheThreeEnables() {
    Enable a = Enable.GICD_CTLR, b = Enable.ICC_IGRPEN1, c = Enable.ISENABLER;
    return Stream.of(List.of(a, b, c), List.of(a, c, b), List.of(b, a, c), List.of(b, c, a), List.of(c, a, b), List.of(c, b, a));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("everyOrderOfTheThreeEnables")
  void heldUntilAllThreeEnablesAreOnInAnyOrder(List<Enable> order) {
    // Everything else a driver sets up: Group 1, a priority, the route to PE 0, PMR, awake.
    // PE 1's CPU interface is enabled from the start: the SPI is not routed there, so it must
    // not count.
    f.gicd(InterruptFamilies.IGROUPR + INTID / 32 * 4, 1L << (INTID % 32));
    f.gic.distributor().write(InterruptFamilies.IPRIORITYR + INTID, 1, 0x80);
    f.gic.distributor().write(Distributor.GICD_IROUTER + 8L * INTID, 8, GicFixture.MPIDR0 & 0xff_00ff_ffffL);
    for (int c = 0; c < 2; c++) {
      f.rd(c, RedistributorRegion.GICR_WAKER, 4, 0);
      f.icc(c, ICC_PMR_EL1, 0xf0);
    }
    f.icc(1, ICC_IGRPEN1_EL1, 1);
    HostInterruptGate gate = gate(false);
    gate.assertHost();
    for (int i = 0; i < order.size(); i++) {
      assertThat(gate.masked()).as("%s on, %s off: held", order.subList(0, i), order.subList(i, 3)).isTrue();
      assertThat(f.pe[0].irq || f.pe[1].irq).as("nothing signalled with %s on", order.subList(0, i)).isFalse();
      assertThat(stats.snapshot(INTID).forwarded()).isZero();
      gate.assertHost();
      order.get(i).turnOn(f);
    }
    assertThat(gate.masked()).as("all three on: the held assertion is forwarded, and is now in flight").isTrue();
    assertThat(f.pe[0].irq).as("PE 0, the SPI's route, is signalled").isTrue();
    assertThat(f.pe[1].irq).isFalse();
    var s = stats.snapshot(INTID);
    assertThat(s.raised()).isEqualTo(4);
    assertThat(s.heldWhileMasked()).as("every assertion before the last enable").isEqualTo(4);
    assertThat(s.forwarded()).as("held assertions are remembered as one").isEqualTo(1);
    assertThat(s.replayed()).isEqualTo(1);
    assertThat(f.icc(0, ICC_IAR1_EL1)).isEqualTo(INTID);
  }

  @Test
  void unmaskAtOnceOnAnIntidTheGuestConfiguredLevelSensitiveIsWarnedAbout() {
    f.enableAll();
    f.enableSpi(INTID, 0x80, GicFixture.MPIDR0);
    HostInterruptGate gate = gate(true);
    gate.assertHost();
    assertThat(gate.warnedUnmaskAtOnceOnLevel()).as("ICFGR Int_config 0b00 (level, the reset value) with ,u").isTrue();
  }

  @Test
  void unmaskAtOnceOnAnEdgeIntidIsFine() {
    f.enableAll();
    f.enableSpi(INTID, 0x80, GicFixture.MPIDR0);
    f.gicd(InterruptFamilies.ICFGR + INTID / 16 * 4, 2L << (INTID % 16 * 2)); // Int_config 0b10: edge
    HostInterruptGate gate = gate(true);
    gate.assertHost();
    assertThat(gate.warnedUnmaskAtOnceOnLevel()).isFalse();
    assertThat(gate(false).warnedUnmaskAtOnceOnLevel()).as("without ,u nothing to warn about").isFalse();
  }

  @Test
  void guestThatNeverEoisGetsExactlyOneDelivery() {
    f.enableAll();
    f.enableSpi(INTID, 0x80, GicFixture.MPIDR0);
    HostInterruptGate gate = gate(false);
    int acks = 0;
    for (int i = 0; i < 1000; i++) {
      gate.assertHost();
      if (f.icc(0, ICC_IAR1_EL1) == INTID) {
        acks++;
      }
    }
    assertThat(acks).as("one delivery; the source stays masked").isEqualTo(1);
    var s = stats.snapshot(INTID);
    assertThat(s.raised()).isEqualTo(1000);
    assertThat(s.forwarded()).isEqualTo(1);
    assertThat(s.heldWhileMasked()).isEqualTo(999);
    assertThat(s.acknowledged()).isEqualTo(1);
    assertThat(s.deactivated()).isZero();
  }

  @Test
  void thousandRaisesWhileTheGuestDelaysEoiKeepAtMostOneInFlight() throws Exception {
    f.enableAll();
    f.enableSpi(INTID, 0x80, GicFixture.MPIDR0);
    HostInterruptGate gate = gate(false);
    AtomicBoolean done = new AtomicBoolean();
    AtomicInteger inFlight = new AtomicInteger();
    AtomicInteger maxInFlight = new AtomicInteger();
    Thread backend = Thread.ofPlatform().start(() -> {
      for (int i = 0; i < 1000; i++) {
        gate.assertHost();
        if (i % 50 == 0) {
          Thread.onSpinWait();
        }
      }
      done.set(true);
    });
    int handled = 0;
    long deadline = System.nanoTime() + 10_000_000_000L;
    while (System.nanoTime() < deadline) {
      if (f.icc(0, ICC_IAR1_EL1) == INTID) {
        maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
        assertThat(f.gic.spiOrNull(INTID).pending()).as("no second copy while the first is in flight").isFalse();
        Thread.sleep(0, 20_000); // the guest delays its EOI
        inFlight.decrementAndGet();
        f.icc(0, ICC_EOIR1_EL1, INTID);
        handled++;
      } else if (done.get() && !gate.masked() && f.icc(0, ICC_HPPIR1_EL1) == SPURIOUS) {
        break;
      }
    }
    backend.join();
    var s = stats.snapshot(INTID);
    assertThat(maxInFlight.get()).as(s.toString()).isEqualTo(1);
    assertThat(s.raised()).isEqualTo(1000);
    assertThat(s.forwarded() - s.replayed() + s.heldWhileMasked()).as("raised = direct forwards + held").isEqualTo(1000);
    assertThat(s.acknowledged()).as(s + " handled " + handled).isEqualTo(handled).isEqualTo(s.forwarded());
    assertThat(s.deactivated()).isEqualTo(handled);
    assertThat(s.latencySamples()).isEqualTo(handled);
  }

  @Test
  void eoiModeOneUnmasksOnlyAtDir() {
    f.enableAll();
    f.enableSpi(INTID, 0x80, GicFixture.MPIDR0);
    f.icc(0, ICC_CTLR_EL1, CTLR_EOIMODE);
    HostInterruptGate gate = gate(false);
    gate.assertHost();
    assertThat(f.icc(0, ICC_IAR1_EL1)).isEqualTo(INTID);
    f.icc(0, ICC_EOIR1_EL1, INTID);
    assertThat(gate.masked()).as("priority drop is not the physical EOI").isTrue();
    f.icc(0, ICC_DIR_EL1, INTID);
    assertThat(gate.masked()).isFalse();
  }

  @Test
  void unmaskAtOnceForwardsWithoutWaitingForEoi() {
    f.enableAll();
    f.enableSpi(INTID, 0x80, GicFixture.MPIDR0);
    f.gicd(InterruptFamilies.ICFGR + 8, 2L << 20); // INTID 42 edge
    HostInterruptGate gate = gate(true);
    gate.assertHost();
    assertThat(gate.masked()).isFalse();
    assertThat(f.icc(0, ICC_IAR1_EL1)).isEqualTo(INTID);
    gate.assertHost();
    assertThat(f.gic.spiOrNull(INTID).pending()).as(",u: the next edge is forwarded at once").isTrue();
    assertThat(stats.snapshot(INTID).heldWhileMasked()).isZero();
  }

  @Test
  void shutdownMasksAgain() {
    f.enableAll();
    f.enableSpi(INTID, 0x80, GicFixture.MPIDR0);
    HostInterruptGate gate = gate(false);
    gate.shutdown();
    gate.assertHost();
    assertThat(f.pe[0].irq).isFalse();
    assertThat(stats.snapshot(INTID).heldWhileMasked()).isEqualTo(1);
  }

  private void awaitRaised(long n) throws InterruptedException {
    long deadline = System.nanoTime() + 5_000_000_000L;
    while (stats.snapshot(INTID).raised() < n && System.nanoTime() < deadline) {
      Thread.sleep(2);
    }
  }

  @Test
  void periodicSourceWaitsForTheGuestsEnablesThenRaisesCountTimes() throws Exception {
    HostInterruptGate gate = gate(false);
    try (PeriodicHostIrq device = new PeriodicHostIrq(gate, 100, 50)) {
      device.start();
      Thread.sleep(20); // 200 periods
      assertThat(stats.snapshot(INTID).raised()).as("a device waits for its driver: nothing before the enables").isZero();
      f.enableAll();
      f.enableSpi(INTID, 0x80, GicFixture.MPIDR0);
      assertThat(device.awaitDone(10_000)).as("50 assertions 100 us apart").isTrue();
    }
    var s = stats.snapshot(INTID);
    assertThat(s.raised()).isEqualTo(50);
    assertThat(s.forwarded()).as("the first is forwarded; never EOId, it masks the rest").isEqualTo(1);
    assertThat(s.heldWhileMasked()).isEqualTo(49);
  }

  @Test
  void fifoBackendRaisesOncePerByte(@TempDir Path dir) throws Exception {
    HostInterruptGate gate = gate(false);
    Path fifo = dir.resolve("irq");
    try (HostIrqBackend backend = new HostIrqBackend(HostIrqBackend.Kind.FIFO, fifo, gate)) {
      backend.start();
      assertThat(Files.exists(fifo)).as("the FIFO is created").isTrue();
      try (OutputStream out = Files.newOutputStream(fifo)) {
        out.write(new byte[] {1, 2, 3});
      }
      awaitRaised(3);
      try (OutputStream out = Files.newOutputStream(fifo)) {
        out.write(4); // a second writer after the first closed: the reader reopened
      }
      awaitRaised(4);
    }
    assertThat(stats.snapshot(INTID).raised()).isEqualTo(4);
    assertThat(stats.snapshot(INTID).heldWhileMasked()).as("the guest enabled nothing: all held").isEqualTo(4);
  }

  @Test
  void unixSocketBackendRaisesOncePerByte(@TempDir Path dir) throws Exception {
    f.enableAll();
    f.enableSpi(INTID, 0x80, GicFixture.MPIDR0);
    HostInterruptGate gate = gate(false);
    Path socket = dir.resolve("irq.sock");
    try (HostIrqBackend backend = new HostIrqBackend(HostIrqBackend.Kind.UNIX, socket, gate)) {
      backend.start();
      try (SocketChannel ch = SocketChannel.open(StandardProtocolFamily.UNIX)) {
        ch.connect(UnixDomainSocketAddress.of(socket));
        ch.write(ByteBuffer.wrap(new byte[] {1, 1}));
      }
      awaitRaised(2);
    }
    var s = stats.snapshot(INTID);
    assertThat(s.raised()).isEqualTo(2);
    assertThat(s.forwarded()).as("one forwarded, the second held behind it").isEqualTo(1);
    assertThat(f.icc(0, ICC_IAR1_EL1)).isEqualTo(INTID);
  }
}
