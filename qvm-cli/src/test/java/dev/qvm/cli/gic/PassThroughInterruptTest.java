package dev.qvm.cli.gic;

import static org.assertj.core.api.Assertions.assertThat;

import dev.qvm.core.irq.HostInterruptGate;
import dev.qvm.core.irq.InterruptStatistics;
import dev.qvm.core.vm.Vm;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Mask-until-EOI end to end (ARCHITECTURE.md section 5): a "device" program raises the host
 * interrupt of {@code pass intr gic:42} 1,000 times through {@code irq fifo:PATH} while a guest
 * runs; the host gate keeps at most one copy in flight and its counts add up.
 */
class PassThroughInterruptTest {

  private static final int INTID = 42;

  /** ICC_IAR1_EL1 and ICC_EOIR1_EL1 as CpuInterface keys, op0:op1:CRn:CRm:op2 (IHI 0069 12.2). */
  private static final int ICC_IAR1_EL1 = (3 << 14) | (0 << 11) | (12 << 7) | (12 << 3) | 0;

  private static final int ICC_EOIR1_EL1 = ICC_IAR1_EL1 | 1;

  private static String[] pass(Path dir, String... more) {
    return java.util.stream.Stream.concat(java.util.Arrays.stream(more), java.util.Arrays.stream(passLines(dir))).toArray(String[]::new);
  }

  private static String[] passLines(Path dir) {
    return new String[] {"pass loc 0x0c000000,0x1000,rwn", "    backend file:" + dir.resolve("window.bin"), "    irq fifo:" + dir.resolve("irq.fifo"), "    intr gic:" + INTID};
  }

  /** Plays the device: opens the FIFO (waiting for qvm to open it) and raises 1,000 times. */
  private static Consumer<Vm> device(Path fifo, AtomicInteger sent) {
    return vm -> {
      try {
        while (!Files.exists(fifo)) {
          Thread.sleep(1);
        }
        try (OutputStream out = Files.newOutputStream(fifo)) {
          for (int i = 0; i < 1000; i++) {
            out.write(1);
            out.flush();
            sent.incrementAndGet();
            if (i % 10 == 0) {
              Thread.sleep(1);
            }
          }
        }
      } catch (Exception e) {
        throw new RuntimeException(e);
      }
    };
  }

  @Test
  void delayedEoiKeepsAtMostOneInFlightAndCountsAddUp(@TempDir Path dir) throws Exception {
    AtomicInteger sent = new AtomicInteger();
    GicGuests.Run run = GicGuests.qvm(dir, GicGuests.board(GicGuests.image("gic-pass"), pass(dir)), Duration.ofSeconds(60), device(dir.resolve("irq.fifo"), sent));
    GicGuests.assertMatchesExpect("gic-pass", run);
    assertThat(sent.get()).isEqualTo(1000);
    InterruptStatistics.Snapshot s = run.vm().interruptStatistics().snapshot(INTID);
    assertThat(s.raised()).as("every host assertion is counted").isEqualTo(1000);
    assertThat(s.forwarded() - s.replayed() + s.heldWhileMasked()).as("raised = forwarded at once + held while masked").isEqualTo(1000);
    assertThat(s.forwarded() - s.deactivated()).as("at most one in flight").isBetween(0L, 1L);
    assertThat(s.acknowledged()).as("guest saw every forwarded copy but maybe the last").isBetween(s.forwarded() - 1, s.forwarded());
    assertThat(s.acknowledged()).isGreaterThan(1);
    assertThat(run.console()).contains("handled " + s.acknowledged() + " pass-through interrupts");
    assertThat(s.latencyMaxNanos()).isPositive();
  }

