package dev.qvm.cpu.diff;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Seeded generator of random FP/SIMD blocks (1-8 instructions) for the FP/SIMD differential
 * test. Data-processing instructions are drawn from encoding templates (the classes of ARM ARM
 * C4.1.90, written like the spec lines) with every free bit random, so unallocated sub-encodings
 * are exercised too. Loads and stores use x28 as base (a pointer into the scratch area) and x27
 * as a small index; instructions that can write a general-purpose register get Rd &lt; 27 so
 * those stay valid. Operands are weighted to the special values of {@link FpOperands} and every
 * sequence sets its own FPCR (rounding mode, FZ, DN, AHP).
 */
public final class FpBlockGenerator {

  /** Base register for generated loads and stores, and its initial offset into the scratch area. */
  static final int BASE = 28;

  static final int INDEX = 27;
  static final long BASE_OFFSET = 384;

  /** One encoding template: fixed bits and random bits, a weight, and whether Rd may be an X. */
  record Template(String name, int mask, int value, int weight, boolean gprDest) {}

  private static final List<Template> DATA = new ArrayList<>();
  private static int dataWeight;

  private static void t(String name, int weight, boolean gprDest, String pattern) {
    int mask = 0;
    int value = 0;
    int bit = 32;
    for (String tok : pattern.trim().split("\\s+")) {
      int colon = tok.indexOf(':');
      if (colon > 0) {
        bit -= Integer.parseInt(tok.substring(colon + 1));
        continue;
      }
      for (char c : tok.toCharArray()) {
        bit--;
        if (c == '0' || c == '1') {
          mask |= 1 << bit;
          value |= (c - '0') << bit;
        }
      }
    }
    if (bit != 0) {
      throw new IllegalArgumentException(name + " is not 32 bits");
    }
    DATA.add(new Template(name, mask, value, weight, gprDest));
    dataWeight += weight;
  }

  static {
    // Integer AdvSIMD.
    t("copy", 6, true, "0 Q:1 op:1 01110000 imm5:5 0 imm4:4 1 Rn:5 Rd:5");
    t("scalar copy", 1, false, "01 op:1 11110000 imm5:5 0 imm4:4 1 Rn:5 Rd:5");
    t("table", 3, false, "0 Q:1 001110 00 0 Rm:5 0 len:2 op:1 00 Rn:5 Rd:5");
    t("permute", 4, false, "0 Q:1 001110 size:2 0 Rm:5 0 opcode:3 10 Rn:5 Rd:5");
    t("extract", 2, false, "0 Q:1 101110 00 0 Rm:5 0 imm4:4 0 Rn:5 Rd:5");
    t("modimm", 4, false, "0 Q:1 op:1 0111100000 abc:3 cmode:4 0 1 defgh:5 Rd:5");
    t("3same int", 10, false, "0 Q:1 U:1 01110 size:2 1 Rm:5 0 opcode:4 1 Rn:5 Rd:5");
    t("3same int hi", 6, false, "0 Q:1 U:1 01110 size:2 1 Rm:5 10 opcode:3 1 Rn:5 Rd:5");
    t("scalar 3same int", 3, false, "01 U:1 11110 size:2 1 Rm:5 0 opcode:4 1 Rn:5 Rd:5");
    t("scalar 3same int hi", 2, false, "01 U:1 11110 size:2 1 Rm:5 10 opcode:3 1 Rn:5 Rd:5");
    t("3diff", 6, false, "0 Q:1 U:1 01110 size:2 1 Rm:5 opcode:4 00 Rn:5 Rd:5");
    t("scalar 3diff", 1, false, "01 U:1 11110 size:2 1 Rm:5 opcode:4 00 Rn:5 Rd:5");
    t("2misc int", 8, false, "0 Q:1 U:1 01110 size:2 10000 0 opcode:4 10 Rn:5 Rd:5");
    t("2misc int hi", 3, false, "0 Q:1 U:1 01110 size:2 10000 10 opcode:3 10 Rn:5 Rd:5");
    t("scalar 2misc int", 2, false, "01 U:1 11110 size:2 10000 0 opcode:4 10 Rn:5 Rd:5");
    t("scalar 2misc int hi", 1, false, "01 U:1 11110 size:2 10000 10 opcode:3 10 Rn:5 Rd:5");
    t("across int", 4, false, "0 Q:1 U:1 01110 size:2 11000 opcode:5 10 Rn:5 Rd:5");
    t("scalar pair", 1, false, "01 U:1 11110 size:2 11000 opcode:5 10 Rn:5 Rd:5");
    t("shift imm", 8, false, "0 Q:1 U:1 011110 immh:4 immb:3 opcode:5 1 Rn:5 Rd:5");
    t("scalar shift imm", 3, false, "01 U:1 111110 immh:4 immb:3 opcode:5 1 Rn:5 Rd:5");
    t("elem", 4, false, "0 Q:1 U:1 01111 size:2 L:1 M:1 Rm:4 opcode:4 H:1 0 Rn:5 Rd:5");
    t("scalar elem", 1, false, "01 U:1 11111 size:2 L:1 M:1 Rm:4 opcode:4 H:1 0 Rn:5 Rd:5");
    // Advanced SIMD floating point.
    t("3same fp", 10, false, "0 Q:1 U:1 01110 size:2 1 Rm:5 11 opcode:3 1 Rn:5 Rd:5");
    t("scalar 3same fp", 3, false, "01 U:1 11110 size:2 1 Rm:5 11 opcode:3 1 Rn:5 Rd:5");
    t("2misc fp", 6, false, "0 Q:1 U:1 01110 size:2 10000 11 opcode:3 10 Rn:5 Rd:5");
    t("2misc fp cmp", 3, false, "0 Q:1 U:1 01110 size:2 10000 011 opcode:2 10 Rn:5 Rd:5");
    t("scalar 2misc fp", 3, false, "01 U:1 11110 size:2 10000 11 opcode:3 10 Rn:5 Rd:5");
    // Cryptographic extension.
    t("crypto aes", 2, false, "01001110 size:2 10100 001 opcode:2 10 Rn:5 Rd:5");
    t("crypto sha3", 3, false, "01011110 size:2 0 Rm:5 0 opcode:3 00 Rn:5 Rd:5");
    t("crypto sha2", 1, false, "01011110 size:2 10100 000 opcode:2 10 Rn:5 Rd:5");
    // Scalar floating point.
    t("fp 1src", 6, false, "0 0 0 11110 type:2 1 0 opcode:5 10000 Rn:5 Rd:5");
    t("fp 1src any", 1, false, "0 0 0 11110 type:2 1 opcode:6 10000 Rn:5 Rd:5");
    t("fp any", 1, true, "M:1 0 S:1 11110 type:2 x:1 rest:21");
    t("simd any", 1, true, "0 Q:1 U:1 0111 rest:25");
    t("simd scalar any", 1, true, "01 U:1 1111 rest:25");
    t("fp 2src", 8, false, "0 0 0 11110 type:2 1 Rm:5 opcode:4 10 Rn:5 Rd:5");
    t("fp 3src", 5, false, "0 0 0 11111 type:2 o1:1 Rm:5 o0:1 Ra:5 Rn:5 Rd:5");
    t("fp compare", 3, false, "0 0 0 11110 type:2 1 Rm:5 00 1000 Rn:5 opcode2:2 000");
    t("fp ccmp", 2, false, "0 0 0 11110 type:2 1 Rm:5 cond:4 01 Rn:5 op:1 nzcv:4");
    t("fp csel", 1, false, "0 0 0 11110 type:2 1 Rm:5 cond:4 11 Rn:5 Rd:5");
    t("fp imm", 1, false, "0 0 0 11110 type:2 1 imm8:8 100 00000 Rd:5");
    t("fp cvt int", 6, true, "sf:1 0 0 11110 type:2 1 rmode:2 opcode:3 000000 Rn:5 Rd:5");
    t("fp cvt fixed", 3, true, "sf:1 0 0 11110 type:2 0 rmode:2 opcode:3 scale:6 Rn:5 Rd:5");
  }

