package dev.qvm.cpu.diff;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The encoding templates of {@link FpBlockGenerator}: one per encoding class of the ARM ARM
 * (C4.1.6 "Data Processing -- Scalar Floating-Point and Advanced SIMD" and its sub-tables),
 * written like the spec lines, each with the rule that says which field values are allocated in
 * ARMv8.0-A with the Cortex-A57's extensions (FP, AdvSIMD, AES, SHA1, SHA256, PMULL; no FP16,
 * RDM, DotProd or later). Most draws are redrawn until the rule accepts them, so the run is
 * spent on instructions that execute; {@link #ANY_PERCENT} of the draws (and the "any"
 * templates always) keep every field random, so UNDEFINED encodings are still compared.
 */
final class FpTemplates {

  /**
   * Percentage of draws with every free bit random, allocated or not ({@code
   * -Dqvm.diff.fp.anyPercent=100} gives the generator's old, uniform behaviour).
   */
  static final int ANY_PERCENT = Integer.getInteger("qvm.diff.fp.anyPercent", 3);

  /** Which values of a template's fields are allocated. */
  @FunctionalInterface
  interface Rule {
    boolean allocated(Fields f);

    Rule ANY = f -> true;
  }

  /** The named fields of one drawn word. */
  record Fields(int word, Map<String, int[]> layout) {
    int get(String name) {
      int[] lsbWidth = layout.get(name);
      return (word >>> lsbWidth[0]) & ((1 << lsbWidth[1]) - 1);
    }
  }

  /**
   * One encoding template: fixed bits and random bits, a weight, whether Rd may be an X, the
   * fields by name ({lsb, width}), and the allocation rule (null: always any value).
   */
  record Template(String name, int mask, int value, int weight, boolean gprDest,
      Map<String, int[]> layout, Rule rule) {

    /** A word of this template: allocated unless the draw is one of the "any value" ones. */
    int draw(SplittableRandom rnd) {
      boolean any = rule == null || rnd.nextInt(100) < ANY_PERCENT;
      int word;
      int tries = 0;
      do {
        word = (rnd.nextInt() & ~mask) | value;
      } while (!any && !rule.allocated(new Fields(word, layout)) && ++tries < 1000);
      if (tries == 1000) {
        throw new IllegalStateException(name + ": its rule accepts nothing");
      }
      return word;
    }
  }

  static final List<Template> DATA = new ArrayList<>();
  static int dataWeight;

  private FpTemplates() {}

  /** The names of all data-processing templates. */
  static List<String> names() {
    return DATA.stream().map(Template::name).toList();
  }

  /**
   * The "any" templates (no rule): probes of the unallocated space that may well never
   * execute.
   */
  static List<String> probes() {
    return DATA.stream().filter(t -> t.rule() == null).map(Template::name).toList();
  }

