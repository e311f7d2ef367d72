package dev.qvm.cpu.exception;

import static org.assertj.core.api.Assertions.assertThat;

import dev.qvm.cpu.asm.A64;
import dev.qvm.cpu.asm.Cond;
import dev.qvm.cpu.testing.TestMachine;
import org.junit.jupiter.api.Test;

/**
 * PSTATE.I masks IRQ (ARM ARM D1.3.6 "Asynchronous exception masking"): an IRQ whose line is
 * asserted while PSTATE.I = 1 stays pending, and is taken once MSR DAIFClr clears the mask, at
 * the instruction boundary after the MSR (the MSR's effect on PSTATE is immediate; C5.2.4).
 */
class IrqMaskingTest {

  private static final long PROGRAM = TestMachine.RAM_BASE + 0x1000;
  private static final long VBAR = TestMachine.RAM_BASE + 0x800;
  /** D1.10.2: IRQ from the current EL using SP_ELx is at VBAR_EL1 + 0x280. */
  private static final long IRQ_VECTOR = VBAR + 0x280;

  /** C5.2.4 MSR (immediate) DAIFClr, #imm: op1 = 3, CRm = imm, op2 = 7; imm 2 is the I bit. */
  private static final int MSR_DAIFCLR_I = 0xD50342FF;
  /** C6.2.98 HLT #0xF000: the A64 semihosting trap. */
  private static final int HLT_SEMIHOSTING = 0xD45E0000;
  private static final int B_SELF = 0x14000000;
  private static final int DAIF_I = 1 << 7;

  @Test
  void irqStaysPendingWhilePstateIIsSetAndIsTakenAfterMsrDaifClr() throws Exception {
    TestMachine m = new TestMachine();
    m.load(PROGRAM,
        A64.movz(true, 3, 100, 0),          // P+0:  x3 = 100
        A64.addImm(true, 0, 0, 1, false),   // P+4:  x0++            (IRQ asserted, I = 1)
        A64.subsImm(true, 3, 3, 1, false),  // P+8:  x3--
        A64.bCond(Cond.NE, -8),             // P+12: loop 100 times
        MSR_DAIFCLR_I,                      // P+16: PSTATE.I = 0
        A64.addImm(true, 1, 1, 1, false),   // P+20: x1++ (the IRQ comes first)
        B_SELF);                            // P+24
    // The IRQ handler: keep x0 and x1 for the test, then semihosting SYS_EXIT(status 0).
    int[] handler = {
        A64.movReg(true, 5, 0),
        A64.movReg(true, 6, 1),
        A64.movz(true, 0, 0x18, 0),
        A64.movz(true, 1, (int) (TestMachine.RAM_BASE >>> 16), 16),
        HLT_SEMIHOSTING};
    for (int i = 0; i < handler.length; i++) {
      m.ram.putInt((int) (IRQ_VECTOR - TestMachine.RAM_BASE) + 4 * i, handler[i]);
    }
    m.ram.putLong(0, 0x20026); // ADP_Stopped_ApplicationExit
    m.ram.putLong(8, 0);
    m.cpu.sys.vbarEl1 = VBAR;
    assertThat(m.cpu.daif & DAIF_I).as("out of reset PSTATE.I is set").isNotZero();
    m.cpu.setIrqLine(true); // the GIC signals an IRQ before the guest unmasks

    Thread t = Thread.ofPlatform().start(m.cpu::run);
    t.join(10_000);
    if (t.isAlive()) {
      m.cpu.requestStop();
      t.join();
    }
    assertThat(m.exitStatus).as("the IRQ handler ran and exited; pc %x", m.cpu.pc).isEqualTo(0);
    assertThat(m.cpu.x[5]).as("all 100 iterations ran with the IRQ pending and masked").isEqualTo(100);
    assertThat(m.cpu.sys.elrEl1).as("ELR_EL1: taken at the boundary right after MSR DAIFClr").isEqualTo(PROGRAM + 20);
    assertThat(m.cpu.x[6]).as("the instruction after the MSR had not run").isZero();
    assertThat(m.cpu.sys.spsrEl1 & DAIF_I).as("SPSR_EL1.I: unmasked when it was taken").isZero();
    assertThat(m.cpu.daif & DAIF_I).as("D1.10.1: taking an IRQ to EL1 sets PSTATE.I").isNotZero();
  }
}
