package dev.qvm.cpu.fp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.qvm.cpu.exec.Cpu;
import dev.qvm.cpu.testing.TestMachine;
import org.junit.jupiter.api.Test;

/**
 * Instruction-level checks of the FP/SIMD groups on the interpreter: the CPACR_EL1.FPEN trap
 * and its priority below UNDEFINED, and representative edge cases of several groups.
 */
class SimdInstructionsTest {

  private static final long CODE = TestMachine.RAM_BASE + 0x1000;

  private final TestMachine machine = new TestMachine();
  private final Cpu cpu = machine.cpu;

  /** Where the next snippet goes: each on a fresh page, so no decoded page is stale. */
  private long next = CODE;

  private long lastPc;

  private void run(boolean fpEnabled, int... words) {
    cpu.sys.cpacrEl1 = fpEnabled ? 3L << 20 : 0;
    lastPc = next;
    machine.load(next, words);
    next += 0x1000;
    cpu.step(words.length);
  }

  private void setV(int reg, long lo, long hi) {
    cpu.v[2 * reg] = lo;
    cpu.v[2 * reg + 1] = hi;
  }

  @Test
  void fpAccessTrapsWithEc7WhenFpenIsZero() {
    run(false, 0x4E228420); // ADD V0.16B, V1.16B, V2.16B
    assertThat(cpu.sys.esrEl1 >>> 26).isEqualTo(0x07);
    assertThat(cpu.sys.elrEl1).isEqualTo(lastPc);
  }

  @Test
  void unallocatedEncodingIsUndefinedBeforeTheTrap() {
    setV(0, 0x1234, 0x5678);
    run(false, 0x1E20F800); // FP data-processing (2 source), opcode 1111: unallocated
    assertThat(cpu.sys.esrEl1 >>> 26).isZero();
    assertThat(cpu.v[0]).isEqualTo(0x1234);
  }

  @Test
  void vectorAddWrapsPerByte() {
    setV(1, 0xFF01_0203_0405_0607L, 0x8080_8080_8080_8080L);
    setV(2, 0x0101_0101_0101_0101L, 0x8080_8080_8080_8080L);
    run(true, 0x4E228420);
    assertThat(cpu.v[0]).isEqualTo(0x0002_0304_0506_0708L);
    assertThat(cpu.v[1]).isZero();
  }

  @Test
  void saturatingAddSetsQc() {
    setV(1, 0x7F, 0);
    setV(2, 0x01, 0);
    cpu.sys.fpsr = 0;
    run(true, 0x4E220C20); // SQADD V0.16B, V1.16B, V2.16B
    assertThat(cpu.v[0] & 0xFF).isEqualTo(0x7F);
    assertThat(cpu.sys.fpsr).isEqualTo(1L << 27);
  }

  @Test
  void acrossLanesMaximumAndTableLookup() {
    setV(1, 0x0011_2233_4455_6677L, 0x8899_AABB_CCDD_EEF0L);
    run(true, 0x6E30A820); // UMAXV B0, V1.16B
    assertThat(cpu.v[0]).isEqualTo(0xF0);
    assertThat(cpu.v[1]).isZero();
    setV(2, 0x0F00_0110_FF08_0706L, 0);
    run(true, 0x4E020020); // TBL V0.16B, {V1.16B}, V2.16B
    // Indices 6, 7, 8, 0xFF, 0x10, 1, 0, 15 then 0 x 8; out-of-range bytes give 0.
    assertThat(cpu.v[0]).isEqualTo(0x8877_6600_00F0_0011L);
    assertThat(cpu.v[1]).isEqualTo(0x7777_7777_7777_7777L);
  }

  @Test
  void scalarAddHonoursRoundingMode() {
    setV(1, Float.floatToRawIntBits(1.0f), 0);
    setV(2, Float.floatToRawIntBits(Math.ulp(1.0f) / 4), 0);
    cpu.sys.fpcr = 1L << 22; // RP
    cpu.sys.fpsr = 0;
    run(true, 0x1E222820); // FADD S0, S1, S2
    assertThat(cpu.v[0]).isEqualTo(Float.floatToRawIntBits(Math.nextUp(1.0f)));
    assertThat(cpu.sys.fpsr).isEqualTo(Fp.IXC);
  }
}
