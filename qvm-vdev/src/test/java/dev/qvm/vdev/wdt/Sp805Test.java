package dev.qvm.vdev.wdt;

import static dev.qvm.vdev.wdt.Sp805.CONTROL_INTEN;
import static dev.qvm.vdev.wdt.Sp805.CONTROL_RESEN;
import static dev.qvm.vdev.wdt.Sp805.UNLOCK_KEY;
import static dev.qvm.vdev.wdt.Sp805.WDOG_CONTROL;
import static dev.qvm.vdev.wdt.Sp805.WDOG_INTCLR;
import static dev.qvm.vdev.wdt.Sp805.WDOG_ITCR;
import static dev.qvm.vdev.wdt.Sp805.WDOG_ITOP;
import static dev.qvm.vdev.wdt.Sp805.WDOG_LOAD;
import static dev.qvm.vdev.wdt.Sp805.WDOG_LOCK;
import static dev.qvm.vdev.wdt.Sp805.WDOG_MIS;
import static dev.qvm.vdev.wdt.Sp805.WDOG_RIS;
import static dev.qvm.vdev.wdt.Sp805.WDOG_VALUE;
import static org.assertj.core.api.Assertions.assertThat;

import dev.qvm.core.vm.ExitCodes;
import org.junit.jupiter.api.Test;

/** The SP805 as ARM DDI 0270 describes it, on a fake clock (1 kHz unless a test says otherwise). */
class Sp805Test {

  private static final long MS = 1_000_000L;

  private final WdtFixture f = new WdtFixture();

  private Sp805 wdt(String... action) throws Exception {
    f.option("frequency", "1000");
    if (action.length > 0) {
      f.option("action", action[0]);
    }
    return f.create();
  }

  /** Loads {@code ticks} and enables the counter, the interrupt and (if asked) the reset. */
  private static void start(Sp805 w, long ticks, boolean resen) {
    w.write(WDOG_LOAD, 4, ticks);
    w.write(WDOG_CONTROL, 4, CONTROL_INTEN | (resen ? CONTROL_RESEN : 0));
  }

  @Test
  void idRegistersIdentifyAnSp805PrimeCell() throws Exception {
    Sp805 w = wdt();
    long[] ids = new long[8];
    for (int i = 0; i < 8; i++) {
      ids[i] = w.read(0xFE0 + 4 * i, 4);
    }
    assertThat(ids)
        .as("TRM 3.3.10-17: WdogPeriphID0-3 (part 0x805, ARM, r1) then WdogPCellID0-3")
        .containsExactly(0x05, 0x18, 0x14, 0x00, 0x0D, 0xF0, 0x05, 0xB1);
  }

  @Test
  void resetStateIsStoppedWithAllOnesLoadAndValue() throws Exception {
    Sp805 w = wdt();
    assertThat(w.read(WDOG_LOAD, 4)).isEqualTo(0xFFFF_FFFFL);
    assertThat(w.read(WDOG_VALUE, 4)).isEqualTo(0xFFFF_FFFFL);
    assertThat(w.read(WDOG_CONTROL, 4)).isZero();
    assertThat(w.read(WDOG_RIS, 4)).isZero();
    assertThat(w.read(WDOG_LOCK, 4)).as("TRM 3.3.7: unlocked after reset").isZero();
    f.clock.advance(10_000 * MS);
    assertThat(w.read(WDOG_VALUE, 4)).as("INTEN clear: the counter does not run").isEqualTo(0xFFFF_FFFFL);
    assertThat(f.clock.pendingTasks()).isZero();
  }

  @Test
  void counterDecrementsAtWdogclk() throws Exception {
    Sp805 w = wdt();
    start(w, 1000, false);
    f.clock.advance(250 * MS);
    assertThat(w.read(WDOG_VALUE, 4)).as("1 kHz, 250 ms after a load of 1000").isEqualTo(750);
  }

  @Test
  void firstTimeOutRaisesTheInterruptAndReloads() throws Exception {
    Sp805 w = wdt();
    start(w, 1000, true);
    f.clock.advance(999 * MS);
    assertThat(f.line.high).isFalse();
    f.clock.advance(1 * MS);
    assertThat(w.read(WDOG_RIS, 4)).isEqualTo(1);
    assertThat(w.read(WDOG_MIS, 4)).isEqualTo(1);
    assertThat(f.line.high).as("WDOGINT follows WdogMIS").isTrue();
    f.clock.advance(100 * MS);
    assertThat(w.read(WDOG_VALUE, 4)).as("reloaded from WdogLoad at the time-out").isEqualTo(900);
    assertThat(f.control.stopping()).as("the first time-out only interrupts").isFalse();
  }

