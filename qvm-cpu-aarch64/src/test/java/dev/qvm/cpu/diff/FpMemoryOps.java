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
      case 1 -> { // unscaled, post-index, pre-index (and the unallocated idx 10)
        int sizeOpc = pickSizeOpc(rnd);
        int idx = rnd.nextInt(10) == 0 ? 2 : new int[] {0, 1, 3}[rnd.nextInt(3)];
        int imm9 = rnd.nextInt(-64, 65) & 0x1ff;
        int w = ((sizeOpc >>> 2) << 30) | (0b111100 << 24) | ((sizeOpc & 3) << 22) | (imm9 << 12)
            | (idx << 10) | (rn << 5) | rt;
        out.add(new Insn(w, "ldst imm9"));
      }
      case 2 -> { // register offset
        int sizeOpc = pickSizeOpc(rnd);
        int option = new int[] {2, 3, 6, 7, 0}[rnd.nextInt(5)];
        int w = ((sizeOpc >>> 2) << 30) | (0b111100 << 24) | ((sizeOpc & 3) << 22) | (1 << 21)
            | (FpBlockGenerator.INDEX << 16) | (option << 13) | (rnd.nextInt(2) << 12) | (0b10 << 10)
            | (rn << 5) | rt;
        out.add(new Insn(w, "ldst regoff"));
      }
      case 3 -> { // LDP/STP/LDNP/STNP
        int opc = rnd.nextInt(10) == 0 ? 3 : rnd.nextInt(3);
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
        int opc = rnd.nextInt(8) == 0 ? 3 : rnd.nextInt(3);
        int imm19 = rnd.nextInt(-32, 32) & 0x7ffff;
        out.add(new Insn((opc << 30) | (0b011100 << 24) | (imm19 << 5) | rt, "ldr literal"));
      }
      case 5 -> { // LD1-4/ST1-4 multiple, with and without post-index
        int post = rnd.nextInt(2);
        int rm = rnd.nextInt(3) == 0 ? FpBlockGenerator.INDEX : 31;
        int w = (rnd.nextInt(2) << 30) | (0b0011000 << 23) | (post << 23) | (rnd.nextInt(2) << 22)
            | (post != 0 ? rm << 16 : 0) | (rnd.nextInt(16) << 12) | (rnd.nextInt(4) << 10)
            | (rn << 5) | rt;
        out.add(new Insn(w, "ldst multiple"));
      }
      default -> { // single structure and replicate
        int post = rnd.nextInt(2);
        int rm = rnd.nextInt(3) == 0 ? FpBlockGenerator.INDEX : 31;
        int w = (rnd.nextInt(2) << 30) | (0b0011010 << 23) | (post << 23) | (rnd.nextInt(2) << 22)
            | (rnd.nextInt(2) << 21) | (post != 0 ? rm << 16 : 0) | (rnd.nextInt(8) << 13)
            | (rnd.nextInt(2) << 12) | (rnd.nextInt(4) << 10) | (rn << 5) | rt;
        out.add(new Insn(w, "ldst single"));
      }
    }
  }

  /** size:opc as 4 bits; mostly allocated B/H/S/D/Q forms, sometimes an unallocated one. */
  private static int pickSizeOpc(SplittableRandom rnd) {
    if (rnd.nextInt(12) == 0) {
      return rnd.nextInt(16);
    }
    int[] valid = {0b0000, 0b0001, 0b0100, 0b0101, 0b1000, 0b1001, 0b1100, 0b1101, 0b0010, 0b0011};
    return valid[rnd.nextInt(valid.length)];
  }

  private static int scale(int sizeOpc) {
    return (sizeOpc & 2) != 0 ? 4 : sizeOpc >>> 2;
  }
}
