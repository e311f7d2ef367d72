package dev.qvm.cpu.asm;

/**
 * Encoder for the Advanced SIMD, floating-point and crypto instructions the unit tests use, one
 * method per instruction family of the ARM ARM (C4.1.6 and C7.2). Arrangements are given as
 * {@code q} (0: 64-bit vector, 1: 128-bit) and {@code size} (lane size log2: 0 B .. 3 D).
 */
public final class A64Simd {

  private A64Simd() {}

  private static int regs(int rd, int rn) {
    return (rn << 5) | rd;
  }

  private static int regs(int rd, int rn, int rm) {
    return (rm << 16) | (rn << 5) | rd;
  }

  /** C4.1.6 Advanced SIMD three same: {@code opcode} is bits [15:11]. */
  public static int threeSame(int q, int u, int size, int opcode, int rd, int rn, int rm) {
    return (q << 30) | (u << 29) | 0x0E20_0400 | (size << 22) | (opcode << 11) | regs(rd, rn, rm);
  }

  /** EOR Vd.T, Vn.T, Vm.T (C7.2.43). */
  public static int eor(int q, int rd, int rn, int rm) {
    return threeSame(q, 1, 0, 0x03, rd, rn, rm);
  }

  /** MOV Vd.T, Vn.T, the ORR (register) alias (C7.2.207). */
  public static int mov(int q, int rd, int rn) {
    return threeSame(q, 0, 2, 0x03, rd, rn, rn);
  }

  /** ADD (vector) (C7.2.2). */
  public static int add(int q, int size, int rd, int rn, int rm) {
    return threeSame(q, 0, size, 0x10, rd, rn, rm);
  }

  /** Permute kinds: the opcode field of C4.1.6 "Advanced SIMD permute". */
  public enum Permute {
    UZP1(1), TRN1(2), ZIP1(3), UZP2(5), TRN2(6), ZIP2(7);

    final int opcode;

    Permute(int opcode) {
      this.opcode = opcode;
    }
  }

  /** UZP1/UZP2/TRN1/TRN2/ZIP1/ZIP2 (C7.2.386 ...). */
  public static int permute(Permute op, int q, int size, int rd, int rn, int rm) {
    return (q << 30) | 0x0E00_0800 | (size << 22) | (op.opcode << 12) | regs(rd, rn, rm);
  }

  /** EXT Vd.T, Vn.T, Vm.T, #index (C7.2.45). */
  public static int ext(int q, int rd, int rn, int rm, int index) {
    return (q << 30) | 0x2E00_0000 | (index << 11) | regs(rd, rn, rm);
  }

  /** TBL/TBX Vd.T, {Vn..Vn+len-1}.16B, Vm.T (C7.2.351, C7.2.352); {@code regsInTable} 1-4. */
  public static int table(boolean tbx, int q, int rd, int rn, int regsInTable, int rm) {
    return (q << 30) | 0x0E00_0000 | ((regsInTable - 1) << 13) | ((tbx ? 1 : 0) << 12)
        | regs(rd, rn, rm);
  }

  /**
   * C4.1.6 Advanced SIMD shift by immediate, right-shifting narrows ({@code opcode} 0x10-0x13):
   * {@code dstSize} is the narrow lane size log2 and immh:immb = 2 * esize - shift.
   */
  public static int shiftRightNarrow(int q, int u, int opcode, int dstSize, int shift, int rd, int rn) {
    int immhb = 2 * (8 << dstSize) - shift;
    return (q << 30) | (u << 29) | 0x0F00_0400 | (immhb << 16) | (opcode << 11) | regs(rd, rn);
  }

  /** SQRSHRN{2} (C7.2.301). */
  public static int sqrshrn(int q, int dstSize, int shift, int rd, int rn) {
    return shiftRightNarrow(q, 0, 0x13, dstSize, shift, rd, rn);
  }

  /** UQSHRN{2} (C7.2.383). */
  public static int uqshrn(int q, int dstSize, int shift, int rd, int rn) {
    return shiftRightNarrow(q, 1, 0x12, dstSize, shift, rd, rn);
  }

  /** SQSHRUN{2} (C7.2.310). */
  public static int sqshrun(int q, int dstSize, int shift, int rd, int rn) {
    return shiftRightNarrow(q, 1, 0x10, dstSize, shift, rd, rn);
  }

  /** RSHRN{2} (C7.2.228). */
  public static int rshrn(int q, int dstSize, int shift, int rd, int rn) {
    return shiftRightNarrow(q, 0, 0x11, dstSize, shift, rd, rn);
  }