  private static void t(String name, int weight, boolean gprDest, String pattern, Rule rule) {
    int mask = 0;
    int value = 0;
    int bit = 32;
    Map<String, int[]> layout = new HashMap<>();
    for (String tok : pattern.trim().split("\\s+")) {
      int colon = tok.indexOf(':');
      if (colon > 0) {
        int width = Integer.parseInt(tok.substring(colon + 1));
        bit -= width;
        layout.put(tok.substring(0, colon), new int[] {bit, width});
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
    DATA.add(new Template(name, mask, value, weight, gprDest, layout, rule));
    dataWeight += weight;
  }

  static {
    // Integer AdvSIMD.
    t("copy", 6, true, "0 Q:1 op:1 01110000 imm5:5 0 imm4:4 1 Rn:5 Rd:5", FpTemplates::copy);
    t("scalar copy", 1, false, "01 op:1 11110000 imm5:5 0 imm4:4 1 Rn:5 Rd:5",
        f -> f.get("op") == 0 && f.get("imm4") == 0 && (f.get("imm5") & 0xF) != 0);
    t("table", 3, false, "0 Q:1 001110 00 0 Rm:5 0 len:2 op:1 00 Rn:5 Rd:5", Rule.ANY);
    // Permute: opcode 000 and 100 are unallocated; 64-bit lanes need Q = 1.
    t("permute", 4, false, "0 Q:1 001110 size:2 0 Rm:5 0 opcode:3 10 Rn:5 Rd:5",
        f -> (f.get("opcode") & 3) != 0 && !(f.get("size") == 3 && f.get("Q") == 0));
    // EXT: a 64-bit EXT takes imm4 < 8.
    t("extract", 2, false, "0 Q:1 101110 00 0 Rm:5 0 imm4:4 0 Rn:5 Rd:5",
        f -> f.get("Q") == 1 || f.get("imm4") < 8);
    // FMOV (vector, immediate) double precision (op = 1, cmode = 1111) needs Q = 1.
    t("modimm", 4, false, "0 Q:1 op:1 0111100000 abc:3 cmode:4 0 1 defgh:5 Rd:5",
        f -> !(f.get("op") == 1 && f.get("cmode") == 15 && f.get("Q") == 0));
    t("3same int", 10, false, "0 Q:1 U:1 01110 size:2 1 Rm:5 0 opcode:4 1 Rn:5 Rd:5",
        f -> threeSameInt(f.get("opcode"), f.get("U"), f.get("size"), f.get("Q"), false));
    t("3same int hi", 6, false, "0 Q:1 U:1 01110 size:2 1 Rm:5 10 opcode:3 1 Rn:5 Rd:5",
        f -> threeSameInt(0x10 | f.get("opcode"), f.get("U"), f.get("size"), f.get("Q"), false));
    t("scalar 3same int", 3, false, "01 U:1 11110 size:2 1 Rm:5 0 opcode:4 1 Rn:5 Rd:5",
        f -> threeSameInt(f.get("opcode"), f.get("U"), f.get("size"), 1, true));
    t("scalar 3same int hi", 2, false, "01 U:1 11110 size:2 1 Rm:5 10 opcode:3 1 Rn:5 Rd:5",
        f -> threeSameInt(0x10 | f.get("opcode"), f.get("U"), f.get("size"), 1, true));
    t("3diff", 6, false, "0 Q:1 U:1 01110 size:2 1 Rm:5 opcode:4 00 Rn:5 Rd:5",
        FpTemplates::threeDifferent);
    // Scalar three different: only SQDMLAL, SQDMLSL, SQDMULL with H or S sources.
    t("scalar 3diff", 1, false, "01 U:1 11110 size:2 1 Rm:5 opcode:4 00 Rn:5 Rd:5",
        f -> f.get("U") == 0 && (f.get("opcode") == 9 || f.get("opcode") == 11
            || f.get("opcode") == 13) && (f.get("size") == 1 || f.get("size") == 2));
    t("2misc int", 8, false, "0 Q:1 U:1 01110 size:2 10000 0 opcode:4 10 Rn:5 Rd:5",
        f -> twoRegMisc(f.get("opcode"), f.get("U"), f.get("size"), f.get("Q"), false));
    t("2misc int hi", 3, false, "0 Q:1 U:1 01110 size:2 10000 10 opcode:3 10 Rn:5 Rd:5",
        f -> twoRegMisc(0x10 | f.get("opcode"), f.get("U"), f.get("size"), f.get("Q"), false));
    t("scalar 2misc int", 2, false, "01 U:1 11110 size:2 10000 0 opcode:4 10 Rn:5 Rd:5",
        f -> twoRegMisc(f.get("opcode"), f.get("U"), f.get("size"), 1, true));
    t("scalar 2misc int hi", 1, false, "01 U:1 11110 size:2 10000 10 opcode:3 10 Rn:5 Rd:5",
        f -> twoRegMisc(0x10 | f.get("opcode"), f.get("U"), f.get("size"), 1, true));
    t("across int", 4, false, "0 Q:1 U:1 01110 size:2 11000 opcode:5 10 Rn:5 Rd:5",
        FpTemplates::acrossLanes);
    t("scalar pair", 1, false, "01 U:1 11110 size:2 11000 opcode:5 10 Rn:5 Rd:5",
        FpTemplates::scalarPairwise);
    t("shift imm", 8, false, "0 Q:1 U:1 011110 immh:4 immb:3 opcode:5 1 Rn:5 Rd:5",
        f -> shiftImmediate(f.get("opcode"), f.get("U"), f.get("immh"), f.get("Q"), false));
    t("scalar shift imm", 3, false, "01 U:1 111110 immh:4 immb:3 opcode:5 1 Rn:5 Rd:5",
        f -> shiftImmediate(f.get("opcode"), f.get("U"), f.get("immh"), 1, true));
    t("elem", 4, false, "0 Q:1 U:1 01111 size:2 L:1 M:1 Rm:4 opcode:4 H:1 0 Rn:5 Rd:5",
        f -> byElement(f.get("opcode"), f.get("U"), f.get("size"), f.get("L"), f.get("Q"), false));
    t("scalar elem", 1, false, "01 U:1 11111 size:2 L:1 M:1 Rm:4 opcode:4 H:1 0 Rn:5 Rd:5",
        f -> byElement(f.get("opcode"), f.get("U"), f.get("size"), f.get("L"), 1, true));
    // Advanced SIMD floating point.
    t("3same fp", 10, false, "0 Q:1 U:1 01110 size:2 1 Rm:5 11 opcode:3 1 Rn:5 Rd:5",
        f -> threeSameFp(f.get("opcode"), f.get("U"), f.get("size"), f.get("Q"), false));
    t("scalar 3same fp", 3, false, "01 U:1 11110 size:2 1 Rm:5 11 opcode:3 1 Rn:5 Rd:5",
        f -> threeSameFp(f.get("opcode"), f.get("U"), f.get("size"), 1, true));
    t("2misc fp", 6, false, "0 Q:1 U:1 01110 size:2 10000 11 opcode:3 10 Rn:5 Rd:5",
        f -> twoRegMisc(0x18 | f.get("opcode"), f.get("U"), f.get("size"), f.get("Q"), false));
    t("2misc fp cmp", 3, false, "0 Q:1 U:1 01110 size:2 10000 011 opcode:2 10 Rn:5 Rd:5",
        f -> twoRegMisc(0x0C | f.get("opcode"), f.get("U"), f.get("size"), f.get("Q"), false));
    t("scalar 2misc fp", 3, false, "01 U:1 11110 size:2 10000 11 opcode:3 10 Rn:5 Rd:5",
        f -> twoRegMisc(0x18 | f.get("opcode"), f.get("U"), f.get("size"), 1, true));
    // Cryptographic extension (C4.1.6 "Cryptographic AES / three-register SHA / two-register
    // SHA"): size must be 00; SHA three-register opcode 111 and two-register 00011 are
    // unallocated.
    t("crypto aes", 2, false, "01001110 size:2 10100 001 opcode:2 10 Rn:5 Rd:5",
        f -> f.get("size") == 0);
    t("crypto sha3", 3, false, "01011110 size:2 0 Rm:5 0 opcode:3 00 Rn:5 Rd:5",
        f -> f.get("size") == 0 && f.get("opcode") != 7);
    t("crypto sha2", 1, false, "01011110 size:2 10100 000 opcode:2 10 Rn:5 Rd:5",
        f -> f.get("size") == 0 && f.get("opcode") != 3);
    // Scalar floating point; type 10 is unallocated and type 11 (half) needs FEAT_FP16 except
    // in FCVT.
    t("fp 1src", 6, false, "0 0 0 11110 type:2 1 0 opcode:5 10000 Rn:5 Rd:5",
        FpTemplates::fpOneSource);
    t("fp 1src any", 1, false, "0 0 0 11110 type:2 1 opcode:6 10000 Rn:5 Rd:5", null);
    t("fp any", 1, true, "M:1 0 S:1 11110 type:2 x:1 rest:21", null);
    t("simd any", 1, true, "0 Q:1 U:1 0111 rest:25", null);
    t("simd scalar any", 1, true, "01 U:1 1111 rest:25", null);
    t("fp 2src", 8, false, "0 0 0 11110 type:2 1 Rm:5 opcode:4 10 Rn:5 Rd:5",
        f -> singleOrDouble(f) && f.get("opcode") <= 8);
    t("fp 3src", 5, false, "0 0 0 11111 type:2 o1:1 Rm:5 o0:1 Ra:5 Rn:5 Rd:5",
        FpTemplates::singleOrDouble);
    t("fp compare", 3, false, "0 0 0 11110 type:2 1 Rm:5 00 1000 Rn:5 opcode2:2 000",
        FpTemplates::singleOrDouble);
    t("fp ccmp", 2, false, "0 0 0 11110 type:2 1 Rm:5 cond:4 01 Rn:5 op:1 nzcv:4",
        FpTemplates::singleOrDouble);
    t("fp csel", 1, false, "0 0 0 11110 type:2 1 Rm:5 cond:4 11 Rn:5 Rd:5",
        FpTemplates::singleOrDouble);
    t("fp imm", 1, false, "0 0 0 11110 type:2 1 imm8:8 100 00000 Rd:5",
        FpTemplates::singleOrDouble);
    t("fp cvt int", 6, true, "sf:1 0 0 11110 type:2 1 rmode:2 opcode:3 000000 Rn:5 Rd:5",
        FpTemplates::fpIntegerConversion);
    // Fixed-point conversions: only SCVTF/UCVTF (rmode 00) and FCVTZS/FCVTZU (rmode 11); a
    // 32-bit integer takes scale >= 32 (fbits = 64 - scale <= 32).
    t("fp cvt fixed", 3, true, "sf:1 0 0 11110 type:2 0 rmode:2 opcode:3 scale:6 Rn:5 Rd:5",
        f -> singleOrDouble(f) && (f.get("sf") == 1 || f.get("scale") >= 32)
            && (f.get("rmode") == 0 && (f.get("opcode") == 2 || f.get("opcode") == 3)
                || f.get("rmode") == 3 && f.get("opcode") <= 1));
  }

  // ------------------------------------------------------------------ allocation rules

  private static boolean singleOrDouble(Fields f) {
    return f.get("type") <= 1;
  }

  /**
   * C4.1.6 "Advanced SIMD copy": the lowest set bit of imm5 is the lane size (imm5 = x0000 is
   * unallocated); DUP (element/general) and INS of 64-bit lanes need Q = 1; SMOV reads B/H (and
   * S with Q = 1); UMOV reads B/H/S with Q = 0 and D with Q = 1; INS needs Q = 1.
   */
  private static boolean copy(Fields f) {
    int imm5 = f.get("imm5");
    if ((imm5 & 0xF) == 0) {
      return false;
    }
    int size = Integer.numberOfTrailingZeros(imm5);
    int q = f.get("Q");
    if (f.get("op") == 1) {
      return q == 1; // INS (element)
    }
    return switch (f.get("imm4")) {
      case 0b0000, 0b0001 -> size < 3 || q == 1; // DUP (element), DUP (general)
      case 0b0011 -> q == 1; // INS (general)
      case 0b0101 -> size < 2 || (size == 2 && q == 1); // SMOV
      case 0b0111 -> q == 0 ? size < 3 : size == 3; // UMOV
      default -> false;
    };
  }

  /**
   * C4.1.6 "Advanced SIMD three same" / "scalar three same" (opcode 0x00-0x17): vector 64-bit
   * lanes need Q = 1; halving, min/max, absolute difference and multiply have no 64-bit form;
   * SQDMULH/SQRDMULH only H and S; PMUL only bytes; the scalar forms exist only for the
   * saturating and shift ops (any size) and the compares, shifts and ADD/SUB (64-bit).
   */
  private static boolean threeSameInt(int opcode, int u, int size, int q, boolean scalar) {
    if (scalar) {
      return switch (opcode) {
        case 0x01, 0x05, 0x09, 0x0B -> true;
        case 0x06, 0x07, 0x08, 0x0A, 0x10, 0x11 -> size == 3;
        case 0x16 -> size == 1 || size == 2;
        default -> false;
      };
    }
    if (size == 3 && q == 0 && opcode != 0x03) {
      return false;
    }
    return switch (opcode) {
      case 0x00, 0x02, 0x04, 0x0C, 0x0D, 0x0E, 0x0F, 0x12, 0x14, 0x15 -> size != 3;
      case 0x13 -> u == 0 ? size != 3 : size == 0; // MUL, PMUL
      case 0x16 -> size == 1 || size == 2;
      case 0x17 -> u == 0; // ADDP
      default -> true;
    };
  }

  /**
   * C4.1.6 "Advanced SIMD three different": no 64-bit source lanes except PMULL (opcode 1110)
   * with size 11 (the crypto extension's 64x64 PMULL); the SQDML* forms are signed only, H and
   * S; opcode 1111 is unallocated.
   */
  private static boolean threeDifferent(Fields f) {
    int opcode = f.get("opcode");
    int size = f.get("size");
    int u = f.get("U");
    return switch (opcode) {
      case 0x9, 0xB, 0xD -> u == 0 && (size == 1 || size == 2);
      case 0xE -> u == 0 && (size == 0 || size == 3);
      case 0xF -> false;
      default -> size != 3;
    };
  }

  /**
   * C4.1.6 "Advanced SIMD two-register miscellaneous" and its scalar table. The FP opcodes
   * (0x0C-0x0F, 0x16-0x1F) take size&lt;1&gt; as part of the opcode and size&lt;0&gt; as sz (double
   * vectors need Q = 1); integer vector ops with 64-bit lanes need Q = 1.
   */
  private static boolean twoRegMisc(int opcode, int u, int size, int q, boolean scalar) {
    boolean hi = size >= 2;
    boolean sz = (size & 1) == 1;
    boolean fpVectorOk = !(sz && q == 0);
    if (scalar) {
      return switch (opcode) {
        case 0x03, 0x07 -> true; // SUQADD/USQADD, SQABS/SQNEG
        case 0x08, 0x09, 0x0B -> size == 3; // CMGT/CMGE, CMEQ/CMLE zero, ABS/NEG
        case 0x0A -> u == 0 && size == 3; // CMLT zero
        case 0x0C, 0x0D -> hi; // FCMGT/FCMGE, FCMEQ/FCMLE zero
        case 0x0E -> u == 0 && hi; // FCMLT zero
        case 0x12 -> u == 1 && size != 3; // SQXTUN
        case 0x14 -> size != 3; // SQXTN/UQXTN
        case 0x16 -> u == 1 && size == 1; // FCVTXN
        case 0x1A, 0x1B -> true; // FCVTN*, FCVTP*, FCVTM*, FCVTZ*
        case 0x1C -> !hi; // FCVTA*
        case 0x1D -> true; // SCVTF/UCVTF, FRECPE/FRSQRTE
        case 0x1F -> u == 0 && hi; // FRECPX
        default -> false;
      };
    }
    return switch (opcode) {
      case 0x00 -> u == 0 ? size != 3 : size <= 1; // REV64, REV32
      case 0x01 -> u == 0 && size == 0; // REV16
      case 0x02, 0x04, 0x06 -> size != 3; // S/UADDLP, CLS/CLZ, S/UADALP
      case 0x05 -> u == 0 ? size == 0 : size <= 1; // CNT; NOT, RBIT
      case 0x03, 0x07, 0x08, 0x09, 0x0B -> size != 3 || q == 1;
      case 0x0A -> u == 0 && (size != 3 || q == 1); // CMLT zero
      case 0x0C, 0x0D, 0x0F -> hi && fpVectorOk; // FP compares with zero, FABS/FNEG
      case 0x0E -> u == 0 && hi && fpVectorOk; // FCMLT zero
      case 0x12, 0x14 -> size != 3; // XTN/SQXTUN, SQXTN/UQXTN
      case 0x13 -> u == 1 && size != 3; // SHLL
      case 0x16 -> u == 0 ? !hi : size == 1; // FCVTN, FCVTXN
      case 0x17 -> u == 0 && !hi; // FCVTL
      case 0x18 -> (u == 0 || !hi) && fpVectorOk; // FRINTN/P, FRINTA
      case 0x19, 0x1A, 0x1B, 0x1D -> fpVectorOk; // FRINT*, FCVT*, S/UCVTF, FRECPE/FRSQRTE
      case 0x1C -> hi ? size == 2 : fpVectorOk; // URECPE/URSQRTE (S lanes); FCVTAS/AU
      case 0x1F -> u == 1 && hi && fpVectorOk; // FSQRT
      default -> false;
    };
  }

  /**
   * C4.1.6 "Advanced SIMD across lanes": integer reductions have no 64-bit lanes and no 2S
   * form; the FP ones (FMAXNMV, FMAXV, FMINNMV, FMINV) are U = 1, Q = 1, single precision.
   */
  private static boolean acrossLanes(Fields f) {
    int opcode = f.get("opcode");
    int size = f.get("size");
    int q = f.get("Q");
    int u = f.get("U");
    boolean intOk = size != 3 && !(size == 2 && q == 0);
    return switch (opcode) {
      case 0x03, 0x0A, 0x1A -> intOk; // S/UADDLV, S/UMAXV, S/UMINV
      case 0x1B -> u == 0 && intOk; // ADDV
      case 0x0C, 0x0F -> u == 1 && q == 1 && (size & 1) == 0;
      default -> false;
    };
  }

  /**
   * C4.1.6 "Advanced SIMD scalar pairwise": ADDP of a 2D vector, and FMAXNMP, FADDP, FMAXP,
   * FMINNMP, FMINP (U = 1; size&lt;1&gt; chooses min over max).
   */
  private static boolean scalarPairwise(Fields f) {
    int opcode = f.get("opcode");
    int size = f.get("size");
    if (f.get("U") == 0) {
      return opcode == 0x1B && size == 3;
    }
    return switch (opcode) {
      case 0x0C, 0x0F -> true;
      case 0x0D -> size < 2;
      default -> false;
    };
  }

  /**
   * C4.1.6 "Advanced SIMD shift by immediate" and its scalar table: immh = 0000 is the modified
   * immediate class; 64-bit lanes need Q = 1; narrowing and widening shifts have no 64-bit
   * destination (source) lanes; FP fixed-point conversions need S or D lanes (H is FEAT_FP16).
   * The scalar forms of the plain shifts are 64-bit only, and there is no scalar SHRN/RSHRN or
   * SSHLL.
   */
  private static boolean shiftImmediate(int opcode, int u, int immh, int q, boolean scalar) {
    if (immh == 0) {
      return false;
    }
    boolean d = immh >= 8;
    boolean vectorOk = !d || q == 1;
    return switch (opcode) {
      case 0x00, 0x02, 0x04, 0x06, 0x0A -> scalar ? d : vectorOk;
      case 0x08 -> u == 1 && (scalar ? d : vectorOk); // SRI
      case 0x0C -> u == 1 && vectorOk; // SQSHLU
      case 0x0E -> vectorOk; // SQSHL/UQSHL (immediate)
      case 0x10, 0x11 -> !d && (u == 1 || !scalar); // SHRN/RSHRN, SQSHRUN/SQRSHRUN
      case 0x12, 0x13 -> !d; // SQSHRN/UQSHRN, SQRSHRN/UQRSHRN
      case 0x14 -> !scalar && !d; // SSHLL/USHLL
      case 0x1C, 0x1F -> immh >= 4 && vectorOk; // S/UCVTF, FCVTZS/U (fixed point)
      default -> false;
    };
  }

  /**
   * C4.1.6 "Advanced SIMD (scalar) x indexed element": integer forms take H or S lanes; FP forms
   * (FMLA, FMLS, FMUL, FMULX) take S or D (H is FEAT_FP16), and a D element index is H alone
   * (L = 1 is unallocated) with Q = 1 for vectors. SQRDMLAH/SDOT and the complex forms are later
   * extensions.
   */
  private static boolean byElement(int opcode, int u, int size, int l, int q, boolean scalar) {
    boolean intOk = size == 1 || size == 2;
    boolean fpOk = size >= 2 && !(size == 3 && (l == 1 || q == 0));
    if (u == 0) {
      return switch (opcode) {
        case 0x1, 0x5, 0x9 -> fpOk;
        case 0x3, 0x7, 0xB, 0xC, 0xD -> intOk;
        case 0x2, 0x6, 0x8, 0xA -> !scalar && intOk;
        default -> false;
      };
    }
    return switch (opcode) {
      case 0x9 -> fpOk; // FMULX
      case 0x0, 0x2, 0x4, 0x6, 0xA -> !scalar && intOk;
      default -> false;
    };
  }

  /**
   * C4.1.6 "Advanced SIMD (scalar) three same" with opcode 11xxx: the FP operations, indexed by
   * U:size&lt;1&gt;:opcode; size&lt;0&gt; is sz and double vectors need Q = 1. The scalar table
   * has only FMULX, the compares, FRECPS, FRSQRTS and FABD.
   */
  private static boolean threeSameFp(int opcode, int u, int size, int q, boolean scalar) {
    int op = (u << 4) | ((size >> 1) << 3) | opcode;
    if (scalar) {
      return switch (op) {
        case 0x03, 0x04, 0x07, 0x0F, 0x14, 0x15, 0x1A, 0x1C, 0x1D -> true;
        default -> false;
      };
    }
    if ((size & 1) == 1 && q == 0) {
      return false;
    }
    return switch (op) {
      case 0x05, 0x0B, 0x0C, 0x0D, 0x11, 0x19, 0x1B, 0x1F -> false;
      default -> true;
    };
  }

  /**
   * C4.1.6 "Floating-point data-processing (1 source)": FMOV, FABS, FNEG, FSQRT, FCVT and the
   * FRINTs (opcode 000110 and 001101 unallocated; FRINT32/64 are FEAT_FRINTTS). FCVT converts
   * between different precisions only, and is the one place where type 11 (half) is allowed.
   */
  private static boolean fpOneSource(Fields f) {
    int type = f.get("type");
    int opcode = f.get("opcode");
    if (type == 2) {
      return false;
    }
    return switch (opcode) {
      case 0x04 -> type != 0; // FCVT to single
      case 0x05 -> type != 1; // FCVT to double
      case 0x07 -> type != 3; // FCVT to half
      case 0x06, 0x0D -> false;
      default -> opcode < 0x10 && type != 3;
    };
  }

  /**
   * C4.1.6 "Conversion between floating-point and integer": FCVT{N,P,M,Z}{S,U} take any rmode;
   * SCVTF/UCVTF and FCVTA{S,U} rmode 00; FMOV (general) W-S, X-D (rmode 00) and X-V.D[1]
   * (rmode 01, type 10).
   */
  private static boolean fpIntegerConversion(Fields f) {
    int type = f.get("type");
    int rmode = f.get("rmode");
    int opcode = f.get("opcode");
    int sf = f.get("sf");
    if (opcode >= 6) {
      return rmode == 0 && type == sf && type <= 1 || rmode == 1 && sf == 1 && type == 2;
    }
    return type <= 1 && (opcode <= 1 || rmode == 0);
  }
}