  /**
   * Whether blocks also contain MSR/MRS FPCR and FPSR (on unless {@code
   * -Dqvm.diff.fp.sysregs=false}): SysregAccess applies QEMU's cortex-a57 FPCR write mask
   * (0x07f70000) and the CPACR_EL1.FPEN trap to these registers.
   */
  static final boolean SYSREGS = !"false".equals(System.getProperty("qvm.diff.fp.sysregs"));

  private static final long SCRATCH_BASE = DiffImageBuilder.SCRATCH + BASE_OFFSET;

  private final SplittableRandom rnd;
  private final List<Insn> out = new ArrayList<>();

  /** A generator whose output is a pure function of {@code seed}. */
  public FpBlockGenerator(long seed) {
    this.rnd = new SplittableRandom(seed);
  }

  public byte[] scratchFill() {
    byte[] fill = new byte[DiffImageBuilder.SCRATCH_SIZE];
    for (int i = 0; i < fill.length; i += 8) {
      long v = FpOperands.lane64(rnd);
      for (int b = 0; b < 8; b++) {
        fill[i + b] = (byte) (v >>> (8 * b));
      }
    }
    return fill;
  }

  /** The next case, numbered {@code number}. */
  public FpTestCase next(int number) {
    long[] regs = InitialStates.registers(rnd);
    for (int i = 0; i < 31; i++) {
      if (rnd.nextInt(4) == 0) {
        regs[i] = FpOperands.lane64(rnd);
      }
    }
    regs[BASE] = SCRATCH_BASE;
    regs[INDEX] = 8L * rnd.nextInt(0, 17);
    long nzcv = InitialStates.nzcv(rnd);
    long fpcr = FpOperands.fpcr(rnd);
    long[] v = new long[64];
    for (int r = 0; r < 32; r++) {
      FpOperands.vector(rnd, v, r);
    }
    out.clear();
    int length = 1 + rnd.nextInt(8);
    while (out.size() < length) {
      int kind = rnd.nextInt(40);
      if (kind < 8) {
        FpMemoryOps.generate(rnd, out);
      } else if (kind == 8 && SYSREGS) {
        // MSR/MRS FPCR and FPSR (C5.2): the write masks of both, and FPCR changes mid-block.
        int rt = rnd.nextInt(INDEX);
        int reg = rnd.nextInt(2) << 5; // op2 0: FPCR, 1: FPSR
        boolean write = rnd.nextBoolean();
        out.add(new Insn((write ? 0xD51B_4400 : 0xD53B_4400) | reg | rt, write ? "msr fpcr/fpsr" : "mrs fpcr/fpsr"));
      } else {
        data();
      }
    }
    return new FpTestCase(number, regs, nzcv, fpcr, v, out, rnd.nextInt(16) == 0);
  }

  private void data() {
    int pick = rnd.nextInt(dataWeight);
    Template t = DATA.get(0);
    for (Template c : DATA) {
      pick -= c.weight();
      if (pick < 0) {
        t = c;
        break;
      }
    }
    int word = (rnd.nextInt() & ~t.mask()) | t.value();
    if (t.gprDest() && (word & 31) >= INDEX) {
      word = (word & ~31) | rnd.nextInt(INDEX);
    }
    out.add(new Insn(word, t.name()));
  }
}
