package dev.qvm.cpu.fp;

import static dev.qvm.cpu.asm.A64Simd.add;
import static dev.qvm.cpu.asm.A64Simd.aesd;
import static dev.qvm.cpu.asm.A64Simd.aese;
import static dev.qvm.cpu.asm.A64Simd.aesimc;
import static dev.qvm.cpu.asm.A64Simd.aesmc;
import static dev.qvm.cpu.asm.A64Simd.eor;
import static dev.qvm.cpu.asm.A64Simd.mov;
import static dev.qvm.cpu.asm.A64Simd.pmull;
import static dev.qvm.cpu.asm.A64Simd.sha2;
import static dev.qvm.cpu.asm.A64Simd.sha3;
import static org.assertj.core.api.Assertions.assertThat;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The Cortex-A57 crypto extension (ARM ARM C7.2 AESE ... SHA256SU1, PMULL) against published
 * known answers: FIPS-197 (AES) Appendix B round 1 and Appendix C.1, FIPS 180-4 (SHA-1, SHA-256)
 * with the one-block message "abc" of its examples, and carry-less products checked by hand.
 * Vector byte i is byte i of the AES block; SHA words are lanes, as the Linux glue code loads
 * them after REV32.
 */
class CryptoKnownAnswerTest {

  private final FpMachine m = new FpMachine();

  // ------------------------------------------------------------------ AES

  /** FIPS-197 Appendix B, round 1: "start of round", after SubBytes+ShiftRows, after MixColumns. */
  private static final String B_START = "193de3bea0f4e22b9ac68d2ae9f84808";
  private static final String B_SHIFTED = "d4bf5d30e0b452aeb84111f11e2798e5";
  private static final String B_MIXED = "046681e5e0cb199a48f8d37a2806264c";

  @Test
  void singleRoundStepsMatchFips197AppendixB() {
    m.setBytes(0, B_START);
    m.setV(1, 0, 0);
    m.run(aese(0, 1)); // AESE: SubBytes(ShiftRows(V0 ^ 0))
    assertThat(m.bytesOf(0)).isEqualTo(B_SHIFTED);
    m.run(aesmc(0, 0));
    assertThat(m.bytesOf(0)).isEqualTo(B_MIXED);
    m.run(aesimc(0, 0));
    assertThat(m.bytesOf(0)).isEqualTo(B_SHIFTED);
    m.run(aesd(0, 1)); // AESD: InvSubBytes(InvShiftRows(V0 ^ 0))
    assertThat(m.bytesOf(0)).isEqualTo(B_START);
  }

  /** FIPS-197 Appendix C.1 (AES-128): the whole cipher and the equivalent inverse cipher. */
  @Test
  void aes128EncryptsAndDecryptsFips197AppendixC1() {
    String[] roundKeys = expandKey128("000102030405060708090a0b0c0d0e0f");
    assertThat(roundKeys[10]).as("FIPS-197 C.1 round[10].k_sch")
        .isEqualTo("13111d7fe3944a17f307a78b4d2b30c5");
    for (int r = 0; r <= 10; r++) {
      m.setBytes(1 + r, roundKeys[r]);
    }
    m.setBytes(0, "00112233445566778899aabbccddeeff");
    List<Integer> code = new ArrayList<>();
    for (int r = 0; r < 9; r++) {
      code.add(aese(0, 1 + r));
      code.add(aesmc(0, 0));
    }
    code.add(aese(0, 10));
    code.add(eor(1, 0, 0, 11));
    m.run(code.stream().mapToInt(Integer::intValue).toArray());
    assertThat(m.bytesOf(0)).isEqualTo("69c4e0d86a7b0430d8cdb78070b4c55a");

    // Decryption: round keys 1-9 through InvMixColumns (FIPS-197 5.3.5), in V21-V29.
    code.clear();
    for (int r = 1; r <= 9; r++) {
      code.add(aesimc(20 + r, 1 + r));
    }
    code.add(aesd(0, 11));
    for (int r = 9; r >= 1; r--) {
      code.add(aesimc(0, 0));
      code.add(aesd(0, 20 + r));
    }
    code.add(eor(1, 0, 0, 1));
    m.run(code.stream().mapToInt(Integer::intValue).toArray());
    assertThat(m.bytesOf(0)).isEqualTo("00112233445566778899aabbccddeeff");
  }

