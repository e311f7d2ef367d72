package dev.qvm.cpu.fp;

import static dev.qvm.cpu.fp.Fp.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.qvm.cpu.CpuModel;
import dev.qvm.cpu.sysreg.SystemRegisters;
import org.junit.jupiter.api.Test;

/** Edge cases of the soft-float core: rounding modes, flags, FZ, DN, AHP, NaN rules. */
class FpArithTest {

  private final SystemRegisters sys = new SystemRegisters(CpuModel.byName("cortex-a57"));

  private void fpcr(int rmode, boolean fz, boolean dn) {
    sys.fpcr = ((long) rmode << 22) | (fz ? FPCR_FZ : 0) | (dn ? FPCR_DN : 0);
    sys.fpsr = 0;
  }

  private static long d(double x) {
    return Double.doubleToRawLongBits(x);
  }

  private static long f(float x) {
    return Float.floatToRawIntBits(x) & 0xffff_ffffL;
  }

  @Test
  void addRoundsInEveryMode() {
    long one = d(1.0);
    long tiny = d(Math.ulp(1.0) / 4); // 1 + ulp/4 is inexact
    fpcr(RN, false, false);
    assertThat(FpArith.add(one, tiny, false, D, sys)).isEqualTo(one);
    assertThat(sys.fpsr).isEqualTo(IXC);
    fpcr(RP, false, false);
    assertThat(FpArith.add(one, tiny, false, D, sys)).isEqualTo(d(Math.nextUp(1.0)));
    fpcr(RM, false, false);
    assertThat(FpArith.add(one, tiny, true, D, sys)).isEqualTo(d(Math.nextDown(1.0)));
    fpcr(RZ, false, false);
    assertThat(FpArith.add(one, tiny, true, D, sys)).isEqualTo(d(Math.nextDown(1.0)));
  }

  @Test
  void exactZeroSumIsNegativeOnlyInRoundTowardsMinusInfinity() {
    fpcr(RN, false, false);
    assertThat(FpArith.add(d(2.5), d(2.5), true, D, sys)).isEqualTo(d(0.0));
    fpcr(RM, false, false);
    assertThat(FpArith.add(d(2.5), d(2.5), true, D, sys)).isEqualTo(d(-0.0));
    assertThat(sys.fpsr).isZero();
  }

  @Test
  void overflowDependsOnRoundingMode() {
    long max = d(Double.MAX_VALUE);
    fpcr(RN, false, false);
    assertThat(FpArith.mul(max, d(2.0), D, sys)).isEqualTo(d(Double.POSITIVE_INFINITY));
    assertThat(sys.fpsr).isEqualTo(OFC | IXC);
    fpcr(RZ, false, false);
    assertThat(FpArith.mul(max, d(2.0), D, sys)).isEqualTo(max);
    fpcr(RP, false, false);
    assertThat(FpArith.mul(max, d(-2.0), D, sys)).isEqualTo(d(-Double.MAX_VALUE));
  }

  @Test
  void underflowIsDetectedBeforeRoundingAndFlushedUnderFz() {
    long minNormal = f(Float.MIN_NORMAL);
    fpcr(RN, false, false);
    long r = FpArith.mul(minNormal, f(0.75f), S, sys);
    assertThat(r).isEqualTo(f(Float.MIN_NORMAL * 0.75f));
    assertThat(sys.fpsr).isZero(); // exact subnormal: no underflow
    fpcr(RN, false, false);
    FpArith.mul(f(Float.MIN_VALUE), f(0.5f), S, sys);
    assertThat(sys.fpsr).isEqualTo(UFC | IXC);
    fpcr(RN, true, false);
    assertThat(FpArith.mul(minNormal, f(0.75f), S, sys)).isZero();
    assertThat(sys.fpsr).isEqualTo(UFC);
    fpcr(RN, true, false);
    assertThat(FpArith.add(f(Float.MIN_VALUE), f(1.0f), false, S, sys)).isEqualTo(f(1.0f));
    assertThat(sys.fpsr).isEqualTo(IDC);
  }

  @Test
  void nanPropagationQuietsAndHonoursDefaultNan() {
    long snan = 0x7FF0_0000_0000_0001L;
    long qnan = 0x7FF8_0000_0000_0002L;
    fpcr(RN, false, false);
    assertThat(FpArith.add(qnan, snan, false, D, sys)).isEqualTo(0x7FF8_0000_0000_0001L);
    assertThat(sys.fpsr).isEqualTo(IOC);
    fpcr(RN, false, true);
    assertThat(FpArith.add(qnan, d(1), false, D, sys)).isEqualTo(defaultNaN(D));
    assertThat(sys.fpsr).isZero();
    fpcr(RN, false, false);
    assertThat(FpArith.mul(d(Double.POSITIVE_INFINITY), d(0.0), D, sys)).isEqualTo(defaultNaN(D));
    assertThat(sys.fpsr).isEqualTo(IOC);
  }

