package dev.qvm.cpu.timer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.qvm.cpu.asm.A64;
import dev.qvm.cpu.asm.SysReg;
import dev.qvm.cpu.testing.TestMachine;
import org.junit.jupiter.api.Test;

/**
 * (qvm) icount: guest time is instructions retired at one nanosecond each (62.5 MHz counter: one
 * tick per 16 instructions), and WFI skips to the next timer deadline, so runs are repeatable.
 */
class IcountTest {
  static final long CODE = TestMachine.RAM_BASE + 0x1000;
  static final SysReg CNTV_CTL_EL0 = new SysReg("CNTV_CTL_EL0", 3, 3, 14, 3, 1);
  static final SysReg CNTV_CVAL_EL0 = new SysReg("CNTV_CVAL_EL0", 3, 3, 14, 3, 2);

  private static TestMachine icountMachine() {
    TestMachine m = new TestMachine();
    var cpu = m.cpu;
    cpu.sys.timer.useInstructionClock(() -> cpu.instructionsRetired);
    return m;
  }

  @Test
  void counterAdvancesExactlyWithInstructions() {
    TestMachine m = icountMachine();
    int[] code = new int[162];
    code[0] = A64.mrs(0, SysReg.CNTVCT_EL0);
    for (int i = 1; i < 161; i++) {
      code[i] = A64.nop();
    }
    code[161] = A64.mrs(1, SysReg.CNTVCT_EL0);
    m.load(CODE, code);
    m.cpu.step(code.length);
    assertThat(m.cpu.x[1] - m.cpu.x[0]).as("161 instructions apart = 161 ns = 10 ticks of 16 ns").isEqualTo(10);
  }

  @Test
  void twoRunsReadTheSameCounter() {
    long[] seen = new long[2];
    for (int run = 0; run < 2; run++) {
      TestMachine m = icountMachine();
      m.load(CODE, A64.nop(), A64.nop(), A64.mrs(3, SysReg.CNTVCT_EL0));
      m.cpu.step(3);
      seen[run] = m.cpu.x[3];
    }
    assertThat(seen[0]).isEqualTo(seen[1]);
  }

  @Test
  void wfiWarpsToTheTimerDeadline() {
    TestMachine m = icountMachine();
    m.cpu.x[1] = 1_000_000; // CVAL: tick 1,000,000 = 16 ms of guest time
    m.cpu.x[2] = 1; // ENABLE, not masked
    m.load(CODE, A64.msr(CNTV_CVAL_EL0, 1), A64.msr(CNTV_CTL_EL0, 2), A64.wfi(), A64.mrs(3, SysReg.CNTVCT_EL0));
    long start = System.nanoTime();
    m.cpu.step(4);
    assertThat(m.cpu.x[3]).as("after WFI the counter has reached CVAL").isGreaterThanOrEqualTo(1_000_000);
    assertThat(System.nanoTime() - start).as("without waiting 16 ms of host time for it").isLessThan(2_000_000_000L);
    assertThat(m.cpu.instructionsRetired).as("and without executing 16 million instructions").isEqualTo(4);
  }
}
