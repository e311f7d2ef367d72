package dev.qvm.cpu.exec;

import static dev.qvm.cpu.decode.A64Decoder.*;

/**
 * The Cortex-A57 cryptographic extension (ARM ARM C7.2 AESE, AESD, AESMC, AESIMC, SHA1C,
 * SHA1P, SHA1M, SHA1H, SHA1SU0, SHA1SU1, SHA256H, SHA256H2, SHA256SU0, SHA256SU1, and the 64-bit
 * PMULL/PMULL2 reached from three-different). The AES state is the 16 bytes of a register in
 * column-major order (byte 4c + r is row r of column c), as FIPS-197 and the ARM pseudocode
 * number it; the S-boxes are derived from GF(2^8) inversion at class initialisation.
 */
public final class CryptoOps {

  private static final int[] SBOX = new int[256];
  private static final int[] INV_SBOX = new int[256];

  static {
    for (int x = 0; x < 256; x++) {
      int inv = 0;
      for (int y = 1; y < 256 && x != 0; y++) {
        if (gmul(x, y) == 1) {
          inv = y;
          break;
        }
      }
      int b = inv ^ rotl8(inv, 1) ^ rotl8(inv, 2) ^ rotl8(inv, 3) ^ rotl8(inv, 4) ^ 0x63;
      SBOX[x] = b;
      INV_SBOX[b] = x;
    }
  }

  /** Per-thread word staging for the SHA rounds (a vCPU runs on one thread). */
  private static final ThreadLocal<int[]> WORDS = ThreadLocal.withInitial(() -> new int[12]);

  public static void execute(Cpu cpu, int op, int insn, long pc) {
    if (FpSimd.trapped(cpu, op, insn, pc)) {
      return;
    }
    int size = (insn >>> 22) & 3;
    int rn = (insn >>> 5) & 31;
    int rd = insn & 31;
    int rm = (insn >>> 16) & 31;
    if (size != 0) {
      cpu.undefinedInstruction(pc);
      return;
    }
    switch (op) {
      case CRYPTO_AES -> {
        int opcode = (insn >>> 12) & 31;
        switch (opcode) {
          case 0b00100 -> aesRound(cpu, rd, rn, false);
          case 0b00101 -> aesRound(cpu, rd, rn, true);
          case 0b00110 -> mixColumns(cpu, rd, rn, false);
          case 0b00111 -> mixColumns(cpu, rd, rn, true);
          default -> cpu.undefinedInstruction(pc);
        }
      }
      case CRYPTO_SHA3 -> {
        int opcode = (insn >>> 12) & 7;
        switch (opcode) {
          case 0, 1, 2 -> sha1Hash(cpu, rd, rn, rm, opcode);
          case 3 -> sha1su0(cpu, rd, rn, rm);
          case 4 -> sha256Hash(cpu, rd, rn, rm, true);
          case 5 -> sha256Hash(cpu, rd, rn, rm, false);
          case 6 -> sha256su1(cpu, rd, rn, rm);
          default -> cpu.undefinedInstruction(pc);
        }
      }
      case CRYPTO_SHA2 -> {
        int opcode = (insn >>> 12) & 31;
        switch (opcode) {
          case 0 -> SimdLanes.setLow(cpu, rd, Integer.rotateLeft((int) cpu.v[2 * rn], 30) & 0xffff_ffffL);
          case 1 -> sha1su1(cpu, rd, rn);
          case 2 -> sha256su0(cpu, rd, rn);
          default -> cpu.undefinedInstruction(pc);
        }
      }
      default -> cpu.undefinedInstruction(pc);
    }
  }

  private static int rotl8(int x, int n) {
    return ((x << n) | (x >>> (8 - n))) & 0xff;
  }

  /** Multiplication in GF(2^8) modulo x^8 + x^4 + x^3 + x + 1. */
  static int gmul(int a, int b) {
    int r = 0;
    while (b != 0) {
      if ((b & 1) != 0) {
        r ^= a;
      }
      a = (a << 1) ^ ((a & 0x80) != 0 ? 0x11b : 0);
      b >>>= 1;
    }
    return r & 0xff;
  }

  private static int byteOf(long lo, long hi, int i) {
    return (int) ((i < 8 ? lo >>> (8 * i) : hi >>> (8 * (i - 8))) & 0xff);
  }