  @Test
  void fusedMultiplyAddRoundsOnce() {
    double a = 1.0 + Math.ulp(1.0);
    fpcr(RN, false, false);
    long r = FpArith.mulAdd(d(-1.0), d(a), d(a), false, false, D, sys);
    assertThat(r).isEqualTo(d(Math.fma(a, a, -1.0)));
    fpcr(RN, false, false);
    assertThat(FpArith.mulAdd(0x7FF8_0000_0000_0000L, d(0.0), d(Double.POSITIVE_INFINITY), false,
        false, D, sys)).isEqualTo(defaultNaN(D));
    assertThat(sys.fpsr).isEqualTo(IOC);
  }

  @Test
  void divisionAndSquareRootAreCorrectlyRounded() {
    fpcr(RN, false, false);
    assertThat(FpArith.div(d(1.0), d(3.0), D, sys)).isEqualTo(d(1.0 / 3.0));
    assertThat(sys.fpsr).isEqualTo(IXC);
    fpcr(RN, false, false);
    assertThat(FpArith.div(d(1.0), d(0.0), D, sys)).isEqualTo(d(Double.POSITIVE_INFINITY));
    assertThat(sys.fpsr).isEqualTo(DZC);
    fpcr(RN, false, false);
    assertThat(FpArith.sqrt(d(2.0), D, sys)).isEqualTo(d(Math.sqrt(2.0)));
    fpcr(RM, false, false); // Math.sqrt(2) lies above the true root
    assertThat(FpArith.sqrt(d(2.0), D, sys)).isEqualTo(d(Math.nextDown(Math.sqrt(2.0))));
    fpcr(RP, false, false);
    assertThat(FpArith.sqrt(d(2.0), D, sys)).isEqualTo(d(Math.sqrt(2.0)));
    fpcr(RN, false, false);
    assertThat(FpArith.sqrt(d(Double.MIN_VALUE), D, sys)).isEqualTo(d(Math.sqrt(Double.MIN_VALUE)));
    fpcr(RN, false, false);
    assertThat(FpArith.sqrt(d(-1.0), D, sys)).isEqualTo(defaultNaN(D));
    assertThat(sys.fpsr).isEqualTo(IOC);
  }

  @Test
  void conversionsToIntegerSaturateAndRound() {
    fpcr(RN, false, false);
    assertThat(FpConvert.toFixed(d(2.5), D, 0, false, 32, RN, sys)).isEqualTo(2);
    assertThat(FpConvert.toFixed(d(2.5), D, 0, false, 32, RA, sys)).isEqualTo(3);
    assertThat(FpConvert.toFixed(d(-2.5), D, 0, false, 32, RM, sys)).isEqualTo(-3);
    assertThat(sys.fpsr).isEqualTo(IXC);
    fpcr(RN, false, false);
    assertThat(FpConvert.toFixed(d(3e10), D, 0, false, 32, RZ, sys)).isEqualTo(Integer.MAX_VALUE);
    assertThat(sys.fpsr).isEqualTo(IOC);
    fpcr(RN, false, false);
    assertThat(FpConvert.toFixed(d(1.8446744073709552E19), D, 0, true, 64, RZ, sys)).isEqualTo(-1L);
    assertThat(FpConvert.toFixed(d(9.223372036854775807E18), D, 0, true, 64, RZ, sys))
        .isEqualTo(Long.MIN_VALUE);
    assertThat(FpConvert.toFixed(d(-9.223372036854775808E18), D, 0, false, 64, RZ, sys))
        .isEqualTo(Long.MIN_VALUE);
    fpcr(RN, false, false);
    assertThat(FpConvert.toFixed(0x7FF8_0000_0000_0000L, D, 0, false, 64, RZ, sys)).isZero();
    assertThat(sys.fpsr).isEqualTo(IOC);
    fpcr(RN, false, false);
    assertThat(FpConvert.fromFixed(-1L, true, 0, S, RN, sys)).isEqualTo(f(1.8446744e19f));
  }

  @Test
  void halfPrecisionConversionsHonourAhp() {
    fpcr(RN, false, false);
    assertThat(FpConvert.convert(f(65520f), S, H, RN, sys)).isEqualTo(0x7C00L); // overflows
    sys.fpcr |= FPCR_AHP;
    sys.fpsr = 0;
    assertThat(FpConvert.convert(f(Float.POSITIVE_INFINITY), S, H, RN, sys)).isEqualTo(0x7FFFL);
    assertThat(sys.fpsr).isEqualTo(IOC);
    assertThat(FpConvert.convert(0x7C00L, H, S, RN, sys)).isEqualTo(f(65536f)); // AHP: no inf
  }

  @Test
  void roundToIntegralAndEstimates() {
    fpcr(RN, false, false);
    assertThat(FpConvert.roundInt(d(-0.4), D, RN, true, sys)).isEqualTo(d(-0.0));
    assertThat(sys.fpsr).isEqualTo(IXC);
    assertThat(FpConvert.roundInt(d(2.5), D, RA, false, sys)).isEqualTo(d(3.0));
    fpcr(RN, false, false);
    assertThat(FpEstimate.recip(f(2.0f), S, sys)).isEqualTo(f(0.4990234375f));
    assertThat(FpEstimate.rsqrt(f(4.0f), S, sys)).isEqualTo(f(0.4990234375f));
    assertThat(FpEstimate.recpX(f(2.0f), S, sys)).isEqualTo(f(1.0f)); // exponent inverted
  }
}
