package dev.qvm.cpu.exec;

import static dev.qvm.cpu.asm.A64.W;
import static dev.qvm.cpu.asm.A64.X;
import static org.assertj.core.api.Assertions.assertThat;

import dev.qvm.cpu.CpuModel;
import dev.qvm.cpu.asm.A64;
import dev.qvm.cpu.asm.A64Mem;
import dev.qvm.cpu.asm.Cond;
import dev.qvm.cpu.asm.Extend;
import dev.qvm.cpu.asm.Index;
import dev.qvm.cpu.asm.MemOp;
import dev.qvm.cpu.asm.PairOp;
import dev.qvm.cpu.asm.Shift;
import dev.qvm.cpu.exception.Esr;
import dev.qvm.cpu.testing.TestMachine;
import org.junit.jupiter.api.Test;

/**
 * Instruction-level tests, one or more per A64 instruction class, at the edge cases the ARM ARM
 * pseudocode singles out. Each runs the encoded instruction on a fresh CPU (EL1, MMU off) and
 * checks registers, flags and memory. The random differential tests against QEMU cover the
 * classes broadly; these pin the rules down by name.
 */
class InstructionClassTest {
  static final long CODE = TestMachine.RAM_BASE + 0x1000;
  static final long DATA = TestMachine.RAM_BASE + 0x8000;

  private TestMachine m = new TestMachine();

  private Cpu run(int... words) {
    m.load(CODE, words);
    m.cpu.step(words.length);
    return m.cpu;
  }

  private static final int N = 1 << 31;
  private static final int Z = 1 << 30;
  private static final int C = 1 << 29;
  private static final int V = 1 << 28;

  @Test
  void addsSetsCarryAndOverflowAsAddWithCarry() {
    m.cpu.x[1] = Long.MAX_VALUE;
    Cpu c = run(A64.addsImm(X, 0, 1, 1, false));
    assertThat(c.x[0]).isEqualTo(Long.MIN_VALUE);
    assertThat(c.nzcv()).as("MAX+1: N and V set, no carry").isEqualTo(N | V);
  }

  @Test
  void subsOfEqualValuesSetsZeroAndCarry() {
    m.cpu.x[1] = 5;
    m.cpu.x[2] = 5;
    Cpu c = run(A64.subsReg(X, 31, 1, 2, Shift.LSL, 0));
    assertThat(c.nzcv()).as("CMP x1, x2 with x1 == x2: Z=1, C=1 (no borrow)").isEqualTo(Z | C);
  }

  @Test
  void thirtyTwoBitResultsZeroTheUpperHalf() {
    m.cpu.x[1] = 0xffff_ffff_ffff_ffffL;
    Cpu c = run(A64.addImm(W, 0, 1, 1, false));
    assertThat(c.x[0]).as("W result zero-extends (B1.2.1)").isZero();
  }

  @Test
  void addImmediateWithRegister31UsesSp() {
    m.cpu.sp = 0x1000;
    Cpu c = run(A64.addImm(X, 31, 31, 16, false));
    assertThat(c.sp).as("ADD (immediate): Rd and Rn 31 are SP").isEqualTo(0x1010);
  }

  @Test
  void extendedRegisterSignExtendsAndShifts() {
    m.cpu.x[1] = 100;
    m.cpu.x[2] = 0xffff_ffffL; // -1 as a W register
    Cpu c = run(A64.addExt(X, 0, 1, 2, Extend.SXTW, 2));
    assertThat(c.x[0]).isEqualTo(96);
  }

  @Test
  void adcAddsTheCarry() {
    m.cpu.x[1] = -1;
    m.cpu.x[2] = 0;
    m.cpu.setNzcv(C);
    Cpu c = run(A64.adcs(X, 0, 1, 2));
    assertThat(c.x[0]).isZero();
    assertThat(c.nzcv()).isEqualTo(Z | C);
  }

  @Test
  void logicalImmediateBitmask() {
    m.cpu.x[1] = -1;
    Cpu c = run(A64.andImm(X, 0, 1, 0x00ff_00ff_00ff_00ffL));
    assertThat(c.x[0]).isEqualTo(0x00ff_00ff_00ff_00ffL);
  }