  /** AESE/AESD: AddRoundKey (XOR with Vn), then (Inv)ShiftRows and (Inv)SubBytes. */
  private static void aesRound(Cpu cpu, int rd, int rn, boolean decrypt) {
    long lo = cpu.v[2 * rd] ^ cpu.v[2 * rn];
    long hi = cpu.v[2 * rd + 1] ^ cpu.v[2 * rn + 1];
    long outLo = 0;
    long outHi = 0;
    for (int i = 0; i < 16; i++) {
      int r = i & 3;
      int c = i >>> 2;
      int srcCol = decrypt ? (c - r + 4) & 3 : (c + r) & 3;
      int b = byteOf(lo, hi, 4 * srcCol + r);
      long v = decrypt ? INV_SBOX[b] : SBOX[b];
      if (i < 8) {
        outLo |= v << (8 * i);
      } else {
        outHi |= v << (8 * (i - 8));
      }
    }
    SimdLanes.setPair(cpu, rd, outLo, outHi);
  }

  /** AESMC/AESIMC: (Inv)MixColumns of Vn. */
  private static void mixColumns(Cpu cpu, int rd, int rn, boolean inverse) {
    long lo = cpu.v[2 * rn];
    long hi = cpu.v[2 * rn + 1];
    long outLo = 0;
    long outHi = 0;
    int k0 = inverse ? 14 : 2;
    int k1 = inverse ? 11 : 3;
    int k2 = inverse ? 13 : 1;
    int k3 = inverse ? 9 : 1;
    for (int c = 0; c < 4; c++) {
      int a0 = byteOf(lo, hi, 4 * c);
      int a1 = byteOf(lo, hi, 4 * c + 1);
      int a2 = byteOf(lo, hi, 4 * c + 2);
      int a3 = byteOf(lo, hi, 4 * c + 3);
      long col = (gmul(a0, k0) ^ gmul(a1, k1) ^ gmul(a2, k2) ^ gmul(a3, k3))
          | (long) (gmul(a0, k3) ^ gmul(a1, k0) ^ gmul(a2, k1) ^ gmul(a3, k2)) << 8
          | (long) (gmul(a0, k2) ^ gmul(a1, k3) ^ gmul(a2, k0) ^ gmul(a3, k1)) << 16
          | (long) (gmul(a0, k1) ^ gmul(a1, k2) ^ gmul(a2, k3) ^ gmul(a3, k0)) << 24;
      if (c < 2) {
        outLo |= col << (32 * c);
      } else {
        outHi |= col << (32 * (c - 2));
      }
    }
    SimdLanes.setPair(cpu, rd, outLo, outHi);
  }

  /** Loads the four 32-bit words of V[reg] into w[at..at+3]. */
  private static void words(Cpu cpu, int reg, int[] w, int at) {
    long lo = cpu.v[2 * reg];
    long hi = cpu.v[2 * reg + 1];
    w[at] = (int) lo;
    w[at + 1] = (int) (lo >>> 32);
    w[at + 2] = (int) hi;
    w[at + 3] = (int) (hi >>> 32);
  }

  private static void store(Cpu cpu, int reg, int w0, int w1, int w2, int w3) {
    SimdLanes.setPair(cpu, reg, (w0 & 0xffff_ffffL) | ((long) w1 << 32),
        (w2 & 0xffff_ffffL) | ((long) w3 << 32));
  }

  /** SHA1C (choose), SHA1P (parity), SHA1M (majority): four rounds on Qd = abcd, Sn = e. */
  private static void sha1Hash(Cpu cpu, int rd, int rn, int rm, int kind) {
    int[] w = WORDS.get();
    words(cpu, rd, w, 0);
    words(cpu, rm, w, 4);
    int x0 = w[0];
    int x1 = w[1];
    int x2 = w[2];
    int x3 = w[3];
    int y = (int) cpu.v[2 * rn];
    for (int e = 0; e < 4; e++) {
      int t = switch (kind) {
        case 0 -> (x1 & x2) | (~x1 & x3);
        case 1 -> x1 ^ x2 ^ x3;
        default -> (x1 & x2) | (x1 & x3) | (x2 & x3);
      };
      y = y + Integer.rotateLeft(x0, 5) + t + w[4 + e];
      x1 = Integer.rotateLeft(x1, 30);
      // <Y, X> = ROL(Y:X, 32)
      int newY = x3;
      x3 = x2;
      x2 = x1;
      x1 = x0;
      x0 = y;
      y = newY;
    }
    store(cpu, rd, x0, x1, x2, x3);
  }

  private static void sha1su0(Cpu cpu, int rd, int rn, int rm) {
    long lo = cpu.v[2 * rd + 1] ^ cpu.v[2 * rd] ^ cpu.v[2 * rm];
    long hi = cpu.v[2 * rn] ^ cpu.v[2 * rd + 1] ^ cpu.v[2 * rm + 1];
    SimdLanes.setPair(cpu, rd, lo, hi);
  }

