package dev.qvm.cpu.exec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.qvm.cpu.testing.TestMachine;
import org.junit.jupiter.api.Test;

/**
 * The compiled blocks (BlockCompiler) do exactly what the instructions do one at a time. Each
 * program runs twice: through the run loop, which compiles blocks (this module's tests set
 * {@code qvm.blocks.threshold=1}: every block head compiles at its first arrival), and through
 * {@link Cpu#step}, which never uses them; registers, PC, exception registers and the retired
 * count must agree.
 */
class BlockCompilerTest {

  static final long CODE = TestMachine.RAM_BASE + 0x1000;
  static final long SUB = TestMachine.RAM_BASE + 0x3000;
  static final long VECTORS = TestMachine.RAM_BASE + 0x4000;
  static final long EXIT_BLOCK = TestMachine.RAM_BASE + 0x8000;
  static final long DATA = TestMachine.RAM_BASE + 0x9000;

  static final int MOV_X0_0X18 = 0xd2800300;
  static final int MOV_X1_X10 = 0xaa0a03e1;
  static final int HLT_F000 = 0xd45e0000;
  static final int RET = 0xd65f03c0;

  /** movz xD, #imm16 */
  static int movz(int rd, int imm) {
    return 0xd2800000 | (imm << 5) | rd;
  }

  /** add xD, xN, #imm12 */
  static int addImm(int rd, int rn, int imm) {
    return 0x91000000 | (imm << 10) | (rn << 5) | rd;
  }

  /** A machine whose semihosting exit block is at EXIT_BLOCK (x10 points at it). */
  private static TestMachine machine(boolean alignmentChecks) {
    TestMachine m = new TestMachine();
    m.ram.putLong((int) (EXIT_BLOCK - TestMachine.RAM_BASE), 0x20026); // ADP_Stopped_ApplicationExit
    m.ram.putLong((int) (EXIT_BLOCK - TestMachine.RAM_BASE) + 8, 0);
    m.cpu.x[10] = EXIT_BLOCK;
    m.cpu.sys.vbarEl1 = VECTORS;
    // Every synchronous exception from the current EL (SPx, offset 0x200) ends the run.
    m.load(VECTORS + 0x200, MOV_X1_X10, MOV_X0_0X18, HLT_F000);
    if (alignmentChecks) {
      m.cpu.sys.sctlrEl1 |= 2; // SCTLR_EL1.A
      m.cpu.translationChanged();
    }
    return m;
  }

  /** The exit sequence, to end a program. */
  static final int[] EXIT = {MOV_X1_X10, MOV_X0_0X18, HLT_F000};

  private static void runLoop(TestMachine m, long entry) {
    m.cpu.pc = entry;
    m.cpu.run(); // the semihosting exit stops it
    assertThat(m.exitStatus).as("the program reached its exit").isNotNull();
  }

  private static void runStepped(TestMachine m, long entry) {
    m.cpu.pc = entry;
    m.runUntilStop(1_000_000);
    assertThat(m.exitStatus).as("the program reached its exit").isNotNull();
  }

  private static void assertSameState(TestMachine blocks, TestMachine stepped) {
    Cpu a = blocks.cpu;
    Cpu b = stepped.cpu;
    assertThat(a.x).as("X registers").containsExactly(b.x);
    assertThat(a.pc).as("PC").isEqualTo(b.pc);
    assertThat(a.nzcv()).as("NZCV").isEqualTo(b.nzcv());
    assertThat(a.sys.elrEl1).as("ELR_EL1").isEqualTo(b.sys.elrEl1);
    assertThat(a.sys.esrEl1).as("ESR_EL1").isEqualTo(b.sys.esrEl1);
    assertThat(a.sys.farEl1).as("FAR_EL1").isEqualTo(b.sys.farEl1);
    assertThat(a.instructionsRetired).as("instructions retired").isEqualTo(b.instructionsRetired);
  }

