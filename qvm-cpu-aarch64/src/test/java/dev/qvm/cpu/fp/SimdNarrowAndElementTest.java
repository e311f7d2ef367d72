package dev.qvm.cpu.fp;

import static dev.qvm.cpu.asm.A64Simd.fmlaElement;
import static dev.qvm.cpu.asm.A64Simd.fmulElement;
import static dev.qvm.cpu.asm.A64Simd.mulElement;
import static dev.qvm.cpu.asm.A64Simd.rshrn;
import static dev.qvm.cpu.asm.A64Simd.sqdmulhElement;
import static dev.qvm.cpu.asm.A64Simd.sqrshrn;
import static dev.qvm.cpu.asm.A64Simd.sqshrun;
import static dev.qvm.cpu.asm.A64Simd.uqshrn;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * Shift-right narrows (ARM ARM C7.2 SQRSHRN, UQSHRN, SQSHRUN, RSHRN) and the by-element
 * multiplies (MUL, SQDMULH, FMUL, FMLA by element). Saturation sets FPSR.QC, which is sticky
 * and never cleared by an instruction (C5.2.8); the non-saturating narrows truncate and leave QC
 * alone.
 */
class SimdNarrowAndElementTest {

  private final FpMachine m = new FpMachine();

  @Test
  void sqrshrnRoundsThenSaturatesAndSetsQc() {
    // Halfwords 1020, 1019, -1024, -1029, 12, 11, -12, 0; (x + 4) >> 3 is 128 (saturates to
    // 127), 127, -128, -129 (saturates to -128), 2, 1, -1, 0.
    m.setV(1, 0xFBFB_FC00_03FB_03FCL, 0x0000_FFF4_000B_000CL);
    m.setV(0, -1, -1);
    m.cpu.sys.fpsr = 0;
    m.run(sqrshrn(0, 0, 3, 0, 1)); // SQRSHRN V0.8B, V1.8H, #3
    assertThat(m.bytesOf(0)).isEqualTo("7f7f808002 01ff00".replace(" ", "") + "0000000000000000");
    assertThat(m.cpu.sys.fpsr).as("FPSR.QC after a saturating lane").isEqualTo(FpMachine.QC);
  }

  @Test
  void sqrshrn2WritesTheUpperHalfAndQcStaysClearWithoutSaturation() {
    m.setV(1, 0x0008_0007_FFF8_0000L, 0x03F8_FC00_0004_0003L); // 0, -8, 7, 8, 3, 4, -1024, 1016
    m.setV(0, 0x1122_3344_5566_7788L, -1);
    m.cpu.sys.fpsr = 0;
    m.run(sqrshrn(1, 0, 3, 0, 1)); // SQRSHRN2 V0.16B, V1.8H, #3
    assertThat(m.lo(0)).as("the lower half is kept").isEqualTo(0x1122_3344_5566_7788L);
    // (x + 4) >> 3: 0, -1, 1, 1, 0, 1, -128, 127.
    assertThat(m.hi(0)).isEqualTo(0x7F80_0100_0101_FF00L);
    assertThat(m.cpu.sys.fpsr).isZero();
  }

  @Test
  void uqshrnSaturatesToTheUnsignedMaximum() {
    m.setWords(1, 0x1234_5678, 0x000F_FFF0, 0x0000_0010, 0);
    m.cpu.sys.fpsr = 0;
    m.run(uqshrn(0, 1, 4, 0, 1)); // UQSHRN V0.4H, V1.4S, #4
    assertThat(m.lo(0)).isEqualTo(0x0000_0001_FFFF_FFFFL);
    assertThat(m.hi(0)).isZero();
    assertThat(m.cpu.sys.fpsr).isEqualTo(FpMachine.QC);
  }

  @Test
  void sqshrunClampsNegativeInputsToZero() {
    m.setV(1, -2L, 1L << 32);
    m.cpu.sys.fpsr = 0;
    m.run(sqshrun(0, 2, 1, 0, 1)); // SQSHRUN V0.2S, V1.2D, #1: -1 -> 0 (QC), 2^31 fits
    assertThat(m.lo(0)).isEqualTo(0x8000_0000_0000_0000L);
    assertThat(m.cpu.sys.fpsr).isEqualTo(FpMachine.QC);
  }

