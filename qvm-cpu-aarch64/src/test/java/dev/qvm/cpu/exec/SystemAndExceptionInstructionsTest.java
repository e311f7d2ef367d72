package dev.qvm.cpu.exec;

import static dev.qvm.cpu.asm.A64.X;
import static org.assertj.core.api.Assertions.assertThat;

import dev.qvm.cpu.asm.A64;
import dev.qvm.cpu.asm.A64Mem;
import dev.qvm.cpu.asm.MemOp;
import dev.qvm.cpu.asm.SysReg;
import dev.qvm.cpu.testing.TestMachine;
import java.nio.ByteOrder;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Instruction tests for the PC-relative, acquire/release and hint-space loads, the PSTATE
 * instructions, exception generation and return, instruction-cache maintenance and FIQ entry, on
 * a bare CPU at EL1 with the MMU off. Each test names the ARM ARM section whose rule it checks.
 */
class SystemAndExceptionInstructionsTest {
  static final long DATA = TestMachine.RAM_BASE + 0x8000;
  static final long VECTORS = TestMachine.RAM_BASE + 0x4000;
  static final long EXIT_BLOCK = TestMachine.RAM_BASE + 0xc000;

  private TestMachine m;
  private Cpu cpu;

  @BeforeEach
  void setUp() {
    m = new TestMachine();
    cpu = m.cpu;
    cpu.sys.vbarEl1 = VECTORS;
  }

  /** Where the last {@link #run} or {@link #load} put its code: a fresh page each time. */
  private long code = TestMachine.RAM_BASE + 0x10_000;

  /**
   * Copies {@code words} to a fresh page and points PC there. Decoded code is cached per page and
   * the test writes RAM behind the CPU's back, so no page is reused.
   */
  private long load(int... words) {
    code += 0x1000;
    m.load(code, words);
    return code;
  }

  private Cpu run(int... words) {
    load(words);
    cpu.step(words.length);
    return cpu;
  }

  private int ec() {
    return (int) (cpu.sys.esrEl1 >>> 26) & 0x3f;
  }

  // ---- PC-relative addressing and literals ----

  /** C6.2.10 ADR: PC + imm21; C6.2.11 ADRP: (PC with bits [11:0] cleared) + imm21 * 4096. */
  @Test
  void adrAndAdrpArePcRelative() {
    run(A64.adr(0, -4), A64.adr(1, 0xfffff), A64.adrp(2, 0x3000), A64.adrp(3, -0x1_0000_0000L));
    assertThat(cpu.x[0]).isEqualTo(code - 4);
    assertThat(cpu.x[1]).isEqualTo(code + 4 + 0xfffff);
    assertThat(cpu.x[2]).as("ADRP at code+8: the page of the PC plus 3 pages").isEqualTo((code & ~0xfffL) + 0x3000);
    assertThat(cpu.x[3]).as("ADRP -4 GiB").isEqualTo((code & ~0xfffL) - 0x1_0000_0000L);
  }

  /** C6.2.132/C6.2.137 LDR (literal): PC-relative, W zero-extends, LDRSW sign-extends; forward and backward. */
  @Test
  void ldrLiteralLoadsRelativeToTheInstruction() {
    long at = code + 0x1000; // where run() will put the code
    m.ram.order(ByteOrder.LITTLE_ENDIAN).putLong((int) (at - TestMachine.RAM_BASE) + 0x100, 0x8765_4321_fedc_ba98L);
    m.ram.putInt((int) (at - TestMachine.RAM_BASE) - 8, 0x8000_0001);
    run(A64Mem.literal(MemOp.LDR_X, 0, 0x100), // at code
        A64Mem.literal(MemOp.LDR_W, 1, 0x100 - 4), // at code+4, same literal
        A64Mem.literal(MemOp.LDRSW, 2, -8 - 8), // at code+8: code-8
        A64Mem.literal(MemOp.LDR_W, 3, -8 - 12)); // at code+12: code-8 zero-extended
    assertThat(cpu.x[0]).isEqualTo(0x8765_4321_fedc_ba98L);
    assertThat(cpu.x[1]).isEqualTo(0xfedc_ba98L);
    assertThat(cpu.x[2]).isEqualTo(0xffff_ffff_8000_0001L);
    assertThat(cpu.x[3]).isEqualTo(0x8000_0001L);
  }