  private static int[] concat(int[]... parts) {
    return java.util.Arrays.stream(parts).flatMapToInt(java.util.Arrays::stream).toArray();
  }

  @Test
  void aCompiledLoopComputesWhatTheInstructionsDo() {
    int[] program =
        concat(
            new int[] {
              movz(1, 0), movz(2, 1000), movz(3, 7),
              // loop: three ALU forms and a flag-setting subtract, then b.ne loop
              addImm(1, 1, 3), 0x8a030021 /* and x1, x1, x3 ... */, 0xca020021 /* eor x1, x1, x2 */,
              0xf1000442 /* subs x2, x2, #1 */, 0x54ffff81 /* b.ne -4 insns */
            },
            EXIT);
    TestMachine blocks = machine(false);
    blocks.load(CODE, program);
    runLoop(blocks, CODE);
    TestMachine stepped = machine(false);
    stepped.load(CODE, program);
    runStepped(stepped, CODE);

    assertSameState(blocks, stepped);
    assertThat(blocks.cpu.counters.blocksCompiled).as("the loop body was compiled").isPositive();
    assertThat(blocks.cpu.x[2]).isZero();
    assertThat(blocks.cpu.instructionsRetired).as("3 + 1,000 x 5 + the exit's 3").isEqualTo(3 + 5000 + 3);
  }

  @Test
  void aFaultInTheMiddleOfABlockIsTakenAtTheFaultingInstruction() {
    int[] program =
        concat(
            new int[] {
              addImm(11, 11, 1), addImm(11, 11, 1),
              0xf9400083, // ldr x3, [x4]: x4 is misaligned and SCTLR_EL1.A is set
              addImm(11, 11, 1), addImm(11, 11, 1)
            },
            EXIT);
    TestMachine blocks = machine(true);
    blocks.cpu.x[4] = DATA + 4;
    blocks.load(CODE, program);
    runLoop(blocks, CODE);
    TestMachine stepped = machine(true);
    stepped.cpu.x[4] = DATA + 4;
    stepped.load(CODE, program);
    runStepped(stepped, CODE);

    assertSameState(blocks, stepped);
    assertThat(blocks.cpu.sys.elrEl1).as("ELR_EL1: the LDR").isEqualTo(CODE + 8);
    assertThat(blocks.cpu.sys.esrEl1 >>> 26).as("EC: data abort, same EL").isEqualTo(0x25);
    assertThat(blocks.cpu.x[11]).as("the adds after the fault did not run").isEqualTo(2);
  }

  /**
   * Generic-dispatch instructions take some exceptions by setting the PC to the vector and
   * returning (here CPACR_EL1.FPEN = 0 traps FMOV, EC 0x07): the block must stop there too.
   */
  @Test
  void anExceptionTakenWithoutThrowingEndsTheBlock() {
    int[] program =
        concat(
            new int[] {
              addImm(11, 11, 1), 0x9e670020 /* fmov d0, x1 */, addImm(11, 11, 1), addImm(11, 11, 1)
            },
            EXIT);
    TestMachine blocks = machine(false);
    TestMachine stepped = machine(false);
    for (TestMachine m : new TestMachine[] {blocks, stepped}) {
      m.cpu.sys.cpacrEl1 = 0; // FPEN = 0b00: FP and SIMD trap at EL1 (D17.2.30)
      m.load(CODE, program);
    }
    runLoop(blocks, CODE);
    runStepped(stepped, CODE);

    assertSameState(blocks, stepped);
    assertThat(blocks.cpu.sys.esrEl1 >>> 26).as("EC: FP access trap").isEqualTo(0x07);
    assertThat(blocks.cpu.sys.elrEl1).isEqualTo(CODE + 4);
    assertThat(blocks.cpu.x[11]).isEqualTo(1);
  }