  /**
   * C4.1.6 Advanced SIMD vector x indexed element: H lanes index with H:L:M (Rm in V0-V15), S
   * lanes with H:L (M is Rm bit 4), D lanes with H.
   */
  public static int byElement(int q, int u, int size, int opcode, int rd, int rn, int rm, int index) {
    int hlm = switch (size) {
      case 1 -> (((index >> 2) & 1) << 11) | (((index >> 1) & 1) << 21) | ((index & 1) << 20);
      case 2 -> (((index >> 1) & 1) << 11) | ((index & 1) << 21);
      default -> (index & 1) << 11;
    };
    return (q << 30) | (u << 29) | 0x0F00_0000 | (size << 22) | hlm | (opcode << 12)
        | regs(rd, rn, rm);
  }

  /** MUL (by element) (C7.2.189). */
  public static int mulElement(int q, int size, int rd, int rn, int rm, int index) {
    return byElement(q, 0, size, 0x8, rd, rn, rm, index);
  }

  /** SQDMULH (by element) (C7.2.293). */
  public static int sqdmulhElement(int q, int size, int rd, int rn, int rm, int index) {
    return byElement(q, 0, size, 0xC, rd, rn, rm, index);
  }

  /** FMUL (by element) (C7.2.110); {@code sz} 0 single, 1 double. */
  public static int fmulElement(int q, int sz, int rd, int rn, int rm, int index) {
    return byElement(q, 0, 2 | sz, 0x9, rd, rn, rm, index);
  }

  /** FMLA (by element) (C7.2.98). */
  public static int fmlaElement(int q, int sz, int rd, int rn, int rm, int index) {
    return byElement(q, 0, 2 | sz, 0x1, rd, rn, rm, index);
  }

  /** Post-index by the transfer size: Rm = 31 in the post-indexed encodings. */
  public static final int POST_IMM = 31;

  /** No writeback (the offset-less encoding). */
  public static final int NO_POST = -1;

  /**
   * LD1-LD4/ST1-ST4 (multiple structures) (C4.1.4): {@code opcode} 0000 LD4, 0010 LD1 x4, 0100
   * LD3, 0110 LD1 x3, 0111 LD1 x1, 1000 LD2, 1010 LD1 x2; {@code post} is {@link #NO_POST},
   * {@link #POST_IMM} or Xm.
   */
  public static int multiple(boolean load, int q, int opcode, int size, int rt, int rn, int post) {
    int word = (q << 30) | 0x0C00_0000 | ((load ? 1 : 0) << 22) | (opcode << 12) | (size << 10)
        | regs(rt, rn);
    return post == NO_POST ? word : word | (1 << 23) | (post << 16);
  }

  /** LDn/STn of {@code n} registers, as {@link #multiple} with the structure opcodes. */
  public static int structures(boolean load, int n, int q, int size, int rt, int rn, int post) {
    int opcode = switch (n) {
      case 1 -> 0x7;
      case 2 -> 0x8;
      case 3 -> 0x4;
      default -> 0x0;
    };
    return multiple(load, q, opcode, size, rt, rn, post);
  }

  /**
   * LD1-LD4/ST1-ST4 (single structure) (C4.1.4) of lane {@code index} of size {@code size}, for
   * {@code n} registers.
   */
  public static int singleLane(boolean load, int n, int size, int index, int rt, int rn, int post) {
    int r = (n - 1) & 1;
    int opcodeLow = ((n - 1) >> 1) & 1;
    int q;
    int s;
    int sizeField;
    int opcodeHigh;
    switch (size) {
      case 0 -> {
        q = index >> 3;
        s = (index >> 2) & 1;
        sizeField = index & 3;
        opcodeHigh = 0;
      }
      case 1 -> {
        q = index >> 2;
        s = (index >> 1) & 1;
        sizeField = (index & 1) << 1;
        opcodeHigh = 1;
      }
      case 2 -> {
        q = index >> 1;
        s = index & 1;
        sizeField = 0;
        opcodeHigh = 2;
      }
      default -> {
        q = index;
        s = 0;
        sizeField = 1;
        opcodeHigh = 2;
      }
    }
    int opcode = (opcodeHigh << 1) | opcodeLow;
    int word = (q << 30) | 0x0D00_0000 | ((load ? 1 : 0) << 22) | (r << 21) | (opcode << 13)
        | (s << 12) | (sizeField << 10) | regs(rt, rn);
    return post == NO_POST ? word : word | (1 << 23) | (post << 16);
  }