  /** FIPS-197 5.2 KeyExpansion for a 128-bit key; round keys as 16 bytes of hex. */
  private static String[] expandKey128(String keyHex) {
    int[] sbox = sbox();
    int[] w = new int[44];
    for (int i = 0; i < 4; i++) {
      w[i] = (int) Long.parseLong(keyHex.substring(8 * i, 8 * i + 8), 16);
    }
    int rcon = 1;
    for (int i = 4; i < 44; i++) {
      int t = w[i - 1];
      if (i % 4 == 0) {
        t = Integer.rotateLeft(t, 8);
        t = (sbox[t >>> 24] << 24) | (sbox[(t >>> 16) & 0xFF] << 16) | (sbox[(t >>> 8) & 0xFF] << 8)
            | sbox[t & 0xFF];
        t ^= rcon << 24;
        rcon = xtime(rcon);
      }
      w[i] = w[i - 4] ^ t;
    }
    String[] keys = new String[11];
    for (int r = 0; r <= 10; r++) {
      keys[r] = String.format("%08x%08x%08x%08x", w[4 * r], w[4 * r + 1], w[4 * r + 2], w[4 * r + 3]);
    }
    return keys;
  }

  private static int xtime(int a) {
    return ((a << 1) ^ ((a & 0x80) != 0 ? 0x1B : 0)) & 0xFF;
  }

  private static int gfMul(int a, int b) {
    int r = 0;
    for (; b != 0; b >>= 1, a = xtime(a)) {
      if ((b & 1) != 0) {
        r ^= a;
      }
    }
    return r;
  }

  /** FIPS-197 5.1.1: the multiplicative inverse in GF(2^8), then the affine transformation. */
  private static int[] sbox() {
    int[] s = new int[256];
    for (int a = 0; a < 256; a++) {
      int inv = 0;
      for (int b = 1; b < 256 && a != 0; b++) {
        if (gfMul(a, b) == 1) {
          inv = b;
          break;
        }
      }
      int x = inv;
      s[a] = (x ^ rotl8(x, 1) ^ rotl8(x, 2) ^ rotl8(x, 3) ^ rotl8(x, 4) ^ 0x63) & 0xFF;
    }
    return s;
  }

  private static int rotl8(int x, int n) {
    return ((x << n) | (x >>> (8 - n))) & 0xFF;
  }

  // ------------------------------------------------------------------ SHA

  /** The padded one-block message "abc" (FIPS 180-4 5.1.1) as 16 big-endian words. */
  private static int[] abcBlock() {
    int[] w = new int[16];
    w[0] = 0x6162_6380;
    w[15] = 24;
    return w;
  }

  private void loadBlock(int[] w) {
    for (int i = 0; i < 4; i++) {
      m.setWords(4 + i, w[4 * i], w[4 * i + 1], w[4 * i + 2], w[4 * i + 3]);
    }
  }

  /** FIPS 180-4 SHA-1 of "abc" (its example): a9993e36 4706816a ba3e2571 7850c26c 9cd0d89d. */
  @Test
  void sha1OfAbc() {
    int[] h = {0x6745_2301, 0xEFCD_AB89, 0x98BA_DCFE, 0x1032_5476, 0xC3D2_E1F0}; // 5.3.1
    int[] k = {0x5A82_7999, 0x6ED9_EBA1, 0x8F1B_BCDC, 0xCA62_C1D6}; // 4.2.1
    m.setWords(0, h[0], h[1], h[2], h[3]);
    m.setWords(1, h[4], 0, 0, 0);
    for (int j = 0; j < 4; j++) {
      m.setWords(16 + j, k[j], k[j], k[j], k[j]);
    }
    loadBlock(abcBlock());
    List<Integer> code = new ArrayList<>();
    int e = 1;
    int eNext = 2;
    for (int i = 0; i < 20; i++) {
      int wi = 4 + i % 4;
      code.add(add(1, 2, 3, wi, 16 + i / 5));
      code.add(sha2(0, eNext, 0)); // SHA1H: e of the next four rounds is ROL(a, 30)
      int op = i < 5 ? 0 : i < 10 ? 1 : i < 15 ? 2 : 1; // SHA1C, SHA1P, SHA1M, SHA1P
      code.add(sha3(op, 0, e, 3));
      if (i < 16) {
        code.add(sha3(3, wi, 4 + (i + 1) % 4, 4 + (i + 2) % 4)); // SHA1SU0
        code.add(sha2(1, wi, 4 + (i + 3) % 4)); // SHA1SU1
      }
      int t = e;
      e = eNext;
      eNext = t;
    }
    m.run(code.stream().mapToInt(Integer::intValue).toArray());
    String digest = String.format("%08x%08x%08x%08x%08x", m.word(0, 0) + h[0], m.word(0, 1) + h[1],
        m.word(0, 2) + h[2], m.word(0, 3) + h[3], m.word(e, 0) + h[4]);
    assertThat(digest).isEqualTo("a9993e364706816aba3e25717850c26c9cd0d89d");
  }

