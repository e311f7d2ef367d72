package dev.qvm.cpu.timer;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The EL1 physical timer's registers (ARM ARM D11.2.4 "Timers", D17 CNTP_CTL_EL0, CNTP_CVAL_EL0,
 * CNTP_TVAL_EL0) on a clock the test moves: the instruction clock of icount, so every count is
 * exact (16 ns per tick at 62.5 MHz).
 */
class GenericTimerTest {

  private static final long CTL_ENABLE = 1;
  private static final long CTL_IMASK = 2;
  private static final long CTL_ISTATUS = 4;

  private final AtomicLong nanos = new AtomicLong();
  private final GenericTimer timer = new GenericTimer();

  @BeforeEach
  void instructionClock() {
    timer.useInstructionClock(nanos::get);
    nanos.set(1_000_000 * 16L); // CNTPCT = 1,000,000
  }

  @Test
  void tvalWriteSetsCvalToCountPlusSignExtendedTval() {
    timer.writeTval(false, 1000);
    assertThat(timer.cntpCval).as("CVAL = CNTPCT + TVAL").isEqualTo(1_001_000L);
    timer.writeTval(false, 0xffff_fc18L);
    assertThat(timer.cntpCval).as("TVAL[31:0] 0xFFFFFC18 is -1000 (SignExtend)").isEqualTo(999_000L);
    timer.writeTval(false, 0x1234_5678_0000_0010L);
    assertThat(timer.cntpCval).as("only TVAL[31:0] counts").isEqualTo(1_000_016L);
  }

  @Test
  void tvalReadsCvalMinusCountInItsLow32Bits() {
    timer.cntpCval = 1_000_500;
    assertThat(timer.readTval(false)).as("500 ticks ahead").isEqualTo(500);
    nanos.addAndGet(800 * 16L);
    long tval = timer.readTval(false);
    assertThat(tval >>> 32).as("bits [63:32] RES0").isZero();
    assertThat((int) tval).as("300 ticks past the deadline: negative as a signed 32-bit value").isEqualTo(-300);
    timer.cntpCval = 1_000_000 + (1L << 32) + 7;
    assertThat((int) timer.readTval(false)).as("a distance beyond 32 bits keeps its low 32 bits").isEqualTo(7 - 800);
  }

  @Test
  void istatusIsTheUnsignedConditionCountAtLeastCval() {
    timer.cntpCtl = CTL_ENABLE;
    timer.cntpCval = 1_000_000;
    assertThat(timer.readCtl(false)).as("CNTPCT = CVAL: met").isEqualTo(CTL_ENABLE | CTL_ISTATUS);
    timer.cntpCval = 1_000_001;
    assertThat(timer.readCtl(false)).as("one tick ahead: not met").isEqualTo(CTL_ENABLE);
    // UInt(count) - UInt(CVAL) >= 0 (AArch64.CheckTimerConditions): these are far future, not
    // "a little in the past" as a signed difference would have them.
    timer.cntpCval = -1L;
    assertThat(timer.readCtl(false)).as("CVAL = 2^64-1: not met").isEqualTo(CTL_ENABLE);
    timer.cntpCval = Long.MIN_VALUE;
    assertThat(timer.readCtl(false)).as("CVAL = 2^63: not met").isEqualTo(CTL_ENABLE);
  }

  @Test
  void imaskLeavesIstatusButHoldsTheOutputLow() {
    TimerInterruptsTest.Wire virt = new TimerInterruptsTest.Wire();
    TimerInterruptsTest.Wire phys = new TimerInterruptsTest.Wire();
    TimerInterrupts outputs = new TimerInterrupts(timer, virt, phys);
    timer.cntpCval = 999_999;
    timer.cntpCtl = CTL_ENABLE | CTL_IMASK;
    outputs.update();
    assertThat(timer.readCtl(false)).as("ISTATUS reads 1 whatever IMASK says").isEqualTo(CTL_ENABLE | CTL_IMASK | CTL_ISTATUS);
    assertThat(phys.level).as("PPI 30 low while IMASK").isFalse();
    timer.cntpCtl = CTL_ENABLE;
    outputs.update();
    assertThat(phys.level).as("PPI 30 = ISTATUS && !IMASK").isTrue();
    assertThat(virt.level).as("the virtual timer's PPI 27 is another line").isFalse();
    timer.cntpCval = -1L;
    outputs.update();
    assertThat(phys.level).as("CVAL moved to 2^64-1: the condition no longer holds, the level falls").isFalse();
  }
}