  /** C6.2.105 LDAR / C6.2.296 STLR: ordinary single-copy atomic transfers, every size. */
  @Test
  void ldarAndStlrTransferEverySize() {
    cpu.x[1] = DATA;
    cpu.x[2] = 0x1122_3344_5566_7788L;
    run(A64Mem.stlr(3, 2, 1), A64Mem.ldar(0, 3, 1), A64Mem.ldar(1, 4, 1), A64Mem.ldar(2, 5, 1),
        A64Mem.ldar(3, 6, 1), A64Mem.stlr(0, 31, 1), A64Mem.ldar(3, 7, 1));
    assertThat(cpu.x[3]).as("LDARB").isEqualTo(0x88);
    assertThat(cpu.x[4]).as("LDARH").isEqualTo(0x7788);
    assertThat(cpu.x[5]).as("LDAR W").isEqualTo(0x5566_7788L);
    assertThat(cpu.x[6]).as("LDAR X").isEqualTo(0x1122_3344_5566_7788L);
    assertThat(cpu.x[7]).as("STLRB of WZR cleared one byte").isEqualTo(0x1122_3344_5566_7700L);
  }

  /**
   * C6.2.212-215 PRFM: a hint. It never faults, even on an address with no memory behind it, and
   * writes no register (Rt is the prefetch operation).
   */
  @Test
  void prfmIsANoOpInEveryForm() {
    cpu.x[0] = 0xdead_0000_0000L; // beyond the 44-bit PA space
    cpu.x[1] = 0x7ff8;
    cpu.sys.esrEl1 = 0x1234;
    run(A64Mem.prfm(0, 0, 0), A64Mem.prfm(0x13, 0, 32760), A64Mem.prfmRegister(0, 0, 1, true),
        A64Mem.prfum(0x0c, 0, -1), A64Mem.prfmLiteral(0, -0x1000));
    assertThat(cpu.pc).as("no exception").isEqualTo(code + 20);
    assertThat(cpu.sys.esrEl1).isEqualTo(0x1234);
    assertThat(cpu.x[0]).isEqualTo(0xdead_0000_0000L);
    assertThat(cpu.x[19]).as("Rt = 0x13 is a prefetch operation, not X19").isZero();
  }

  // ---- PSTATE ----

  /** C6.2.194 MSR (immediate): DAIFSet ORs imm4 into D,A,I,F; DAIFClr clears; SPSel picks the stack. */
  @Test
  void msrImmediateSetsAndClearsDaifAndSelectsTheStack() {
    cpu.daif = 0;
    run(A64.msrDaifSet(0b1010), A64.mrs(0, SysReg.DAIF), A64.msrDaifSet(0b0101), A64.msrDaifClr(0b0110),
        A64.mrs(1, SysReg.DAIF));
    assertThat(cpu.x[0]).as("D and I set").isEqualTo(0x280);
    assertThat(cpu.x[1]).as("then A, F set, A, I cleared: D and F").isEqualTo(0x240);
    assertThat(cpu.daif).isEqualTo(0x240);

    // SPSel (C5.2.16): SP is SP_EL1 with SPSel = 1, SP_EL0 with SPSel = 0.
    cpu.setElAndSpsel(1, 1);
    cpu.sp = 0x1111;
    cpu.setSpEl0(0x2222);
    run(A64.msrSpSel(0), A64.addImm(X, 2, 31, 0, false), A64.mrs(3, SysReg.SPSEL), A64.msrSpSel(1),
        A64.addImm(X, 4, 31, 0, false), A64.mrs(5, SysReg.SPSEL));
    assertThat(cpu.x[2]).as("MOV x2, sp with SPSel = 0").isEqualTo(0x2222);
    assertThat(cpu.x[3]).isZero();
    assertThat(cpu.x[4]).as("MOV x4, sp with SPSel = 1").isEqualTo(0x1111);
    assertThat(cpu.x[5]).isEqualTo(1);
  }

  /** C6.2.194: MSR SPSel at EL0 is UNDEFINED. */
  @Test
  void msrSpSelAtEl0IsUndefined() {
    cpu.setElAndSpsel(0, 0);
    run(A64.msrSpSel(1));
    assertThat(cpu.sys.esrEl1).isEqualTo(0x0200_0000L);
    assertThat(cpu.sys.elrEl1).isEqualTo(code);
    assertThat(cpu.spsel).as("taken to EL1h").isEqualTo(1);
  }

