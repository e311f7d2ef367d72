package dev.qvm.cpu.asm;

import static dev.qvm.cpu.asm.A64Simd.*;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * The SIMD encoder against the words GNU as 2.40 ({@code -march=armv8-a+crypto}) produced for
 * the same instructions, so that a test built on a wrong encoding cannot pass by accident.
 */
class A64SimdEncoderTest {

  private static void check(int word, int expected, String asm) {
    assertThat(Integer.toHexString(word)).as(asm).isEqualTo(Integer.toHexString(expected));
  }

  @Test
  void permuteExtAndTable() {
    check(permute(Permute.ZIP1, 1, 0, 0, 1, 2), 0x4e023820, "zip1 v0.16b, v1.16b, v2.16b");
    check(permute(Permute.ZIP2, 1, 2, 0, 1, 2), 0x4e827820, "zip2 v0.4s, v1.4s, v2.4s");
    check(permute(Permute.UZP1, 1, 1, 0, 1, 2), 0x4e421820, "uzp1 v0.8h, v1.8h, v2.8h");
    check(permute(Permute.UZP2, 0, 0, 0, 1, 2), 0x0e025820, "uzp2 v0.8b, v1.8b, v2.8b");
    check(permute(Permute.TRN1, 1, 0, 0, 1, 2), 0x4e022820, "trn1 v0.16b, v1.16b, v2.16b");
    check(permute(Permute.TRN2, 1, 3, 0, 1, 2), 0x4ec26820, "trn2 v0.2d, v1.2d, v2.2d");
    check(ext(1, 0, 1, 2, 3), 0x6e021820, "ext v0.16b, v1.16b, v2.16b, #3");
    check(ext(0, 0, 1, 2, 7), 0x2e023820, "ext v0.8b, v1.8b, v2.8b, #7");
    check(table(false, 1, 0, 1, 2, 3), 0x4e032020, "tbl v0.16b, {v1.16b, v2.16b}, v3.16b");
    check(table(true, 0, 0, 1, 1, 3), 0x0e031020, "tbx v0.8b, {v1.16b}, v3.8b");
    check(table(true, 1, 0, 30, 3, 3), 0x4e0353c0, "tbx v0.16b, {v30-v0}, v3.16b");
  }

  @Test
  void narrowsAndByElement() {
    check(sqrshrn(0, 0, 3, 0, 1), 0x0f0d9c20, "sqrshrn v0.8b, v1.8h, #3");
    check(sqrshrn(1, 0, 3, 0, 1), 0x4f0d9c20, "sqrshrn2 v0.16b, v1.8h, #3");
    check(uqshrn(0, 1, 16, 0, 1), 0x2f109420, "uqshrn v0.4h, v1.4s, #16");
    check(sqshrun(0, 2, 1, 0, 1), 0x2f3f8420, "sqshrun v0.2s, v1.2d, #1");
    check(rshrn(0, 0, 4, 0, 1), 0x0f0c8c20, "rshrn v0.8b, v1.8h, #4");
    check(mulElement(1, 2, 0, 1, 2, 3), 0x4fa28820, "mul v0.4s, v1.4s, v2.s[3]");
    check(mulElement(1, 1, 0, 1, 15, 7), 0x4f7f8820, "mul v0.8h, v1.8h, v15.h[7]");
    check(sqdmulhElement(1, 2, 0, 1, 2, 1), 0x4fa2c020, "sqdmulh v0.4s, v1.4s, v2.s[1]");
    check(fmulElement(1, 1, 0, 1, 2, 1), 0x4fc29820, "fmul v0.2d, v1.2d, v2.d[1]");
    check(fmlaElement(1, 0, 0, 1, 17, 2), 0x4f911820, "fmla v0.4s, v1.4s, v17.s[2]");
  }

