package dev.qvm.cpu.timer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.qvm.core.irq.InterruptLine;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** The generic timer's interrupt outputs (ARM ARM D11.2.4): level = ISTATUS && !IMASK. */
class TimerInterruptsTest {

  /** A line that remembers its level and counts rising edges. */
  static final class Wire implements InterruptLine {
    volatile boolean level;
    volatile int raises;
    final CountDownLatch raised = new CountDownLatch(1);

    @Override
    public void raise() {
      level = true;
      raises++;
      raised.countDown();
    }

    @Override
    public void lower() {
      level = false;
    }
  }

  private final GenericTimer timer = new GenericTimer();
  private final Wire virt = new Wire();
  private final Wire phys = new Wire();
  private final TimerInterrupts outputs = new TimerInterrupts(timer, virt, phys);

  @Test
  void firesAtTheDeadlineWithoutAnyRegisterAccess() throws Exception {
    timer.cntvCval = timer.virtualCount() + GenericTimer.FREQUENCY_HZ / 50; // 20 ms
    timer.cntvCtl = 1;
    long start = System.nanoTime();
    outputs.update();
    assertThat(virt.level).as("not due yet").isFalse();
    assertThat(virt.raised.await(2, TimeUnit.SECONDS)).as("PPI 27 asserted by the host scheduler").isTrue();
    assertThat(System.nanoTime() - start).as("not before CVAL").isGreaterThanOrEqualTo(19_000_000L);
    assertThat(timer.readCtl(true) & 4).as("ISTATUS agrees").isEqualTo(4);
    assertThat(phys.level).isFalse();
  }

  @Test
  void imaskAndDisableLowerTheLevel() {
    timer.cntpCval = 0;
    timer.cntpCtl = 1;
    outputs.update();
    assertThat(phys.level).as("CVAL already passed: asserted at once").isTrue();
    timer.cntpCtl = 3;
    outputs.update();
    assertThat(phys.level).as("IMASK lowers the output, ISTATUS stays").isFalse();
    assertThat(timer.readCtl(false) & 4).isEqualTo(4);
    timer.cntpCtl = 1;
    outputs.update();
    assertThat(phys.level).isTrue();
    timer.cntpCtl = 0;
    outputs.update();
    assertThat(phys.level).isFalse();
  }

  @Test
  void movingCvalForwardCancelsTheEarlierWakeUp() throws Exception {
    timer.cntvCval = timer.virtualCount() + GenericTimer.FREQUENCY_HZ / 100; // 10 ms
    timer.cntvCtl = 1;
    outputs.update();
    timer.cntvCval = timer.virtualCount() + GenericTimer.FREQUENCY_HZ * 10; // 10 s
    outputs.update();
    Thread.sleep(50);
    assertThat(virt.raises).as("the 10 ms deadline no longer exists").isZero();
  }
}
