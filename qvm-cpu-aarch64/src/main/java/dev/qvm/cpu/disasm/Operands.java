package dev.qvm.cpu.disasm;

/**
 * Operand spelling shared by the instruction groups: register names, immediates, conditions,
 * shifts, extends and addressing forms, each written the way GNU objdump writes it.
 */
final class Operands {

  private Operands() {}

  /** Condition names indexed by the 4-bit cond field (ARM ARM C1.2.4). */
  static final String[] CONDITIONS = {
    "eq", "ne", "cs", "cc", "mi", "pl", "vs", "vc", "hi", "ls", "ge", "lt", "gt", "le", "al", "nv"
  };

  /**
   * The other names objdump lists in a comment after a condition: the SVE-era aliases
   * (ARM ARM C1.2.4, Table C1-1 "Condition codes") and the hs/lo synonyms.
   */
  private static final String[] CONDITION_ALIASES = {
    "none", "any", "hs, nlast", "lo, ul, last", "first", "nfrst", null, null,
    "pmore", "plast", "tcont", "tstop", null, null, null, null
  };

  private static final String[] SHIFTS = {"lsl", "lsr", "asr", "ror"};
  private static final String[] EXTENDS = {"uxtb", "uxth", "uxtw", "uxtx", "sxtb", "sxth", "sxtw", "sxtx"};

  /** General register {@code n} of width 64 ({@code x}) or 32 ({@code w}); 31 is the zero register. */
  static String reg(boolean is64, int n) {
    if (n == 31) {
      return is64 ? "xzr" : "wzr";
    }
    return (is64 ? "x" : "w") + n;
  }

  /** General register {@code n} where encoding 31 names the stack pointer. */
  static String regOrSp(boolean is64, int n) {
    if (n == 31) {
      return is64 ? "sp" : "wsp";
    }
    return (is64 ? "x" : "w") + n;
  }

  static String x(int n) {
    return reg(true, n);
  }

  static String xOrSp(int n) {
    return regOrSp(true, n);
  }

  /** An immediate objdump prints in hexadecimal. */
  static String hex(long v) {
    return "#0x" + Long.toHexString(v);
  }

  /** An immediate objdump prints in decimal. */
  static String dec(long v) {
    return "#" + v;
  }

  /** A code address (branch, literal or ADR target), printed bare as objdump does. */
  static String address(long a) {
    return Long.toHexString(a);
  }

  static String cond(int c) {
    return CONDITIONS[c & 0xf];
  }

  /** objdump's comment on a B.cond mnemonic, e.g. {@code b.hs, b.nlast}; null when none. */
  static String branchConditionComment(int c) {
    String aliases = CONDITION_ALIASES[c & 0xf];
    if (aliases == null) {
      return null;
    }
    return "b." + aliases.replace(", ", ", b.");
  }

  /** objdump's comment on a condition operand, e.g. {@code cs = hs, nlast}; null when none. */
  static String conditionOperandComment(int c) {
    String aliases = CONDITION_ALIASES[c & 0xf];
    return aliases == null ? null : cond(c) + " = " + aliases;
  }

  static String shiftName(int type) {
    return SHIFTS[type & 3];
  }

  static String extendName(int option) {
    return EXTENDS[option & 7];
  }

  /** Sign-extends the low {@code bits} bits of {@code v}. */
  static long signExtend(long v, int bits) {
    return (v << (64 - bits)) >> (64 - bits);
  }

  /** Bits {@code [lo, lo + width)} of the instruction word. */
  static int field(int insn, int lo, int width) {
    return (insn >>> lo) & ((1 << width) - 1);
  }

  /** A base register with optional signed offset, {@code [x1]} or {@code [x1, #-8]}. */
  static String baseOffset(int rn, long offset) {
    return offset == 0 ? "[" + xOrSp(rn) + "]" : "[" + xOrSp(rn) + ", #" + offset + "]";
  }

  /**
   * DecodeBitMasks (ARM ARM J1, shared pseudocode) for a logical immediate; returns null when the
   * combination is reserved, which objdump reports as an undefined word.
   */
  static Long decodeBitMask(boolean is64, int n, int imms, int immr) {
    int combined = (n << 6) | (~imms & 0x3f);
    int len = 31 - Integer.numberOfLeadingZeros(combined);
    if (len < 1 || (!is64 && n != 0)) {
      return null;
    }
    int esize = 1 << len;
    int levels = esize - 1;
    int s = imms & levels;
    int r = immr & levels;
    if (s == levels) {
      return null;
    }
    long welem = (s + 1 == 64) ? -1L : (1L << (s + 1)) - 1;
    long elem = r == 0 ? welem : ((welem >>> r) | (welem << (esize - r)));
    if (esize < 64) {
      elem &= (1L << esize) - 1;
    }
    long result = 0;
    for (int i = 0; i < 64; i += esize) {
      result |= elem << i;
    }
    return is64 ? result : result & 0xffff_ffffL;
  }
}