  @Test
  void structureLoadsAndStores() {
    check(structures(true, 1, 1, 0, 0, 1, NO_POST), 0x4c407020, "ld1 {v0.16b}, [x1]");
    check(structures(true, 2, 1, 1, 0, 1, POST_IMM), 0x4cdf8420, "ld2 {v0.8h, v1.8h}, [x1], #32");
    check(structures(true, 3, 1, 2, 2, 1, 2), 0x4cc24822, "ld3 {v2.4s-v4.4s}, [x1], x2");
    check(structures(true, 4, 0, 0, 4, 1, NO_POST), 0x0c400024, "ld4 {v4.8b-v7.8b}, [x1]");
    check(multiple(false, 1, 0xA, 3, 0, 1, POST_IMM), 0x4c9fac20, "st1 {v0.2d, v1.2d}, [x1], #32");
    check(structures(false, 2, 1, 2, 0, 1, NO_POST), 0x4c008820, "st2 {v0.4s, v1.4s}, [x1]");
    check(structures(false, 3, 1, 0, 0, 1, 2), 0x4c824020, "st3 {v0.16b-v2.16b}, [x1], x2");
    check(structures(false, 4, 0, 1, 0, 1, POST_IMM), 0x0c9f0420, "st4 {v0.4h-v3.4h}, [x1], #32");
    check(singleLane(true, 1, 2, 3, 0, 1, NO_POST), 0x4d409020, "ld1 {v0.s}[3], [x1]");
    check(singleLane(true, 2, 1, 5, 0, 1, POST_IMM), 0x4dff4820, "ld2 {v0.h, v1.h}[5], [x1], #4");
    check(singleLane(false, 1, 3, 1, 0, 1, 2), 0x4d828420, "st1 {v0.d}[1], [x1], x2");
    check(singleLane(false, 4, 0, 15, 0, 1, NO_POST), 0x4d203c20, "st4 {v0.b-v3.b}[15], [x1]");
    check(replicate(1, 1, 2, 0, 1, NO_POST), 0x4d40c820, "ld1r {v0.4s}, [x1]");
    check(replicate(2, 0, 0, 0, 1, POST_IMM), 0x0dffc020, "ld2r {v0.8b, v1.8b}, [x1], #2");
    check(replicate(3, 1, 3, 0, 1, 2), 0x4dc2ec20, "ld3r {v0.2d-v2.2d}, [x1], x2");
    check(replicate(4, 1, 1, 0, 1, POST_IMM), 0x4dffe420, "ld4r {v0.8h-v3.8h}, [x1], #8");
  }

  @Test
  void cryptoAndScalarFp() {
    check(aese(0, 1), 0x4e284820, "aese v0.16b, v1.16b");
    check(aesd(0, 1), 0x4e285820, "aesd v0.16b, v1.16b");
    check(aesmc(0, 0), 0x4e286800, "aesmc v0.16b, v0.16b");
    check(aesimc(0, 0), 0x4e287800, "aesimc v0.16b, v0.16b");
    check(sha3(0, 0, 1, 2), 0x5e020020, "sha1c q0, s1, v2.4s");
    check(sha3(1, 0, 1, 2), 0x5e021020, "sha1p q0, s1, v2.4s");
    check(sha3(2, 0, 1, 2), 0x5e022020, "sha1m q0, s1, v2.4s");
    check(sha3(3, 0, 1, 2), 0x5e023020, "sha1su0 v0.4s, v1.4s, v2.4s");
    check(sha2(1, 0, 1), 0x5e281820, "sha1su1 v0.4s, v1.4s");
    check(sha2(0, 0, 1), 0x5e280820, "sha1h s0, s1");
    check(sha3(4, 0, 1, 2), 0x5e024020, "sha256h q0, q1, v2.4s");
    check(sha3(5, 0, 1, 2), 0x5e025020, "sha256h2 q0, q1, v2.4s");
    check(sha2(2, 0, 1), 0x5e282820, "sha256su0 v0.4s, v1.4s");
    check(sha3(6, 0, 1, 2), 0x5e026020, "sha256su1 v0.4s, v1.4s, v2.4s");
    check(pmull(0, 3, 0, 1, 2), 0x0ee2e020, "pmull v0.1q, v1.1d, v2.1d");
    check(pmull(1, 3, 0, 1, 2), 0x4ee2e020, "pmull2 v0.1q, v1.2d, v2.2d");
    check(pmull(0, 0, 0, 1, 2), 0x0e22e020, "pmull v0.8h, v1.8b, v2.8b");
    check(fcmp(0, 1, 2, false, false), 0x1e222020, "fcmp s1, s2");
    check(fcmp(1, 1, 2, false, true), 0x1e622030, "fcmpe d1, d2");
    check(fcmp(1, 1, 0, true, false), 0x1e602028, "fcmp d1, #0.0");
    check(fccmp(0, 1, 2, 0x0, 0x5, false), 0x1e220425, "fccmp s1, s2, #0x5, eq");
    check(fccmp(1, 1, 2, 0x1, 0xA, true), 0x1e62143a, "fccmpe d1, d2, #0xa, ne");
    check(fcvtzsFixed(0, 1, 8, 0, 1), 0x1e58e020, "fcvtzs w0, d1, #8");
    check(fcvtzuFixed(1, 0, 16, 0, 1), 0x9e19c020, "fcvtzu x0, s1, #16");
    check(scvtfFixed(0, 1, 8, 0, 1), 0x1e42e020, "scvtf d0, w1, #8");
    check(ucvtfFixed(1, 0, 16, 0, 1), 0x9e03c020, "ucvtf s0, x1, #16");
    check(fcvtzsFixed(1, 1, 64, 0, 1), 0x9e580020, "fcvtzs x0, d1, #64");
    check(eor(1, 0, 1, 2), 0x6e221c20, "eor v0.16b, v1.16b, v2.16b");
    check(add(1, 2, 0, 1, 2), 0x4ea28420, "add v0.4s, v1.4s, v2.4s");
    check(mov(1, 0, 1), 0x4ea11c20, "mov v0.16b, v1.16b");
  }
}
