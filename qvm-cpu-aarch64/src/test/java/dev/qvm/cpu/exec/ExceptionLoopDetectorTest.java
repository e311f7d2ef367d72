package dev.qvm.cpu.exec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.qvm.cpu.mmu.Mmu;
import dev.qvm.cpu.testing.TestMachine;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Issue 10: a guest whose exceptions raise exceptions forever is stopped with a report, and a
 * guest that takes many exceptions but returns from them is left alone.
 */
class ExceptionLoopDetectorTest {

  static final long CODE = TestMachine.RAM_BASE + 0x1000;
  static final long VECTORS = TestMachine.RAM_BASE + 0x4000;

  static final int UDF = 0x0000_0000; // udf #0
  static final int SVC_0 = 0xd400_0001; // svc #0
  static final int B_BACK = 0x17ff_ffff; // b .-4
  static final int ERET = 0xd69f_03e0; // eret
  static final int SUB_SP_272 = 0xd104_43ff; // sub sp, sp, #0x110
  static final int STP_X0_X1_SP = 0xa900_07e0; // stp x0, x1, [sp]

  private TestMachine m;
  private Cpu cpu;

  @BeforeEach
  void setUp() {
    m = new TestMachine();
    cpu = m.cpu;
  }

  /**
   * Steps the CPU in chunks until it stops or {@code chunks} chunks ran. A fetch that faults
   * retires nothing, so the bound is on chunks, not instructions: without the detector the test
   * ends instead of hanging.
   */
  private void runAtMost(int chunks) {
    for (int i = 0; i < chunks && !cpu.stopRequested(); i++) {
      cpu.step(1000);
    }
  }

  @Test
  void noVectorTableAtUnmappedZeroStopsWithAnInstructionAbortReport() {
    cpu.sys.vbarEl1 = 0; // nothing is mapped at IPA 0 on this machine
    m.load(CODE, UDF);
    runAtMost(100);
    assertThat(cpu.stopRequested()).as("the vCPU stopped itself").isTrue();
    String report = cpu.loopDetector.report();
    assertThat(report)
        .as("the report")
        .startsWith("vcpu0 is stuck in an exception loop: 10000 exceptions taken without an exception return")
        .contains("last exception: Instruction Abort without a change in Exception level (EC 0x21), Synchronous External abort")
        // D1.10.2: from EL1h the synchronous vector is VBAR_EL1 + 0x200; ELR = FAR = that address
        .contains("PC=0x200 ELR_EL1=0x200 ESR_EL1=0x86000010 FAR_EL1=0x200")
        .contains(String.format("the loop began with: Unknown reason (UNDEFINED instruction) (EC 0x00) at ELR 0x%x, FAR 0x0: 00000000  udf #0", CODE))
        .contains("0x200 <- 0x200 ESR=0x86000010 FAR=0x200 (8 times)")
        .contains("0x200: (no instruction: the fetch faulted)");
  }

  @Test
  void vectorsInZeroedRamLoopOnUdfAndTheReportDisassemblesIt() {
    cpu.sys.vbarEl1 = VECTORS; // zeroed RAM: each vector's first word is UDF #0
    m.load(CODE, UDF);
    runAtMost(100);
    String report = cpu.loopDetector.report();
    assertThat(report)
        .isNotNull()
        .contains("last exception: Unknown reason (UNDEFINED instruction) (EC 0x00)")
        .contains(String.format("PC=0x%x ELR_EL1=0x%x ESR_EL1=0x2000000", VECTORS + 0x200, VECTORS + 0x200))
        .contains(String.format("0x%x: 00000000  udf #0   <- exception", VECTORS + 0x200));
    assertThat(cpu.instructionsRetired).as("detected within LOOP_ENTRIES instructions or so").isLessThan(20_000);
  }

  @Test
  void aHandlerWhoseStackFaultsIsALoopAndTheReportShowsItsFirstInstructions() {
    cpu.mmu.referencePolicy = Mmu.ReferencePolicy.FAIL; // an unmapped store is an external abort
    cpu.sys.vbarEl1 = VECTORS;
    m.load(VECTORS + 0x200, SUB_SP_272, STP_X0_X1_SP, ERET);
    m.load(CODE, UDF);
    cpu.sp = 0x1000_0000L; // SP_EL1 in unmapped space
    runAtMost(100);
    assertThat(cpu.loopDetector.report())
        .isNotNull()
        .contains("Data Abort without a change in Exception level (EC 0x25), Synchronous External abort on a write")
        .contains(String.format("0x%x: d10443ff  sub sp, sp, #0x110", VECTORS + 0x200))
        .contains(String.format("0x%x: a90007e0  stp x0, x1, [sp]   <- exception", VECTORS + 0x204));
  }

  @Test
  void manySystemCallsThatReturnAreNotALoop() {
    cpu.sys.vbarEl1 = VECTORS;
    m.load(VECTORS + 0x200, ERET);
    m.load(CODE, SVC_0, B_BACK);
    cpu.step(200_000); // 50,000 SVC round trips: five times the loop threshold
    assertThat(cpu.sys.esrEl1).as("the SVCs were taken").isEqualTo(0x5600_0000L);
    assertThat(cpu.loopDetector.report()).isNull();
    assertThat(cpu.stopRequested()).isFalse();
  }

  @Test
  void exceptionsFarApartWithoutEretAreNotALoop() {
    // A handler that never returns but runs its own long loop before the next fault (a guest
    // that recovers by branching) is making progress: NEAR instructions apart resets the count.
    cpu.sys.vbarEl1 = VECTORS;
    int[] handler = new int[2];
    handler[0] = 0xd280_0000 | (int) ((ExceptionLoopDetector.NEAR + 10) << 5); // movz x0, #(NEAR+10)
    handler[1] = 0xf100_0400; // subs x0, x0, #1
    m.load(VECTORS + 0x200, handler[0], handler[1], 0x54ff_ffe1 /* b.ne .-4 */, UDF);
    m.load(CODE, UDF);
    cpu.step(3_000_000);
    assertThat(cpu.loopDetector.report()).isNull();
  }
}