  @Test
  void secondTimeOutWithResenTerminatesWithExitCodeFour() throws Exception {
    Sp805 w = wdt();
    start(w, 1000, true);
    f.clock.advance(1999 * MS);
    assertThat(f.control.stopping()).isFalse();
    f.clock.advance(1 * MS);
    assertThat(f.control.exitCode).isEqualTo(ExitCodes.WATCHDOG);
    assertThat(f.control.stops.getFirst()).contains("wdt0").contains("WDOGRES");
    assertThat(f.dumps).as("plain terminate does not dump").hasValue(0);
  }

  @Test
  void timerFiresWithoutAnyRegisterAccess() throws Exception {
    Sp805 w = wdt();
    start(w, 50, true);
    f.clock.advance(1000 * MS); // only the scheduled tasks run; the guest never reads
    assertThat(f.control.exitCode).isEqualTo(ExitCodes.WATCHDOG);
  }

  @Test
  void dumpTerminateDescribesTheVcpusFirst() throws Exception {
    Sp805 w = wdt("dump,terminate");
    start(w, 10, true);
    f.clock.advance(20 * MS);
    assertThat(f.dumps).hasValue(1);
    assertThat(f.control.exitCode).isEqualTo(ExitCodes.WATCHDOG);
  }

  @Test
  void secondTimeOutWithoutResenOnlyKeepsCounting() throws Exception {
    Sp805 w = wdt();
    start(w, 1000, false);
    f.clock.advance(10_500 * MS);
    assertThat(f.control.stopping()).as("RESEN clear: WDOGRES never fires").isFalse();
    assertThat(w.read(WDOG_RIS, 4)).isEqualTo(1);
    assertThat(w.read(WDOG_VALUE, 4)).isEqualTo(500);
  }

  @Test
  void kickingThroughWdogIntClrKeepsTheGuestAlive() throws Exception {
    Sp805 w = wdt();
    start(w, 1000, true);
    for (int i = 0; i < 20; i++) {
      f.clock.advance(1500 * MS); // past the first time-out, before the second
      assertThat(f.line.high).isTrue();
      w.write(WDOG_INTCLR, 4, 0xDEAD);
      assertThat(f.line.high).as("TRM 3.3.4: any write clears the interrupt").isFalse();
      assertThat(w.read(WDOG_VALUE, 4)).as("and reloads the counter").isEqualTo(1000);
    }
    assertThat(f.control.stopping()).isFalse();
    assertThat(f.line.rises).hasValue(20);
  }

  @Test
  void writingWdogLoadRestartsTheCount() throws Exception {
    Sp805 w = wdt();
    start(w, 1000, true);
    f.clock.advance(900 * MS);
    w.write(WDOG_LOAD, 4, 400);
    assertThat(w.read(WDOG_VALUE, 4)).isEqualTo(400);
    f.clock.advance(399 * MS);
    assertThat(w.read(WDOG_RIS, 4)).isZero();
    f.clock.advance(1 * MS);
    assertThat(w.read(WDOG_RIS, 4)).isEqualTo(1);
  }

  @Test
  void clearingIntenStopsTheCounterAndMasksTheInterrupt() throws Exception {
    Sp805 w = wdt();
    start(w, 1000, true);
    f.clock.advance(1200 * MS);
    w.write(WDOG_CONTROL, 4, CONTROL_RESEN);
    assertThat(w.read(WDOG_RIS, 4)).as("the raw status stays").isEqualTo(1);
    assertThat(w.read(WDOG_MIS, 4)).isZero();
    assertThat(f.line.high).isFalse();
    long held = w.read(WDOG_VALUE, 4);
    assertThat(held).isEqualTo(800);
    f.clock.advance(60_000 * MS);
    assertThat(w.read(WDOG_VALUE, 4)).as("a stopped counter holds its value").isEqualTo(held);
    assertThat(f.control.stopping()).isFalse();
    w.write(WDOG_CONTROL, 4, CONTROL_INTEN | CONTROL_RESEN);
    assertThat(w.read(WDOG_VALUE, 4)).as("TRM 3.3.3: re-enabling reloads").isEqualTo(1000);
    assertThat(f.line.high).as("the uncleared interrupt is unmasked again").isTrue();
  }