  @Test
  void guestThatNeverEoisGetsExactlyOneDelivery(@TempDir Path dir) throws Exception {
    AtomicInteger sent = new AtomicInteger();
    GicGuests.Run run = GicGuests.qvm(dir, GicGuests.board(GicGuests.image("gic-storm"), pass(dir, "cpu")), Duration.ofSeconds(60), device(dir.resolve("irq.fifo"), sent));
    GicGuests.assertMatchesExpect("gic-storm", run);
    assertThat(run.console()).contains("deliveries: 1").as("the host and the other vCPU keep running").contains("second vCPU: running");
    InterruptStatistics.Snapshot s = run.vm().interruptStatistics().snapshot(INTID);
    assertThat(s.raised()).isEqualTo(1000);
    assertThat(s.forwarded()).as("one copy reached the guest").isEqualTo(1);
    assertThat(s.acknowledged()).isEqualTo(1);
    assertThat(s.deactivated()).isZero();
    assertThat(s.heldWhileMasked()).as("the rest were held at the masked source").isEqualTo(1000 - 1 + s.replayed());
  }

  /**
   * gic-shutdown.c handles INTID 42 (EOI at once) while {@code irq timer:200} keeps raising it,
   * then shuts down with IRQs unmasked: PSCI SYSTEM_OFF with one vCPU, CPU_OFF of its own vCPU
   * (the last one on) with two. From that moment the gate keeps the source masked: the device's
   * further assertions are counted as held and none is forwarded (ARCHITECTURE.md section 5).
   */
  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"PSCI SYSTEM_OFF", "PSCI CPU_OFF (the last vCPU on)"})
  void shutdownMasksThePassThroughSourceAgain(String shutdown, @TempDir Path dir) throws Exception {
    boolean cpuOff = shutdown.contains("CPU_OFF");
    String[] extra = cpuOff ? new String[] {"cpu", "pass", "    intr gic:" + INTID, "    irq timer:200"} : new String[] {"pass", "    intr gic:" + INTID, "    irq timer:200"};
    GicGuests.Run run = GicGuests.qvm(dir, GicGuests.board(GicGuests.image("gic-shutdown"), extra), Duration.ofSeconds(60), null);
    GicGuests.assertMatchesExpect("gic-shutdown", run);
    assertThat(run.console()).contains("handled interrupts: some").contains(shutdown + "\n").doesNotContain("returned");
    HostInterruptGate gate = run.vm().hostInterruptGates().getFirst();
    InterruptStatistics.Snapshot atStop = run.vm().interruptStatistics().snapshot(INTID);
    assertThat(atStop.forwarded()).as("the guest handled some before shutting down").isGreaterThanOrEqualTo(5);
    assertThat(atStop.forwarded() - atStop.replayed() + atStop.heldWhileMasked()).as("raised = forwarded at once + held").isEqualTo(atStop.raised());
    // Whatever the guest's CPU interface does now (here: it takes and EOIs what is still
    // pending, as a handler finishing late would), deactivation no longer unmasks the source.
    var icc = run.vm().interruptController().cpuInterface(0);
    long intid = icc.read(ICC_IAR1_EL1);
    icc.write(ICC_EOIR1_EL1, intid == 1023 ? INTID : intid);
    assertThat(gate.masked()).as("masked again once the guest started shutting down").isTrue();
    // The device goes on raising after the guest's shutdown: every assertion is held.
    for (int i = 0; i < 100; i++) {
      gate.assertHost();
    }
    InterruptStatistics.Snapshot after = run.vm().interruptStatistics().snapshot(INTID);
    assertThat(after.raised()).isEqualTo(atStop.raised() + 100);
    assertThat(after.forwarded()).as("forwarded stops growing at shutdown").isEqualTo(atStop.forwarded());
    assertThat(after.heldWhileMasked()).as("assertions after shutdown count as held").isEqualTo(atStop.heldWhileMasked() + 100);
    assertThat(gate.masked()).isTrue();
  }

  @Test
  void unusableIrqPathIsAConfigErrorAtItsLine(@TempDir Path dir) {
    String board = GicGuests.board(GicGuests.image("gic-pass"), "pass loc 0x0c000000,0x1000,rwn", "    irq fifo:" + dir.resolve("missing/irq.fifo"), "    intr gic:42");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> GicGuests.qvm(dir, board, Duration.ofSeconds(5), null))
        .isInstanceOf(dev.qvm.core.config.ConfigException.class)
        .hasMessageContaining("guest.qvmconf:11:")
        .hasMessageContaining("cannot open pass-through interrupt");
  }
}