  private static void sha1su1(Cpu cpu, int rd, int rn) {
    int[] w = WORDS.get();
    words(cpu, rd, w, 0);
    words(cpu, rn, w, 4);
    int t0 = w[0] ^ w[5];
    int t1 = w[1] ^ w[6];
    int t2 = w[2] ^ w[7];
    int t3 = w[3];
    store(cpu, rd, Integer.rotateLeft(t0, 1), Integer.rotateLeft(t1, 1), Integer.rotateLeft(t2, 1),
        Integer.rotateLeft(t3, 1) ^ Integer.rotateLeft(t0, 2));
  }

  /** SHA256H (part1: result X) and SHA256H2 (result Y, with X and Y swapped on entry). */
  private static void sha256Hash(Cpu cpu, int rd, int rn, int rm, boolean part1) {
    int[] w = WORDS.get();
    words(cpu, part1 ? rd : rn, w, 0); // X
    words(cpu, part1 ? rn : rd, w, 4); // Y
    words(cpu, rm, w, 8);
    int x0 = w[0];
    int x1 = w[1];
    int x2 = w[2];
    int x3 = w[3];
    int y0 = w[4];
    int y1 = w[5];
    int y2 = w[6];
    int y3 = w[7];
    for (int e = 0; e < 4; e++) {
      int chs = (y0 & y1) | (~y0 & y2);
      int maj = (x0 & x1) | (x0 & x2) | (x1 & x2);
      int sigma1 = Integer.rotateRight(y0, 6) ^ Integer.rotateRight(y0, 11) ^ Integer.rotateRight(y0, 25);
      int sigma0 = Integer.rotateRight(x0, 2) ^ Integer.rotateRight(x0, 13) ^ Integer.rotateRight(x0, 22);
      int t = y3 + sigma1 + chs + w[8 + e];
      x3 = t + x3;
      y3 = t + sigma0 + maj;
      // <Y, X> = ROL(Y:X, 32) over 256 bits
      int carryX = x3;
      x3 = x2;
      x2 = x1;
      x1 = x0;
      x0 = y3;
      y3 = y2;
      y2 = y1;
      y1 = y0;
      y0 = carryX;
    }
    if (part1) {
      store(cpu, rd, x0, x1, x2, x3);
    } else {
      store(cpu, rd, y0, y1, y2, y3);
    }
  }

  private static void sha256su0(Cpu cpu, int rd, int rn) {
    int[] w = WORDS.get();
    words(cpu, rd, w, 0);
    words(cpu, rn, w, 4);
    // T = Vn<31:0> : Vd<127:32>
    int r0 = sigma0(w[1]) + w[0];
    int r1 = sigma0(w[2]) + w[1];
    int r2 = sigma0(w[3]) + w[2];
    int r3 = sigma0(w[4]) + w[3];
    store(cpu, rd, r0, r1, r2, r3);
  }

  private static int sigma0(int x) {
    return Integer.rotateRight(x, 7) ^ Integer.rotateRight(x, 18) ^ (x >>> 3);
  }

  private static int sigma1(int x) {
    return Integer.rotateRight(x, 17) ^ Integer.rotateRight(x, 19) ^ (x >>> 10);
  }

  private static void sha256su1(Cpu cpu, int rd, int rn, int rm) {
    int[] w = WORDS.get();
    words(cpu, rd, w, 0);
    words(cpu, rn, w, 4);
    words(cpu, rm, w, 8);
    // T0 = Vm<31:0> : Vn<127:32>; T1 = Vm<127:64>
    int t00 = w[5];
    int t01 = w[6];
    int t02 = w[7];
    int t03 = w[8];
    int r0 = sigma1(w[10]) + w[0] + t00;
    int r1 = sigma1(w[11]) + w[1] + t01;
    int r2 = sigma1(r0) + w[2] + t02;
    int r3 = sigma1(r1) + w[3] + t03;
    store(cpu, rd, r0, r1, r2, r3);
  }

  /** PMULL/PMULL2 .1Q: the 128-bit carry-less product of two 64-bit values. */
  static void pmull64(Cpu cpu, int rd, long a, long b) {
    long lo = 0;
    long hi = 0;
    for (int i = 0; i < 64; i++) {
      if (((b >>> i) & 1) != 0) {
        lo ^= a << i;
        hi ^= i == 0 ? 0 : a >>> (64 - i);
      }
    }
    SimdLanes.setPair(cpu, rd, lo, hi);
  }

  private CryptoOps() {}
}
