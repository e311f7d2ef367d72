package dev.qvm.vdev.gic;

import static dev.qvm.vdev.gic.GicCpuInterface.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.qvm.core.irq.HostInterruptGate;
import dev.qvm.core.irq.HostIrqBackend;
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
import org.junit.jupiter.api.Test;

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