  /** FIPS 180-4 SHA-256 of "abc": ba7816bf 8f01cfea 414140de 5dae2223 b00361a3 96177a9c ... */
  @Test
  void sha256OfAbc() {
    int[] k = new int[64];
    int[] h = new int[8];
    int[] primes = primes(64);
    for (int i = 0; i < 64; i++) {
      k[i] = fractionBits(primes[i], 3); // 4.2.2: cube roots of the first 64 primes
    }
    for (int i = 0; i < 8; i++) {
      h[i] = fractionBits(primes[i], 2); // 5.3.3: square roots of the first 8 primes
    }
    assertThat(k[0]).isEqualTo(0x428A_2F98);
    assertThat(k[63]).isEqualTo(0xC671_78F2);
    assertThat(h[0]).isEqualTo(0x6A09_E667);
    m.setWords(0, h[0], h[1], h[2], h[3]);
    m.setWords(1, h[4], h[5], h[6], h[7]);
    for (int j = 0; j < 16; j++) {
      m.setWords(16 + j, k[4 * j], k[4 * j + 1], k[4 * j + 2], k[4 * j + 3]);
    }
    loadBlock(abcBlock());
    List<Integer> code = new ArrayList<>();
    for (int i = 0; i < 16; i++) {
      int wi = 4 + i % 4;
      code.add(add(1, 2, 2, wi, 16 + i)); // W + K for four rounds
      code.add(mov(1, 3, 0));
      code.add(sha3(4, 0, 1, 2)); // SHA256H Q0, Q1, V2.4S
      code.add(sha3(5, 1, 3, 2)); // SHA256H2 Q1, Q3, V2.4S
      if (i < 12) {
        code.add(sha2(2, wi, 4 + (i + 1) % 4)); // SHA256SU0
        code.add(sha3(6, wi, 4 + (i + 2) % 4, 4 + (i + 3) % 4)); // SHA256SU1
      }
    }
    m.run(code.stream().mapToInt(Integer::intValue).toArray());
    StringBuilder digest = new StringBuilder();
    for (int i = 0; i < 8; i++) {
      digest.append(String.format("%08x", m.word(i / 4, i % 4) + h[i]));
    }
    assertThat(digest.toString())
        .isEqualTo("ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
  }

  private static int[] primes(int count) {
    int[] p = new int[count];
    int n = 0;
    for (int c = 2; n < count; c++) {
      if (BigInteger.valueOf(c).isProbablePrime(50)) {
        p[n++] = c;
      }
    }
    return p;
  }

  /** The first 32 bits of the fractional part of p^(1/root), exactly (integer root of p * 2^(32 root)). */
  private static int fractionBits(int p, int root) {
    BigInteger target = BigInteger.valueOf(p).shiftLeft(32 * root);
    BigInteger lo = BigInteger.ZERO;
    BigInteger hi = BigInteger.ONE.shiftLeft(40);
    while (lo.compareTo(hi) < 0) { // largest x with x^root <= target
      BigInteger mid = lo.add(hi).add(BigInteger.ONE).shiftRight(1);
      if (mid.pow(root).compareTo(target) <= 0) {
        lo = mid;
      } else {
        hi = mid.subtract(BigInteger.ONE);
      }
    }
    return lo.intValue();
  }

  // ------------------------------------------------------------------ PMULL

  /**
   * Carry-less products checked by hand: (x^3 + x + 1)(x^2 + x + 1) = x^5 + x^4 + 1 (0x0B * 0x07 =
   * 0x31, where an integer product would be 0x4D); the square of the all-ones 64-bit polynomial
   * has only the even powers x^0 .. x^126 (0x5555...5555); x^63 * x^63 = x^126.
   */
  @Test
  void polynomialMultiplyLong() {
    m.setV(1, 0x0B0B_0B0B_0B0B_0B0BL, 0);
    m.setV(2, 0x0707_0707_0707_0707L, 0);
    m.run(pmull(0, 0, 0, 1, 2)); // PMULL V0.8H, V1.8B, V2.8B
    assertThat(m.lo(0)).isEqualTo(0x0031_0031_0031_0031L);
    assertThat(m.hi(0)).isEqualTo(0x0031_0031_0031_0031L);
    m.setV(1, -1L, 0x8000_0000_0000_0000L);
    m.setV(2, -1L, 0x8000_0000_0000_0000L);
    m.run(pmull(0, 3, 0, 1, 2)); // PMULL V0.1Q, V1.1D, V2.1D
    assertThat(m.lo(0)).isEqualTo(0x5555_5555_5555_5555L);
    assertThat(m.hi(0)).isEqualTo(0x5555_5555_5555_5555L);
    m.run(pmull(1, 3, 0, 1, 2)); // PMULL2 V0.1Q, V1.2D, V2.2D: the upper halves
    assertThat(m.lo(0)).isZero();
    assertThat(m.hi(0)).isEqualTo(0x4000_0000_0000_0000L);
  }
}
