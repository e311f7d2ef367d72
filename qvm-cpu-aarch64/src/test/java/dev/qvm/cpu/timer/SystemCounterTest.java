package dev.qvm.cpu.timer;

import static org.assertj.core.api.Assertions.assertThat;

import dev.qvm.core.config.UnsupportedPolicy;
import dev.qvm.core.vm.VcpuExits;
import dev.qvm.cpu.Aarch64VcpuFactory;
import dev.qvm.cpu.CpuModel;
import dev.qvm.cpu.Vcpu;
import dev.qvm.cpu.testing.TestMachine;
import org.junit.jupiter.api.Test;

/**
 * D11.1.2: the system counter is one clock for every PE. vCPUs made at different host times
 * must still read the same CNTPCT_EL0, or a value read on one PE after another can be smaller
 * (time running backwards when a Linux task migrates, which hung the 2-vCPU boot).
 */
class SystemCounterTest {

  @Test
  void vcpusCreatedAtDifferentTimesReadOneCounter() throws Exception {
    TestMachine memory = new TestMachine();
    Aarch64VcpuFactory factory = new Aarch64VcpuFactory(CpuModel.CORTEX_A57);
    Vcpu first = (Vcpu) factory.create(0, 0, memory, VcpuExits.NONE, UnsupportedPolicy.DEFAULT);
    Thread.sleep(50); // 50 ms = 3,125,000 ticks at 62.5 MHz between the two vCPUs' creation
    Vcpu second = (Vcpu) factory.create(1, 1, memory, VcpuExits.NONE, UnsupportedPolicy.DEFAULT);
    for (int i = 0; i < 1000; i++) {
      long a = first.cpu().sys.timer.physicalCount();
      long b = second.cpu().sys.timer.physicalCount();
      long c = first.cpu().sys.timer.physicalCount();
      assertThat(b).as("read on vcpu1 after vcpu0").isGreaterThanOrEqualTo(a);
      assertThat(c).as("read on vcpu0 after vcpu1").isGreaterThanOrEqualTo(b);
    }
  }
}