  @Test
  void reservedLogicalImmediateIsUndefined() {
    // N=0, imms=0b111111: all ones in every element size is reserved (DecodeBitMasks).
    Cpu c = run(A64.logicalImmRaw(X, 0, 0, 1, 0b0_000000_111111));
    assertThat(Esr.ec(c.sys.esrEl1)).isEqualTo(Esr.EC_UNKNOWN);
    assertThat(c.sys.elrEl1).isEqualTo(CODE);
  }

  @Test
  void andsClearsCarryAndOverflow() {
    m.cpu.x[1] = 0x8000_0000_0000_0000L;
    m.cpu.setNzcv(C | V);
    Cpu c = run(A64.andsReg(X, 0, 1, 1, Shift.LSL, 0));
    assertThat(c.nzcv()).isEqualTo(N);
  }

  @Test
  void moveWideForms() {
    Cpu c = run(A64.movz(X, 0, 0x1234, 16), A64.movk(X, 0, 0xabcd, 0), A64.movn(W, 1, 0, 0));
    assertThat(c.x[0]).isEqualTo(0x1234_abcdL);
    assertThat(c.x[1]).as("MOVN W: ~0 zero-extended").isEqualTo(0xffff_ffffL);
  }

  @Test
  void bitfieldExtractAndInsert() {
    m.cpu.x[1] = 0xf0f0;
    m.cpu.x[2] = 0xffff_ffff_ffff_ffffL;
    Cpu c = run(A64.ubfm(X, 0, 1, 4, 11), A64.sbfm(X, 3, 1, 4, 7), A64.bfm(X, 2, 31, 8, 15));
    assertThat(c.x[0]).as("UBFX #4, #8").isEqualTo(0x0f);
    assertThat(c.x[3]).as("SBFX #4, #4 of 0xf: sign-extended").isEqualTo(-1L);
    assertThat(c.x[2]).as("BFXIL x2, xzr, #8, #8 replaces bits [7:0] only").isEqualTo(0xffff_ffff_ffff_ff00L);
  }

  @Test
  void extrRotatesAPair() {
    m.cpu.x[1] = 0x1111_2222_3333_4444L;
    m.cpu.x[2] = 0x5555_6666_7777_8888L;
    Cpu c = run(A64.extr(X, 0, 1, 2, 16));
    assertThat(c.x[0]).isEqualTo(0x4444_5555_6666_7777L);
  }

  @Test
  void conditionalSelectFamily() {
    m.cpu.x[1] = 10;
    m.cpu.x[2] = 20;
    m.cpu.setNzcv(Z);
    Cpu c = run(A64.csel(X, 3, 1, 2, Cond.EQ), A64.csinc(X, 4, 1, 2, Cond.NE), A64.csinv(X, 5, 1, 2, Cond.NE), A64.csneg(X, 6, 1, 2, Cond.NE));
    assertThat(new long[] {c.x[3], c.x[4], c.x[5], c.x[6]}).containsExactly(10, 21, ~20L, -20);
  }

  @Test
  void conditionalCompareTakesImmediateFlagsWhenConditionFails() {
    m.cpu.x[1] = 1;
    m.cpu.setNzcv(0); // EQ fails
    Cpu c = run(A64.ccmpImm(X, 1, 1, 0b1010, Cond.EQ));
    assertThat(c.nzcv()).isEqualTo(N | C);
  }

  @Test
  void divisionByZeroAndOverflow() {
    m.cpu.x[1] = Long.MIN_VALUE;
    m.cpu.x[2] = -1;
    m.cpu.x[3] = 0;
    Cpu c = run(A64.sdiv(X, 0, 1, 2), A64.udiv(X, 4, 1, 3), A64.sdiv(W, 5, 1, 3));
    assertThat(c.x[0]).as("INT64_MIN / -1 = INT64_MIN").isEqualTo(Long.MIN_VALUE);
    assertThat(c.x[4]).as("x / 0 = 0").isZero();
    assertThat(c.x[5]).isZero();
  }

