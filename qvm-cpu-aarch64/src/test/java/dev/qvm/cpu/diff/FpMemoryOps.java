package dev.qvm.cpu.diff;

import java.util.List;
import java.util.SplittableRandom;

/**
 * The SIMD&amp;FP loads and stores of {@link FpBlockGenerator}: every addressing form of ARM ARM
 * C4.1.88 with V = 1, based on x28 with small offsets (and x27 as index), so that every access
 * stays inside or close to the scratch area.
 */
final class FpMemoryOps {

  private FpMemoryOps() {}

  static void generate(SplittableRandom rnd, List<Insn> out) {
    int rn = FpBlockGenerator.BASE;
    int rt = rnd.nextInt(32);
    switch (rnd.nextInt(8)) {
      case 0 -> { // LDR/STR (unsigned offset), B/H/S/D/Q
        int sizeOpc = pickSizeOpc(rnd);
        int scale = scale(sizeOpc);
        int imm12 = rnd.nextInt(0, (400 >> scale) + 1);
        int w = ((sizeOpc >>> 2) << 30) | (0b111101 << 24) | ((sizeOpc & 3) << 22) | (imm12 << 10)
            | (rn << 5) | rt;
        out.add(new Insn(w, "ldst uimm"));
      }
      case 1 -> { // unscaled, post-index, pre-index (and sometimes the unallocated idx 10)
        int sizeOpc = pickSizeOpc(rnd);
        int idx = anyValue(rnd) ? 2 : new int[] {0, 1, 3}[rnd.nextInt(3)];
        int imm9 = rnd.nextInt(-64, 65) & 0x1ff;
        int w = ((sizeOpc >>> 2) << 30) | (0b111100 << 24) | ((sizeOpc & 3) << 22) | (imm9 << 12)
            | (idx << 10) | (rn << 5) | rt;
        out.add(new Insn(w, "ldst imm9"));
      }
      case 2 -> { // register offset
        int sizeOpc = pickSizeOpc(rnd);
        int option = anyValue(rnd) ? 0 : new int[] {2, 3, 6, 7}[rnd.nextInt(4)];
        int w = ((sizeOpc >>> 2) << 30) | (0b111100 << 24) | ((sizeOpc & 3) << 22) | (1 << 21)
            | (FpBlockGenerator.INDEX << 16) | (option << 13) | (rnd.nextInt(2) << 12) | (0b10 << 10)
            | (rn << 5) | rt;
        out.add(new Insn(w, "ldst regoff"));
      }
      case 3 -> { // LDP/STP/LDNP/STNP
        int opc = anyValue(rnd) ? 3 : rnd.nextInt(3);
        int load = rnd.nextInt(2);
        int rt2 = rnd.nextInt(32);
        if (load == 1 && rt2 == rt) {
          rt2 = (rt + 1) & 31;
        }
        int imm7 = rnd.nextInt(-8, 9) & 0x7f;
        int w = (opc << 30) | (0b10110 << 25) | (rnd.nextInt(4) << 23) | (load << 22) | (imm7 << 15)
            | (rt2 << 10) | (rn << 5) | rt;
        out.add(new Insn(w, "ldst pair"));
      }
      case 4 -> { // LDR (literal): reads the image itself
        int opc = anyValue(rnd) ? 3 : rnd.nextInt(3);
        int imm19 = rnd.nextInt(-32, 32) & 0x7ffff;
        out.add(new Insn((opc << 30) | (0b011100 << 24) | (imm19 << 5) | rt, "ldr literal"));
      }
      case 5 -> { // LD1-4/ST1-4 multiple, with and without post-index
        int post = rnd.nextInt(2);
        int rm = rnd.nextInt(3) == 0 ? FpBlockGenerator.INDEX : 31;
        int w;
        do {
          w = (rnd.nextInt(2) << 30) | (0b0011000 << 23) | (post << 23) | (rnd.nextInt(2) << 22)
              | (post != 0 ? rm << 16 : 0) | (rnd.nextInt(16) << 12) | (rnd.nextInt(4) << 10)
              | (rn << 5) | rt;
        } while (!anyValue(rnd) && !multipleAllocated(w));
        out.add(new Insn(w, "ldst multiple"));
      }
      default -> { // single structure and replicate
        int post = rnd.nextInt(2);
        int rm = rnd.nextInt(3) == 0 ? FpBlockGenerator.INDEX : 31;
        int w;
        do {
          w = (rnd.nextInt(2) << 30) | (0b0011010 << 23) | (post << 23) | (rnd.nextInt(2) << 22)
              | (rnd.nextInt(2) << 21) | (post != 0 ? rm << 16 : 0) | (rnd.nextInt(8) << 13)
              | (rnd.nextInt(2) << 12) | (rnd.nextInt(4) << 10) | (rn << 5) | rt;
        } while (!anyValue(rnd) && !singleAllocated(w));
        out.add(new Insn(w, (w >>> 13 & 7) >= 6 ? "ldst replicate" : "ldst single"));
      }
    }
  }

  /** Whether this draw keeps any field values (see {@link FpTemplates#ANY_PERCENT}). */
  private static boolean anyValue(SplittableRandom rnd) {
    return rnd.nextInt(100) < FpTemplates.ANY_PERCENT;
  }

  /**
   * C4.1.4 "Advanced SIMD load/store multiple structures": opcode 0000 LD4/ST4, 0010 LD1/ST1
   * (four registers), 0100 LD3/ST3, 0110 LD1/ST1 (three), 0111 LD1/ST1 (one), 1000 LD2/ST2,
   * 1010 LD1/ST1 (two); the rest is unallocated, and LD2-LD4 of 64-bit lanes need Q = 1.
   */
  static boolean multipleAllocated(int w) {
    int opcode = (w >>> 12) & 0xF;
    boolean structure = opcode == 0 || opcode == 4 || opcode == 8;
    boolean oneD = ((w >>> 10) & 3) == 3 && ((w >>> 30) & 1) == 0;
    return switch (opcode) {
      case 0, 2, 4, 6, 7, 8, 10 -> !(structure && oneD);
      default -> false;
    };
  }

  /**
   * C4.1.4 "Advanced SIMD load/store single structure": opcode&lt;2:1&gt; gives the lane size;
   * H lanes need size&lt;0&gt; = 0, S/D lanes size 00 (S) or 01 with S = 0 (D); the replicate
   * forms (opcode 11x) are loads with S = 0.
   */
  static boolean singleAllocated(int w) {
    int opcode = (w >>> 13) & 7;
    int s = (w >>> 12) & 1;
    int size = (w >>> 10) & 3;
    boolean load = ((w >>> 22) & 1) == 1;
    return switch (opcode >> 1) {
      case 0 -> true;
      case 1 -> (size & 1) == 0;
      case 2 -> size == 0 || size == 1 && s == 0;
      default -> load && s == 0;
    };
  }

  /** size:opc as 4 bits; mostly allocated B/H/S/D/Q forms, sometimes an unallocated one. */
  private static int pickSizeOpc(SplittableRandom rnd) {
    if (anyValue(rnd)) {
      return rnd.nextInt(16);
    }
    int[] valid = {0b0000, 0b0001, 0b0100, 0b0101, 0b1000, 0b1001, 0b1100, 0b1101, 0b0010, 0b0011};
    return valid[rnd.nextInt(valid.length)];
  }

  private static int scale(int sizeOpc) {
    return (sizeOpc & 2) != 0 ? 4 : sizeOpc >>> 2;
  }
}
