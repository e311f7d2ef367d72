package dev.qvm.cpu.exec;

/**
 * C6.2.64 CRC32B/H/W/X and C6.2.65 CRC32CB/H/W/X: the CRC-32 (polynomial 0x04C11DB7) and
 * CRC-32C (0x1EDC6F41) checksums over 1, 2, 4 or 8 bytes, in the bit-reflected form the
 * architecture uses, with no initial or final inversion (software does those).
 */
final class Crc32 {
  private static final int[] CRC32_TABLE = table(0xEDB8_8320);
  private static final int[] CRC32C_TABLE = table(0x82F6_3B78);

  private static int[] table(int reflectedPolynomial) {
    int[] t = new int[256];
    for (int i = 0; i < 256; i++) {
      int c = i;
      for (int k = 0; k < 8; k++) {
        c = (c & 1) != 0 ? (c >>> 1) ^ reflectedPolynomial : c >>> 1;
      }
      t[i] = c;
    }
    return t;
  }

  static void execute(Cpu cpu, int insn, long pc) {
    int sf = insn >>> 31;
    int sz = (insn >>> 10) & 3;
    // sf must be 1 exactly for the X form (sz = 0b11); other combinations are unallocated.
    if ((sz == 3) != (sf == 1)) {
      cpu.undefinedInstruction(pc);
      return;
    }
    int[] table = ((insn >>> 12) & 1) != 0 ? CRC32C_TABLE : CRC32_TABLE;
    int acc = (int) cpu.x[(insn >>> 5) & 31];
    long value = cpu.x[(insn >>> 16) & 31];
    int bytes = 1 << sz;
    for (int i = 0; i < bytes; i++) {
      acc = (acc >>> 8) ^ table[(acc ^ (int) (value >>> (8 * i))) & 0xff];
    }
    cpu.setW(insn & 31, acc);
  }

  private Crc32() {}
}