  @Test
  void wdogLockIgnoresWritesUntilTheKeyIsWritten() throws Exception {
    Sp805 w = wdt();
    w.write(WDOG_LOCK, 4, 0);
    assertThat(w.read(WDOG_LOCK, 4)).isEqualTo(1);
    w.write(WDOG_LOAD, 4, 5);
    w.write(WDOG_CONTROL, 4, CONTROL_INTEN);
    assertThat(w.read(WDOG_LOAD, 4)).isEqualTo(0xFFFF_FFFFL);
    assertThat(w.read(WDOG_CONTROL, 4)).isZero();
    w.write(WDOG_LOCK, 4, UNLOCK_KEY);
    assertThat(w.read(WDOG_LOCK, 4)).isZero();
    w.write(WDOG_LOAD, 4, 5);
    assertThat(w.read(WDOG_LOAD, 4)).isEqualTo(5);
  }

  @Test
  void lockedWatchdogCannotBeKicked() throws Exception {
    Sp805 w = wdt();
    start(w, 100, true);
    w.write(WDOG_LOCK, 4, 1);
    f.clock.advance(150 * MS);
    w.write(WDOG_INTCLR, 4, 1);
    assertThat(w.read(WDOG_RIS, 4)).as("the kick was locked out").isEqualTo(1);
    f.clock.advance(50 * MS);
    assertThat(f.control.exitCode).isEqualTo(ExitCodes.WATCHDOG);
  }

  @Test
  void fiqSendsAnEdgeAndTheGuestRunsOn() throws Exception {
    Sp805 w = wdt("fiq");
    start(w, 100, true);
    f.clock.advance(100 * MS);
    assertThat(f.line.rises).hasValue(1);
    f.clock.advance(100 * MS);
    assertThat(f.control.stopping()).as("fiq never stops the VM").isFalse();
    assertThat(f.line.rises).as("an edge at the second time-out").hasValue(2);
    assertThat(f.line.high).as("WdogRIS is still set, so the level stays high").isTrue();
    f.clock.advance(100 * MS);
    assertThat(f.line.rises).as("and at every later one while unkicked").hasValue(3);
  }

  @Test
  void integrationTestModeDrivesWdogintFromWdogItop() throws Exception {
    Sp805 w = wdt();
    w.write(WDOG_ITCR, 4, 1);
    w.write(WDOG_ITOP, 4, 2);
    assertThat(f.line.high).isTrue();
    w.write(WDOG_ITOP, 4, 0);
    assertThat(f.line.high).isFalse();
    assertThat(w.read(WDOG_ITCR, 4)).isEqualTo(1);
  }

  @Test
  void narrowAndWideAccessesReachTheWholeRegister() throws Exception {
    Sp805 w = wdt();
    w.write(WDOG_LOAD, 2, 0x1234);
    assertThat(w.read(WDOG_LOAD, 4)).as("a narrow write zero-extends").isEqualTo(0x1234);
    assertThat(w.read(WDOG_LOAD + 1, 1)).isEqualTo(0x12);
    assertThat(w.read(0xFE0, 8)).as("PeriphID0 and 1 in one 64-bit read").isEqualTo(0x18_0000_0005L);
    w.write(WDOG_LOAD + 2, 2, 0xFFFF);
    assertThat(w.read(WDOG_LOAD, 4)).as("a narrow write off the register's offset is ignored").isEqualTo(0x1234);
    assertThat(w.read(0x800, 4)).as("reserved").isZero();
  }

  @Test
  void defaultFrequencyIs25MHz() throws Exception {
    Sp805 w = f.create();
    start(w, 25_000_000, true);
    f.clock.advance(999 * MS);
    assertThat(w.read(WDOG_RIS, 4)).isZero();
    f.clock.advance(1 * MS);
    assertThat(w.read(WDOG_RIS, 4)).as("25,000,000 ticks of 25 MHz is one second").isEqualTo(1);
  }

  @Test
  void closeCancelsTheTimer() throws Exception {
    Sp805 w = wdt();
    start(w, 100, true);
    w.close();
    f.clock.advance(1000 * MS);
    assertThat(f.control.stopping()).isFalse();
    assertThat(f.clock.closed).isTrue();
  }
}
