package dev.qvm.cpu.fp;

import static dev.qvm.cpu.asm.A64Simd.add;
import static dev.qvm.cpu.asm.A64Simd.fccmp;
import static dev.qvm.cpu.asm.A64Simd.fcmp;
import static dev.qvm.cpu.asm.A64Simd.fcvtzsFixed;
import static dev.qvm.cpu.asm.A64Simd.fcvtzuFixed;
import static dev.qvm.cpu.asm.A64Simd.scvtfFixed;
import static dev.qvm.cpu.asm.A64Simd.ucvtfFixed;
import static org.assertj.core.api.Assertions.assertThat;

import dev.qvm.cpu.testing.TestMachine;
import org.junit.jupiter.api.Test;

/**
 * FCMP/FCMPE/FCCMP flags (ARM ARM C7.2.64-C7.2.67 and the FPCompare pseudocode: equal 0110,
 * less 1000, greater 0010, unordered 0011), conversions to and from fixed point (C7.2 FCVTZS,
 * FCVTZU, SCVTF, UCVTF with #fbits), and CPACR_EL1.FPEN = 0b01 (D17.2.30: traps EL0 only).
 */
class FpCompareConvertTrapTest {

  private static final int EQ = 0;
  private static final int NE = 1;

  private final FpMachine m = new FpMachine();

  private int nzcv() {
    return m.cpu.nzcv() >>> 28;
  }

  private void setD(int reg, double value) {
    m.setV(reg, Double.doubleToRawLongBits(value), 0);
  }

  private void setS(int reg, float value) {
    m.setV(reg, Float.floatToRawIntBits(value) & 0xFFFF_FFFFL, 0);
  }

  @Test
  void signedZerosCompareEqual() {
    setS(1, 0.0f);
    setS(2, -0.0f);
    m.run(fcmp(0, 1, 2, false, false)); // FCMP S1, S2
    assertThat(nzcv()).as("+0 == -0: Z and C").isEqualTo(0b0110);
    setD(1, -0.0);
    m.run(fcmp(1, 1, 0, true, false)); // FCMP D1, #0.0
    assertThat(nzcv()).isEqualTo(0b0110);
    setD(1, -1.0);
    setD(2, 1.0);
    m.run(fcmp(1, 1, 2, false, false));
    assertThat(nzcv()).as("less: N").isEqualTo(0b1000);
    m.run(fcmp(1, 2, 1, false, false));
    assertThat(nzcv()).as("greater: C").isEqualTo(0b0010);
  }

  /** A quiet NaN is unordered (C and V); only FCMPE or a signalling NaN raise Invalid Operation. */
  @Test
  void nanIsUnorderedAndOnlySignallingCasesSetIoc() {
    m.setV(1, 0x7FF8_0000_0000_0000L, 0); // quiet NaN
    setD(2, 1.0);
    m.cpu.sys.fpsr = 0;
    m.run(fcmp(1, 1, 2, false, false)); // FCMP D1, D2
    assertThat(nzcv()).isEqualTo(0b0011);
    assertThat(m.cpu.sys.fpsr).as("FCMP of a quiet NaN: no IOC").isZero();
    m.run(fcmp(1, 1, 2, false, true)); // FCMPE D1, D2
    assertThat(m.cpu.sys.fpsr).as("FCMPE of a quiet NaN: IOC").isEqualTo(Fp.IOC);
    m.cpu.sys.fpsr = 0;
    m.setV(2, 0x7FF0_0000_0000_0001L, 0); // signalling NaN
    setD(1, 1.0);
    m.run(fcmp(1, 1, 2, false, false));
    assertThat(nzcv()).isEqualTo(0b0011);
    assertThat(m.cpu.sys.fpsr).as("FCMP of a signalling NaN: IOC").isEqualTo(Fp.IOC);
  }

  @Test
  void fccmpComparesOnlyWhenTheConditionHolds() {
    setS(1, Float.NaN);
    setS(2, 1.0f);
    m.cpu.setNzcv(0b0100 << 28); // Z: EQ holds
    m.run(fccmp(0, 1, 2, EQ, 0b0101, false)); // FCCMP S1, S2, #5, EQ
    assertThat(nzcv()).as("condition true: compare, unordered").isEqualTo(0b0011);
    m.cpu.setNzcv(0b0100 << 28); // NE fails
    m.cpu.sys.fpsr = 0;
    m.run(fccmp(1, 1, 2, NE, 0b1010, true)); // FCCMPE D1, D2, #0xA, NE
    assertThat(nzcv()).as("condition false: the immediate").isEqualTo(0b1010);
    assertThat(m.cpu.sys.fpsr).as("no comparison, no exception").isZero();
  }