  @Test
  void aStoreIntoACompiledBlockReplacesIt() {
    int[] sub = {addImm(11, 11, 1), addImm(11, 11, 1), addImm(11, 11, 1), RET};
    int newWord = addImm(11, 11, 16);
    int[] main =
        concat(
            new int[] {
              movz(11, 0),
              0x94000000 | (int) ((SUB - (CODE + 4)) >>> 2), // bl SUB
              0xb90000e6, // str w6, [x7]: the second add of SUB becomes add x11, x11, #16
              0xd5033b9f, // dsb ish
              0xd5033fdf, // isb
              0x94000000 | (int) ((SUB - (CODE + 20)) >>> 2) // bl SUB
            },
            EXIT);
    TestMachine blocks = machine(false);
    TestMachine stepped = machine(false);
    for (TestMachine m : new TestMachine[] {blocks, stepped}) {
      m.load(CODE, main);
      m.load(SUB, sub);
      m.cpu.x[6] = newWord & 0xffff_ffffL;
      m.cpu.x[7] = SUB + 4;
    }
    runLoop(blocks, CODE);
    runStepped(stepped, CODE);

    assertSameState(blocks, stepped);
    assertThat(blocks.cpu.x[11]).as("3 from the old block, then 1 + 16 + 1").isEqualTo(21);
    assertThat(blocks.cpu.counters.blocksCompiled).isGreaterThanOrEqualTo(2);
  }

  @Test
  void blocksOfOneShapeShareAClassAndKeepTheirOwnOperands() {
    int before = BlockCompiler.shapes();
    CompiledBlock a = BlockCompiler.compile(decode(addImm(1, 1, 1), addImm(2, 2, 2), movz(3, 3)));
    CompiledBlock b = BlockCompiler.compile(decode(addImm(4, 4, 5), addImm(5, 5, 6), movz(6, 7)));
    assertThat(b.getClass()).isSameAs(a.getClass());
    assertThat(BlockCompiler.shapes()).isLessThanOrEqualTo(before + 1);
    assertThat(a.length).isEqualTo(3);

    TestMachine m = machine(false);
    a.execute(m.cpu, CODE);
    b.execute(m.cpu, CODE);
    assertThat(m.cpu.x[1]).isEqualTo(1);
    assertThat(m.cpu.x[2]).isEqualTo(2);
    assertThat(m.cpu.x[3]).isEqualTo(3);
    assertThat(m.cpu.x[4]).isEqualTo(5);
    assertThat(m.cpu.x[5]).isEqualTo(6);
    assertThat(m.cpu.x[6]).isEqualTo(7);
    assertThat(m.cpu.pc).as("the last instruction's PC + 4").isEqualTo(CODE + 12);
  }

  @Test
  void aBlockEndsAtItsFirstBranchOrSystemInstruction() {
    assertThat(BlockCompiler.straightLine(decode(addImm(1, 1, 1))[0])).isTrue();
    assertThat(BlockCompiler.straightLine(decode(0xf9400083 /* ldr */)[0])).isTrue();
    assertThat(BlockCompiler.straightLine(decode(0x9e670020 /* fmov d0, x1 */)[0])).isTrue();
    assertThat(BlockCompiler.straightLine(decode(RET)[0])).isFalse();
    assertThat(BlockCompiler.straightLine(decode(0xd4000001 /* svc #0 */)[0])).isFalse();
    assertThat(BlockCompiler.straightLine(decode(0xd5033fdf /* isb */)[0])).isFalse();
    assertThat(BlockCompiler.straightLine(decode(0xd51b4200 /* msr nzcv, x0 */)[0])).isFalse();
  }

  private static DecodedInsn[] decode(int... words) {
    DecodedInsn[] insns = new DecodedInsn[words.length];
    for (int i = 0; i < words.length; i++) {
      insns[i] = Predecoder.of(dev.qvm.cpu.decode.A64Decoder.decode(words[i]), words[i]);
    }
    return insns;
  }
}