  /** LD1R-LD4R (C7.2.172 ...): load one structure and replicate it to all lanes. */
  public static int replicate(int n, int q, int size, int rt, int rn, int post) {
    int r = (n - 1) & 1;
    int opcode = 0x6 | (((n - 1) >> 1) & 1);
    int word = (q << 30) | 0x0D40_0000 | (r << 21) | (opcode << 13) | (size << 10) | regs(rt, rn);
    return post == NO_POST ? word : word | (1 << 23) | (post << 16);
  }

  /** Cryptographic AES (C4.1.6): AESE 00100, AESD 00101, AESMC 00110, AESIMC 00111. */
  public static int aes(int opcode, int rd, int rn) {
    return 0x4E28_0800 | (opcode << 12) | regs(rd, rn);
  }

  public static int aese(int rd, int rn) {
    return aes(0x4, rd, rn);
  }

  public static int aesd(int rd, int rn) {
    return aes(0x5, rd, rn);
  }

  public static int aesmc(int rd, int rn) {
    return aes(0x6, rd, rn);
  }

  public static int aesimc(int rd, int rn) {
    return aes(0x7, rd, rn);
  }

  /**
   * Cryptographic three-register SHA (C4.1.6): 000 SHA1C, 001 SHA1P, 010 SHA1M, 011 SHA1SU0,
   * 100 SHA256H, 101 SHA256H2, 110 SHA256SU1.
   */
  public static int sha3(int opcode, int rd, int rn, int rm) {
    return 0x5E00_0000 | (opcode << 12) | regs(rd, rn, rm);
  }

  /** Cryptographic two-register SHA (C4.1.6): 00000 SHA1H, 00001 SHA1SU1, 00010 SHA256SU0. */
  public static int sha2(int opcode, int rd, int rn) {
    return 0x5E28_0800 | (opcode << 12) | regs(rd, rn);
  }

  /** PMULL{2} (C7.2.215): {@code size} 0 (8x8 -> 16) or 3 (64x64 -> 128). */
  public static int pmull(int q, int size, int rd, int rn, int rm) {
    return (q << 30) | 0x0E20_E000 | (size << 22) | regs(rd, rn, rm);
  }

  /**
   * FCMP/FCMPE (C7.2.66, C7.2.67): {@code type} 0 single, 1 double; {@code zero} compares with
   * +0.0; {@code signalling} is the E form.
   */
  public static int fcmp(int type, int rn, int rm, boolean zero, boolean signalling) {
    return 0x1E20_2000 | (type << 22) | (rm << 16) | (rn << 5) | ((signalling ? 1 : 0) << 4)
        | ((zero ? 1 : 0) << 3);
  }

  /** FCCMP/FCCMPE (C7.2.64, C7.2.65): NZCV = {@code nzcv} unless {@code cond} holds. */
  public static int fccmp(int type, int rn, int rm, int cond, int nzcv, boolean signalling) {
    return 0x1E20_0400 | (type << 22) | (rm << 16) | (cond << 12) | (rn << 5)
        | ((signalling ? 1 : 0) << 4) | nzcv;
  }

  /**
   * Conversion between floating-point and fixed-point (C4.1.6): {@code rmodeOpcode} 0b00010
   * SCVTF, 0b00011 UCVTF, 0b11000 FCVTZS, 0b11001 FCVTZU; scale = 64 - fbits.
   */
  public static int fixedPoint(int sf, int type, int rmodeOpcode, int fbits, int rd, int rn) {
    return (sf << 31) | 0x1E00_0000 | (type << 22) | (rmodeOpcode << 16) | ((64 - fbits) << 10)
        | regs(rd, rn);
  }

  public static int fcvtzsFixed(int sf, int type, int fbits, int rd, int rn) {
    return fixedPoint(sf, type, 0b11000, fbits, rd, rn);
  }

  public static int fcvtzuFixed(int sf, int type, int fbits, int rd, int rn) {
    return fixedPoint(sf, type, 0b11001, fbits, rd, rn);
  }

  public static int scvtfFixed(int sf, int type, int fbits, int rd, int rn) {
    return fixedPoint(sf, type, 0b00010, fbits, rd, rn);
  }

  public static int ucvtfFixed(int sf, int type, int fbits, int rd, int rn) {
    return fixedPoint(sf, type, 0b00011, fbits, rd, rn);
  }
}
