package dev.qvm.cpu.exec;

import static dev.qvm.cpu.asm.A64.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.qvm.core.vm.VcpuExits;
import dev.qvm.cpu.CpuModel;
import dev.qvm.cpu.Vcpu;
import dev.qvm.cpu.asm.A64Mem;
import dev.qvm.cpu.asm.Cond;
import dev.qvm.cpu.testing.TestMachine;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Two vCPUs, each on its own host thread, update one word of shared guest RAM at the same time
 * (ARM ARM B2.9 exclusives, C6.2 LDADD). Every update must land: a store-exclusive that
 * succeeds on both PEs for one load (the compare-then-write race) loses an increment, and that
 * lost {@code atomic_dec} once hung Linux in {@code multi_cpu_stop}.
 */
class AtomicityAcrossVcpusTest {

  private static final long CODE = TestMachine.RAM_BASE + 0x1000;
  private static final long COUNTER = TestMachine.RAM_BASE + 0x8000;
  private static final int ITERATIONS = 100_000;

  @Test
  void loadExclusiveStoreExclusiveCounterLosesNoIncrement() throws Exception {
    // loop: LDXR w1,[x0]; ADD w1,w1,#1; STXR w2,w1,[x0]; CBNZ w2,loop; SUBS x3,x3,#1; B.NE loop; B .
    int[] program = {
      A64Mem.ldxr(2, 1, 0),
      addImm(W, 1, 1, 1, false),
      A64Mem.stxr(2, 2, 1, 0),
      cbnz(W, 2, -12),
      subsImm(X, 3, 3, 1, false),
      bCond(Cond.NE, -20),
      b(0),
    };
    assertThat(runOnTwoVcpus(CpuModel.CORTEX_A57, program)).isEqualTo(2L * ITERATIONS);
  }

  @Test
  void byteExclusivesNextToPlainByteStoresOfTheOtherVcpu() throws Exception {
    // vCPU 0 counts in byte 0 with LDXRB/STXRB while vCPU 1 stores to byte 1 of the same word
    // with plain STRB, as qspinlock's unlock does: neither may undo the other.
    int[] counting = {
      A64Mem.ldxr(0, 1, 0),
      addImm(W, 1, 1, 1, false),
      A64Mem.stxr(0, 2, 1, 0),
      cbnz(W, 2, -12),
      subsImm(X, 3, 3, 1, false),
      bCond(Cond.NE, -20),
      b(0),
    };
    int[] storing = {
      A64Mem.strb(3, 4, 0), // STRB w3, [x4]  (x4 = counter + 1)
      subsImm(X, 3, 3, 1, false),
      bCond(Cond.NE, -8),
      b(0),
    };
    TestMachine m = new TestMachine();
    m.load(CODE, counting);
    m.load(CODE + 0x100, storing);
    Cpu first = m.cpu;
    Cpu second = secondVcpu(m, CpuModel.CORTEX_A57);
    first.pc = CODE;
    second.pc = CODE + 0x100;
    first.x[0] = COUNTER;
    second.x[4] = COUNTER + 1;
    first.x[3] = ITERATIONS;
    second.x[3] = ITERATIONS;
    runTogether(first, second);
    int off = (int) (COUNTER - TestMachine.RAM_BASE);
    assertThat(m.ram.get(off) & 0xff).isEqualTo(ITERATIONS & 0xff);
    assertThat(m.ram.get(off + 1) & 0xff).isEqualTo(1); // the last plain store wrote 1
  }

  @Test
  void lseLoadAddFromTwoVcpusLosesNoIncrement() throws Exception {
    // loop: MOVZ w5,#1; LDADD w5,w1,[x0]; SUBS x3,x3,#1; B.NE loop; B .
    int ldadd = 0xB820_0000 | 5 << 16 | 0 << 5 | 1; // C6.2.115 LDADD Ws=w5, Wt=w1, [Xn=x0]
    int[] program = {
      movz(W, 5, 1, 0),
      ldadd,
      subsImm(X, 3, 3, 1, false),
      bCond(Cond.NE, -12),
      b(0),
    };
    assertThat(runOnTwoVcpus(CpuModel.CORTEX_A57_LSE, program)).isEqualTo(2L * ITERATIONS);
  }

  /** Runs {@code program} on two vCPUs with X0 = counter, X3 = iterations; returns the counter. */
  private static long runOnTwoVcpus(CpuModel model, int[] program) throws Exception {
    TestMachine m = new TestMachine(model);
    m.load(CODE, program);
    Cpu first = m.cpu;
    Cpu second = secondVcpu(m, model);
    for (Cpu c : List.of(first, second)) {
      c.pc = CODE;
      c.x[0] = COUNTER;
      c.x[3] = ITERATIONS;
    }
    runTogether(first, second);
    return m.ram.getInt((int) (COUNTER - TestMachine.RAM_BASE)) & 0xffff_ffffL;
  }

  private static Cpu secondVcpu(TestMachine m, CpuModel model) {
    Vcpu v = new Vcpu(1, model, m, new CodePages(), VcpuExits.NONE);
    v.cpu().daif = m.cpu.daif;
    return v.cpu();
  }

  /** Steps both CPUs on their own threads until each has counted X3 down to zero. */
  private static void runTogether(Cpu... cpus) throws InterruptedException {
    List<Thread> threads = new ArrayList<>();
    for (Cpu c : cpus) {
      threads.add(Thread.ofPlatform().start(() -> {
        long limit = 50L * ITERATIONS;
        while (c.x[3] != 0 && c.instructionsRetired < limit) {
          c.step(1000);
        }
      }));
    }
    for (Thread t : threads) {
      t.join();
    }
    for (Cpu c : cpus) {
      assertThat(c.x[3]).as("the loop finished").isZero();
    }
  }
}