  /**
   * D1.11 / C6.2.79 ERET: PC = ELR_EL1 and PSTATE = SPSR_EL1 (NZCV, DAIF, EL and SP selection).
   */
  @Test
  void eretRestoresPstateFromSpsr() {
    cpu.sys.spsrEl1 = 0xf000_0000L | 0x300 | 0b0000; // NZCV all set, D and A masked, EL0t
    cpu.sys.elrEl1 = DATA;
    cpu.setNzcv(0);
    run(A64.eret());
    assertThat(cpu.pc).isEqualTo(DATA);
    assertThat(cpu.el).isZero();
    assertThat(cpu.spsel).isZero();
    assertThat(cpu.nzcv()).isEqualTo(0xf000_0000);
    assertThat(cpu.daif).isEqualTo(0x300);

    cpu.setElAndSpsel(1, 0);
    cpu.sys.spsrEl1 = 0x4000_0000L | 0x0c0 | 0b0101; // Z, I and F masked, EL1h
    cpu.sys.elrEl1 = DATA + 0x40;
    run(A64.eret());
    assertThat(cpu.pc).isEqualTo(DATA + 0x40);
    assertThat(cpu.el).isEqualTo(1);
    assertThat(cpu.spsel).isEqualTo(1);
    assertThat(cpu.nzcv()).isEqualTo(0x4000_0000);
    assertThat(cpu.daif).isEqualTo(0x0c0);
  }

  /**
   * D1.11.4: an ERET to an EL that is not implemented (EL2h here) is an illegal exception return:
   * EL stays, PSTATE.IL is set, and the next instruction takes an Illegal Execution state
   * exception (EC 0x0E) with SPSR.IL set.
   */
  @Test
  void eretToAnUnimplementedElIsIllegal() {
    cpu.sys.spsrEl1 = 0b01001; // EL2h
    cpu.sys.elrEl1 = code + 0x1004; // the NOP after the ERET, on run()'s next page
    run(A64.eret(), A64.nop());
    assertThat(ec()).isEqualTo(0x0e);
    assertThat(cpu.sys.elrEl1).isEqualTo(code + 4);
    assertThat(cpu.sys.spsrEl1 & (1L << 20)).as("SPSR.IL").isNotZero();
    assertThat(cpu.el).isEqualTo(1);
  }

  // ---- exception generation ----

  /**
   * HVC is a call to qvm's firmware layer (SMCCC, DEN 0028): an unknown function returns
   * NOT_SUPPORTED (-1) in X0 and execution continues after the HVC; no exception is taken.
   */
  @Test
  void hvcWithAnUnknownFunctionReturnsNotSupported() {
    cpu.x[0] = 0xc200_0042L; // SMC64 SiP service call: nothing is implemented there
    cpu.sys.esrEl1 = 0x1234;
    run(A64.hvc(0), A64.movReg(X, 9, 0), A64.movz(X, 0, 0x8400, 16), A64.hvc(0), A64.movReg(X, 10, 0));
    assertThat(cpu.x[9]).as("X0 after an unknown function: NOT_SUPPORTED").isEqualTo(-1L);
    assertThat(cpu.x[10]).as("PSCI_VERSION (0x84000000) answers 1.1: the real firmware layer").isEqualTo(0x1_0001L);
    assertThat(cpu.pc).isEqualTo(code + 20);
    assertThat(cpu.sys.esrEl1).as("no exception taken").isEqualTo(0x1234);
    assertThat(m.hypercalls).isEqualTo(2);
  }

  /** C6.2.105 HVC: UNDEFINED at EL0. */
  @Test
  void hvcAtEl0IsUndefined() {
    cpu.setElAndSpsel(0, 0);
    cpu.x[0] = 0x8400_0000L;
    run(A64.hvc(0));
    assertThat(cpu.sys.esrEl1).isEqualTo(0x0200_0000L);
    assertThat(cpu.x[0]).isEqualTo(0x8400_0000L);
    assertThat(m.hypercalls).isZero();
  }

  /**
   * C6.2.104 HLT: with halting debug disabled HLT is UNDEFINED (EC 0x00, IL, ELR = the HLT), and
   * HLT #0xF000 is only a semihosting call when semihosting is enabled.
   */
  @Test
  void hltWithoutSemihostingIsUndefined() {
    m.semihosting = false;
    cpu.x[0] = 0x18; // SYS_EXIT, which must not happen
    run(A64.hlt(0xf000));
    assertThat(cpu.sys.esrEl1).isEqualTo(0x0200_0000L);
    assertThat(cpu.sys.elrEl1).isEqualTo(code);
    assertThat(cpu.pc).isEqualTo(VECTORS + 0x200);
    assertThat(m.exitStatus).isNull();
    m.semihosting = true;
    cpu.sys.esrEl1 = 0;
    run(A64.hlt(1));
    assertThat(cpu.sys.esrEl1).as("HLT #1 is no semihosting call").isEqualTo(0x0200_0000L);
  }

