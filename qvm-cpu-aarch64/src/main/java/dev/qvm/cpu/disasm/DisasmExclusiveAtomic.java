package dev.qvm.cpu.disasm;

import static dev.qvm.cpu.disasm.DisassembledInstruction.of;
import static dev.qvm.cpu.disasm.Operands.field;
import static dev.qvm.cpu.disasm.Operands.reg;
import static dev.qvm.cpu.disasm.Operands.xOrSp;

import dev.qvm.cpu.decode.A64Decoder;

/**
 * Load/store exclusive and ordered (ARM ARM C4.1.88 "Load/store exclusive", LDAR/STLR/LDLAR/
 * STLLR) and the FEAT_LSE atomics: CAS, CASP, SWP, LD&lt;op&gt; with their ST&lt;op&gt;
 * aliases, and FEAT_LRCPC's LDAPR.
 */
final class DisasmExclusiveAtomic {

  private DisasmExclusiveAtomic() {}

  private static final String[] ATOMIC_OPERATIONS = {
    "add", "clr", "eor", "set", "smax", "smin", "umax", "umin"
  };

  static DisassembledInstruction format(int op, int insn) {
    int size = field(insn, 30, 2);
    int rs = field(insn, 16, 5);
    int rt2 = field(insn, 10, 5);
    int rn = field(insn, 5, 5);
    int rt = field(insn, 0, 5);
    boolean wide = size == 3;
    String suffix = sizeSuffix(size);
    String base = "[" + xOrSp(rn) + "]";
    return switch (op) {
      case A64Decoder.STXR, A64Decoder.STLXR -> of(
          (op == A64Decoder.STXR ? "stxr" : "stlxr") + suffix,
          reg(false, rs) + ", " + reg(wide, rt) + ", " + base);
      case A64Decoder.LDXR, A64Decoder.LDAXR, A64Decoder.STLLR, A64Decoder.STLR,
          A64Decoder.LDLAR, A64Decoder.LDAR -> {
        if (op == A64Decoder.LDAR && (rt2 != 31 || !(rs == 31 || (rs == 15 && size != 1)))) {
          // objdump 2.40 decodes LDAR only when its should-be-one Rs and Rt2 are ones, except
          // that its opcode masks also let LDAR and LDARB through with Rs = 0b01111. The
          // other ordered and exclusive forms ignore both fields.
          yield DisassembledInstruction.undefined(insn);
        }
        String m = switch (op) {
          case A64Decoder.LDXR -> "ldxr";
          case A64Decoder.LDAXR -> "ldaxr";
          case A64Decoder.STLLR -> "stllr";
          case A64Decoder.STLR -> "stlr";
          case A64Decoder.LDLAR -> "ldlar";
          default -> "ldar";
        };
        yield of(m + suffix, reg(wide, rt) + ", " + base);
      }
      case A64Decoder.STXP, A64Decoder.STLXP -> {
        boolean pairWide = size == 3;
        yield of(op == A64Decoder.STXP ? "stxp" : "stlxp",
            reg(false, rs) + ", " + reg(pairWide, rt) + ", " + reg(pairWide, rt2) + ", " + base);
      }
      case A64Decoder.LDXP, A64Decoder.LDAXP -> of(op == A64Decoder.LDXP ? "ldxp" : "ldaxp",
          reg(size == 3, rt) + ", " + reg(size == 3, rt2) + ", " + base);
      case A64Decoder.CAS -> of("cas" + acquireRelease(insn, 22, 15) + suffix,
          reg(wide, rs) + ", " + reg(wide, rt) + ", " + base);
      case A64Decoder.CASP -> casp(insn, rs, rt, base);
      case A64Decoder.SWP -> of("swp" + acquireRelease(insn, 23, 22) + suffix,
          reg(wide, rs) + ", " + reg(wide, rt) + ", " + base);
      case A64Decoder.LDATOMIC -> atomic(insn, size, rs, rt, base);
      case A64Decoder.LDAPR -> of("ldapr" + suffix, reg(wide, rt) + ", " + base);
      default -> null;
    };
  }

  private static String sizeSuffix(int size) {
    return switch (size) {
      case 0 -> "b";
      case 1 -> "h";
      default -> "";
    };
  }

  /** "a", "l", "al" or "" from the acquire and release bits at the given positions. */
  private static String acquireRelease(int insn, int acquireBit, int releaseBit) {
    return (((insn >>> acquireBit) & 1) != 0 ? "a" : "") + (((insn >>> releaseBit) & 1) != 0 ? "l" : "");
  }

  /** CASP (C6.2): both register pairs must start at an even register. */
  private static DisassembledInstruction casp(int insn, int rs, int rt, String base) {
    if ((rs & 1) != 0 || (rt & 1) != 0) {
      return DisassembledInstruction.undefined(insn);
    }
    boolean wide = ((insn >>> 30) & 1) != 0;
    String m = "casp" + acquireRelease(insn, 22, 15);
    return of(m, reg(wide, rs) + ", " + reg(wide, rs + 1) + ", " + reg(wide, rt) + ", "
        + reg(wide, rt + 1) + ", " + base);
  }

  /** LD&lt;op&gt; (C6.2) and the ST&lt;op&gt; alias when Rt is the zero register. */
  private static DisassembledInstruction atomic(int insn, int size, int rs, int rt, String base) {
    boolean acquire = ((insn >>> 23) & 1) != 0;
    boolean release = ((insn >>> 22) & 1) != 0;
    String operation = ATOMIC_OPERATIONS[field(insn, 12, 3)];
    boolean wide = size == 3;
    String suffix = sizeSuffix(size);
    if (!acquire && rt == 31) {
      return of("st" + operation + (release ? "l" : "") + suffix, reg(wide, rs) + ", " + base);
    }
    return of("ld" + operation + acquireRelease(insn, 23, 22) + suffix,
        reg(wide, rs) + ", " + reg(wide, rt) + ", " + base);
  }
}