  @Test
  void fixedPointConversionsScaleTruncateAndSaturate() {
    setD(1, 1.75);
    m.run(fcvtzsFixed(0, 1, 8, 0, 1)); // FCVTZS W0, D1, #8: 1.75 * 256
    assertThat(m.cpu.x[0]).isEqualTo(448);
    setD(1, -1.0 / 512);
    m.cpu.sys.fpsr = 0;
    m.run(fcvtzsFixed(0, 1, 8, 0, 1)); // -0.5 rounds towards zero
    assertThat(m.cpu.x[0]).isZero();
    assertThat(m.cpu.sys.fpsr).isEqualTo(Fp.IXC);
    setD(1, 1 << 23);
    m.cpu.sys.fpsr = 0;
    m.run(fcvtzsFixed(0, 1, 8, 0, 1)); // 2^31 does not fit in W: saturates
    assertThat(m.cpu.x[0]).isEqualTo(0x7FFF_FFFFL);
    assertThat(m.cpu.sys.fpsr).isEqualTo(Fp.IOC);
    setS(1, -1.0f);
    m.cpu.sys.fpsr = 0;
    m.run(fcvtzuFixed(1, 0, 16, 0, 1)); // FCVTZU X0, S1, #16: negative -> 0
    assertThat(m.cpu.x[0]).isZero();
    assertThat(m.cpu.sys.fpsr).isEqualTo(Fp.IOC);
    setD(1, 0.25);
    m.run(fcvtzsFixed(1, 1, 64, 0, 1)); // FCVTZS X0, D1, #64: 0.25 * 2^64
    assertThat(m.cpu.x[0]).isEqualTo(1L << 62);
  }

  @Test
  void fixedPointToFloatingPoint() {
    m.cpu.setX(1, 0xFFFF_FF00L); // W1 = -256
    m.run(scvtfFixed(0, 1, 8, 0, 1)); // SCVTF D0, W1, #8
    assertThat(Double.longBitsToDouble(m.lo(0))).isEqualTo(-1.0);
    m.cpu.setX(1, 0x1_8000L);
    m.run(ucvtfFixed(1, 0, 16, 0, 1)); // UCVTF S0, X1, #16
    assertThat(m.lo(0)).isEqualTo(Float.floatToRawIntBits(1.5f));
    m.cpu.setX(1, -1L);
    m.cpu.sys.fpsr = 0;
    m.run(ucvtfFixed(1, 0, 16, 0, 1)); // (2^64 - 1) / 2^16 rounds up to 2^48 in single
    assertThat(m.lo(0)).isEqualTo(Float.floatToRawIntBits(0x1p48f));
    assertThat(m.cpu.sys.fpsr).isEqualTo(Fp.IXC);
  }

  /** CPACR_EL1.FPEN = 0b01: an FP/SIMD instruction at EL0 takes EC 0x07 to EL1; at EL1 it runs. */
  @Test
  void fpenZeroOneTrapsEl0ButNotEl1() {
    long vbar = TestMachine.RAM_BASE + 0x8_0000;
    m.cpu.sys.vbarEl1 = vbar;
    m.setV(1, 1, 0);
    m.setV(2, 2, 0);
    m.setV(0, 0x77, 0);
    m.cpu.el = 0;
    m.cpu.spsel = 0;
    long pc = m.runWithFpen(1, add(1, 2, 0, 1, 2)); // ADD V0.4S, V1.4S, V2.4S at EL0
    assertThat(m.cpu.sys.esrEl1 >>> 26).as("ESR_EL1.EC").isEqualTo(0x07);
    assertThat(m.cpu.sys.elrEl1).as("ELR_EL1: the trapped instruction").isEqualTo(pc);
    assertThat(m.cpu.pc).as("lower EL, AArch64, synchronous").isEqualTo(vbar + 0x400);
    assertThat(m.cpu.el).isEqualTo(1);
    assertThat(m.lo(0)).as("the trapped instruction has no effect").isEqualTo(0x77);
    m.cpu.sys.esrEl1 = 0;
    m.runWithFpen(1, add(1, 2, 0, 1, 2)); // the same at EL1
    assertThat(m.lo(0)).isEqualTo(3);
    assertThat(m.cpu.sys.esrEl1).isZero();
  }
}