  // ---- instruction cache maintenance ----

  /**
   * B2.4.4 / D7.5: after a store to an instruction location, DC CVAU, DSB, IC IVAU, DSB, ISB make
   * the new instruction the one that executes. The routine at TARGET runs once as {@code add x0,
   * x0, #1}, is rewritten to {@code add x0, x0, #100}, and runs again.
   */
  @Test
  void icIvauAfterAStoreRunsTheNewInstruction() {
    long target = TestMachine.RAM_BASE + 0x3000; // its own page: decoded separately from code
    m.load(target, A64.addImm(X, 0, 0, 1, false), A64.ret());
    cpu.x[0] = 0;
    cpu.x[5] = A64.addImm(X, 0, 0, 100, false) & 0xffff_ffffL;
    cpu.x[6] = target;
    int[] words = {
      A64.blr(6),
      A64Mem.str(false, 5, 6, 0),
      A64.dcCvau(6),
      A64.dsb(11),
      A64.icIvau(6),
      A64.dsb(11),
      A64.isb(),
      A64.blr(6),
      A64.nop(),
    };
    long start = load(words);
    while (cpu.pc != start + 32) {
      cpu.step(1);
      assertThat(cpu.instructionsRetired).as("runs through").isLessThan(100);
    }
    assertThat(cpu.x[0]).as("old instruction once, new instruction once").isEqualTo(101);
  }

  // ---- FIQ ----

  /**
   * D1.10.2: an FIQ taken from EL1 with SP_EL0 selected (EL1t) goes to VBAR_EL1 + 0x100; from
   * EL1h to + 0x300. PSTATE.F = 1 holds it pending (D1.16.1); once MSR DAIFClr clears F it is
   * taken before the next instruction, ELR = that instruction, SPSR = the PSTATE with F clear,
   * and DAIF all masked.
   */
  @Test
  void fiqIsHeldByPstateFAndTakenAtVbarPlus0x100() {
    // The vector exits through semihosting SYS_EXIT with status 1; falling through, status 2.
    m.ram.order(ByteOrder.LITTLE_ENDIAN).putLong((int) (EXIT_BLOCK - TestMachine.RAM_BASE), 0x20026);
    m.ram.putLong((int) (EXIT_BLOCK - TestMachine.RAM_BASE) + 8, 1);
    m.ram.putLong((int) (EXIT_BLOCK - TestMachine.RAM_BASE) + 16, 0x20026);
    m.ram.putLong((int) (EXIT_BLOCK - TestMachine.RAM_BASE) + 24, 2);
    m.load(VECTORS + 0x100, A64.movz(X, 0, 0x18, 0), A64.hlt(0xf000));
    cpu.x[1] = EXIT_BLOCK;
    cpu.x[2] = EXIT_BLOCK + 16;
    cpu.setElAndSpsel(1, 0); // EL1t
    cpu.daif = 0x040; // F masked
    cpu.setFiqLine(true);

    // While F is set the FIQ waits: the code runs to its own exit.
    load(A64.nop(), A64.nop(), A64.movz(X, 0, 0x18, 0), A64.movReg(X, 1, 2), A64.hlt(0xf000));
    cpu.run();
    assertThat(m.exitStatus).as("FIQ held while PSTATE.F = 1").isEqualTo(2);
    assertThat(cpu.interruptStatus()).as("ISR_EL1.F: still pending").isEqualTo(0x40);

    m.exitStatus = null;
    cpu.clearStop();
    cpu.setElAndSpsel(1, 0);
    cpu.daif = 0x040;
    cpu.x[1] = EXIT_BLOCK;
    long clr = load(A64.msrDaifClr(0b0001), A64.movz(X, 0, 0x18, 0), A64.movReg(X, 1, 2), A64.hlt(0xf000));
    cpu.run();
    assertThat(m.exitStatus).as("the FIQ vector ran").isEqualTo(1);
    assertThat(cpu.sys.elrEl1).as("ELR: the instruction after MSR DAIFClr").isEqualTo(clr + 4);
    assertThat(cpu.sys.spsrEl1).as("SPSR: EL1t, F clear").isEqualTo(0b0100);
    assertThat(cpu.daif).as("DAIF all masked on entry").isEqualTo(0x3c0);
    assertThat(cpu.spsel).isEqualTo(1);
  }
}