  @Test
  void rshrnTruncatesWithoutTouchingQc() {
    m.setV(1, 0x0000_0000_0017_0FF8L, 0);
    m.cpu.sys.fpsr = 0;
    m.run(rshrn(0, 0, 4, 0, 1)); // RSHRN V0.8B, V1.8H, #4: 0x100 keeps its low byte
    assertThat(m.lo(0)).isEqualTo(0x0100L);
    assertThat(m.cpu.sys.fpsr).isZero();
  }

  @Test
  void mulByElementUsesOneLaneOfTheSecondSource() {
    m.setWords(1, 1, 2, -3, 0x1_0000);
    m.setWords(2, 7, 7, 7, 0x1_0001);
    m.run(mulElement(1, 2, 0, 1, 2, 3)); // MUL V0.4S, V1.4S, V2.S[3]: products modulo 2^32
    assertThat(new int[] {m.word(0, 0), m.word(0, 1), m.word(0, 2), m.word(0, 3)})
        .containsExactly(0x1_0001, 0x2_0002, 0xFFFC_FFFD, 0x1_0000);
    m.setV(1, 0x0004_0003_0002_0001L, 0x0008_0007_0006_0005L);
    m.setV(15, 0, 0x0003_0000_0000_0000L);
    m.run(mulElement(1, 1, 0, 1, 15, 7)); // MUL V0.8H, V1.8H, V15.H[7]
    assertThat(m.lo(0)).isEqualTo(0x000C_0009_0006_0003L);
    assertThat(m.hi(0)).isEqualTo(0x0018_0015_0012_000FL);
  }

  @Test
  void sqdmulhByElementSaturatesOnlyMinusOneTimesMinusOne() {
    m.setWords(1, 0, 1, 0x4000_0000, 0x8000_0000);
    m.setWords(2, 0, 0x8000_0000, 0, 0);
    m.cpu.sys.fpsr = 0;
    m.run(sqdmulhElement(1, 2, 0, 1, 2, 1)); // SQDMULH V0.4S, V1.4S, V2.S[1]
    // High half of 2 * a * -2^31: 0, -1, -2^30, and 2^63 saturates to 0x7FFFFFFF.
    assertThat(new int[] {m.word(0, 0), m.word(0, 1), m.word(0, 2), m.word(0, 3)})
        .containsExactly(0, 0xFFFF_FFFF, 0xC000_0000, 0x7FFF_FFFF);
    assertThat(m.cpu.sys.fpsr).isEqualTo(FpMachine.QC);
  }

  @Test
  void fpMultiplyByElement() {
    m.setV(1, Double.doubleToRawLongBits(1.5), Double.doubleToRawLongBits(-0.0));
    m.setV(2, 0, Double.doubleToRawLongBits(2.0));
    m.run(fmulElement(1, 1, 0, 1, 2, 1)); // FMUL V0.2D, V1.2D, V2.D[1]
    assertThat(m.lo(0)).isEqualTo(Double.doubleToRawLongBits(3.0));
    assertThat(m.hi(0)).as("-0 * 2 = -0").isEqualTo(Double.doubleToRawLongBits(-0.0));
    int one = Float.floatToRawIntBits(1f);
    m.setWords(0, one, one, one, one);
    m.setWords(1, one, Float.floatToRawIntBits(2f), Float.floatToRawIntBits(3f),
        Float.floatToRawIntBits(4f));
    m.setWords(17, 0, 0, Float.floatToRawIntBits(0.5f), 0);
    m.run(fmlaElement(1, 0, 0, 1, 17, 2)); // FMLA V0.4S, V1.4S, V17.S[2]
    assertThat(new float[] {Float.intBitsToFloat(m.word(0, 0)), Float.intBitsToFloat(m.word(0, 1)),
        Float.intBitsToFloat(m.word(0, 2)), Float.intBitsToFloat(m.word(0, 3))})
        .containsExactly(1.5f, 2f, 2.5f, 3f);
  }
}