  @Test
  void multiplyHighAndLong() {
    m.cpu.x[1] = -1;
    m.cpu.x[2] = 2;
    m.cpu.x[3] = 7;
    Cpu c = run(A64.umulh(0, 1, 2), A64.smulh(4, 1, 2), A64.smaddl(5, 1, 2, 3), A64.umaddl(6, 1, 2, 3));
    assertThat(c.x[0]).isEqualTo(1);
    assertThat(c.x[4]).isEqualTo(-1);
    assertThat(c.x[5]).as("7 + (-1 * 2)").isEqualTo(5);
    assertThat(c.x[6]).as("7 + 0xffffffff * 2").isEqualTo(7 + 0xffff_ffffL * 2);
  }

  @Test
  void variableShiftsTakeTheAmountModuloTheWidth() {
    m.cpu.x[1] = 1;
    m.cpu.x[2] = 65;
    Cpu c = run(A64.lslv(X, 0, 1, 2), A64.lslv(W, 3, 1, 2));
    assertThat(c.x[0]).isEqualTo(2);
    assertThat(c.x[3]).as("W: 65 mod 32 = 1").isEqualTo(2);
  }

  @Test
  void bitOperations() {
    m.cpu.x[1] = 0x0000_0000_0000_00f0L;
    m.cpu.x[2] = 0x0102_0304_0506_0708L;
    Cpu c = run(A64.clz(X, 0, 1), A64.cls(X, 3, 31), A64.rbit(X, 4, 1), A64.rev(X, 5, 2), A64.rev16(X, 6, 2), A64.rev32(7, 2));
    assertThat(c.x[0]).isEqualTo(56);
    assertThat(c.x[3]).as("CLS(0) = 63").isEqualTo(63);
    assertThat(c.x[4]).isEqualTo(0x0f00_0000_0000_0000L);
    assertThat(c.x[5]).isEqualTo(0x0807_0605_0403_0201L);
    assertThat(c.x[6]).isEqualTo(0x0201_0403_0605_0807L);
    assertThat(c.x[7]).isEqualTo(0x0403_0201_0807_0605L);
  }

  @Test
  void crc32MatchesTheStandardChecksums() {
    // CRC-32 of "123456789" is 0xCBF43926 with the usual pre/post inversion.
    long crc = 0xffff_ffffL;
    byte[] text = "123456789".getBytes();
    for (byte b : text) {
      m = new TestMachine();
      m.cpu.x[1] = crc;
      m.cpu.x[2] = b & 0xff;
      crc = run(A64.crc32(false, 0, 0, 1, 2)).x[0];
    }
    assertThat(~crc & 0xffff_ffffL).isEqualTo(0xCBF43926L);
  }

  @Test
  void branchesAndLinks() {
    Cpu c = run(A64.bl(8));
    assertThat(c.pc).isEqualTo(CODE + 8);
    assertThat(c.x[30]).isEqualTo(CODE + 4);
    m = new TestMachine();
    m.cpu.x[5] = 1L << 40;
    c = run(A64.tbnz(5, 40, -4));
    assertThat(c.pc).isEqualTo(CODE - 4);
    m = new TestMachine();
    m.cpu.x[5] = 0xffff_ffff_0000_0000L;
    c = run(A64.cbz(W, 5, 12));
    assertThat(c.pc).as("CBZ W looks at the low 32 bits only").isEqualTo(CODE + 12);
  }

  @Test
  void blrReadsTheTargetBeforeWritingX30() {
    m.cpu.x[30] = DATA;
    Cpu c = run(A64.blr(30));
    assertThat(c.pc).isEqualTo(DATA);
    assertThat(c.x[30]).isEqualTo(CODE + 4);
  }

  @Test
  void loadsAndStoresInEveryAddressingForm() {
    m.cpu.x[1] = DATA;
    m.cpu.x[2] = 0x8877_6655_4433_2211L;
    m.cpu.x[6] = 2;
    Cpu c = run(
        A64Mem.unsignedOffset(MemOp.STR_X, 2, 1, 8),
        A64Mem.indexed(MemOp.LDRSB_X, Index.PRE, 3, 1, 15),
        A64Mem.indexed(MemOp.LDRH, Index.POST, 4, 1, 1),
        A64Mem.registerOffset(MemOp.LDR_W, 5, 1, 6, Extend.UXTX, true));
    assertThat(c.x[3]).as("LDRSB of 0x88 sign-extends").isEqualTo((long) (byte) 0x88);
    assertThat(c.x[4]).as("post-index loads from the old base").isEqualTo(0x0088L);
    assertThat(c.x[1]).isEqualTo(DATA + 16);
    assertThat(m.ram.getLong((int) (DATA + 8 - TestMachine.RAM_BASE))).isEqualTo(0x8877_6655_4433_2211L);
  }

  @Test
  void loadPairSignedWord() {
    m.ram.putInt((int) (DATA - TestMachine.RAM_BASE), -2);
    m.ram.putInt((int) (DATA - TestMachine.RAM_BASE) + 4, 3);
    m.cpu.x[1] = DATA;
    Cpu c = run(A64Mem.pair(PairOp.LDPSW, Index.OFFSET, 2, 3, 1, 0));
    assertThat(c.x[2]).isEqualTo(-2);
    assertThat(c.x[3]).isEqualTo(3);
  }

  @Test
  void storeExclusiveFailsWithoutAMonitorAndSucceedsWithOne() {
    m.cpu.x[1] = DATA;
    m.cpu.x[2] = 42;
    Cpu c = run(A64Mem.stxr(3, 4, 2, 1), A64Mem.ldxr(3, 5, 1), A64Mem.stxr(3, 6, 2, 1));
    assertThat(c.x[4]).as("STXR without LDXR fails (status 1)").isEqualTo(1);
    assertThat(c.x[6]).as("STXR after LDXR succeeds (status 0)").isZero();
    assertThat(m.ram.getLong((int) (DATA - TestMachine.RAM_BASE))).isEqualTo(42);
  }

  @Test
  void unalignedExclusiveIsAnAlignmentFault() {
    m.cpu.x[1] = DATA + 4;
    Cpu c = run(A64Mem.ldxr(3, 5, 1));
    assertThat(Esr.ec(c.sys.esrEl1)).isEqualTo(Esr.EC_DATA_ABORT_SAME);
    assertThat(c.sys.esrEl1 & 0x3f).as("DFSC alignment fault").isEqualTo(Esr.FSC_ALIGNMENT);
    assertThat(c.sys.farEl1).isEqualTo(DATA + 4);
  }

  @Test
  void svcTakesAnExceptionWithItsImmediate() {
    m.cpu.sys.vbarEl1 = TestMachine.RAM_BASE;
    Cpu c = run(A64.svc(0x42));
    assertThat(c.sys.esrEl1).isEqualTo(Esr.of(Esr.EC_SVC64, 0x42));
    assertThat(c.sys.elrEl1).as("SVC returns to the next instruction").isEqualTo(CODE + 4);
    assertThat(c.pc).as("current EL with SP_ELx: vector base + 0x200").isEqualTo(TestMachine.RAM_BASE + 0x200);
  }

  @Test
  void unknownEncodingIsUndefined() {
    Cpu c = run(0x0000_0000);
    assertThat(c.sys.esrEl1).isEqualTo(Esr.of(Esr.EC_UNKNOWN, 0));
  }

  @Test
  void lseInstructionsAreUndefinedOnTheBaseModelAndWorkOnTheLseModel() {
    int ldadd = 0xf8200000 | (2 << 16) | (1 << 5) | 3; // LDADD x2, x3, [x1]
    m.cpu.x[1] = DATA;
    m.cpu.x[2] = 5;
    Cpu c = run(ldadd);
    assertThat(Esr.ec(c.sys.esrEl1)).as("cortex-a57 has no FEAT_LSE").isEqualTo(Esr.EC_UNKNOWN);
    m = new TestMachine(CpuModel.CORTEX_A57_LSE);
    m.ram.putLong((int) (DATA - TestMachine.RAM_BASE), 10);
    m.cpu.x[1] = DATA;
    m.cpu.x[2] = 5;
    c = run(ldadd);
    assertThat(c.x[3]).as("LDADD returns the old value").isEqualTo(10);
    assertThat(m.ram.getLong((int) (DATA - TestMachine.RAM_BASE))).isEqualTo(15);
  }
}
