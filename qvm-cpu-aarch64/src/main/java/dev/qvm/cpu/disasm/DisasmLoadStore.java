package dev.qvm.cpu.disasm;

import static dev.qvm.cpu.disasm.DisassembledInstruction.of;
import static dev.qvm.cpu.disasm.Operands.field;
import static dev.qvm.cpu.disasm.Operands.reg;
import static dev.qvm.cpu.disasm.Operands.xOrSp;

import dev.qvm.cpu.decode.A64Decoder;

/**
 * Loads and stores of general registers (ARM ARM C4.1.88): literal, unsigned offset, unscaled,
 * pre/post-indexed, unprivileged and register offset single loads/stores, PRFM/PRFUM, and the
 * register pairs LDP/STP/LDNP/STNP/LDPSW/STGP.
 */
final class DisasmLoadStore {

  private DisasmLoadStore() {}

  /** Prefetch type, target and policy names (C6.2 PRFM), indexed by Rt; null = "#0x..". */
  private static final String[] PREFETCH_OPERATIONS = new String[32];

  static {
    String[] types = {"pld", "pli", "pst"};
    String[] targets = {"l1", "l2", "l3"};
    for (int t = 0; t < types.length; t++) {
      for (int target = 0; target < targets.length; target++) {
        PREFETCH_OPERATIONS[(t << 3) | (target << 1)] = types[t] + targets[target] + "keep";
        PREFETCH_OPERATIONS[(t << 3) | (target << 1) | 1] = types[t] + targets[target] + "strm";
      }
    }
  }

  static DisassembledInstruction format(int op, int insn, long pc) {
    return switch (op) {
      case A64Decoder.LDR_LIT, A64Decoder.LDRSW_LIT, A64Decoder.PRFM_LIT -> literal(op, insn, pc);
      case A64Decoder.LDST_UIMM, A64Decoder.LDST_IMM9, A64Decoder.LDST_REGOFF -> single(op, insn);
      case A64Decoder.STP, A64Decoder.LDP -> pair(op == A64Decoder.LDP, insn);
      default -> null;
    };
  }

  static String prefetchOperation(int rt) {
    String name = PREFETCH_OPERATIONS[rt];
    return name != null ? name : String.format("#0x%02x", rt);
  }

  /** LDR/LDRSW/PRFM (literal) (C6.2): the address is absolute. */
  private static DisassembledInstruction literal(int op, int insn, long pc) {
    int rt = field(insn, 0, 5);
    long target = pc + (Operands.signExtend(field(insn, 5, 19), 19) << 2);
    String where = Operands.address(target);
    DisassembledInstruction result = switch (op) {
      case A64Decoder.LDR_LIT -> of("ldr", reg(((insn >>> 30) & 1) != 0, rt) + ", " + where);
      case A64Decoder.LDRSW_LIT -> of("ldrsw", reg(true, rt) + ", " + where);
      default -> of("prfm", prefetchOperation(rt) + ", " + where);
    };
    return result.withTarget(target);
  }

  /**
   * The mnemonic stem and transfer register width for size:opc of a single load/store
   * (C4.1.88 "Load/store register" tables); null for the unallocated size/opc pairs.
   * Returns e.g. {@code "ldrsb"} with {@code wide[0]} set when Rt is an X register; the
   * stem {@code "prfm"} marks the prefetch encoding.
   */
  private static String stem(int size, int opc, boolean[] wide) {
    wide[0] = size == 3 || (opc == 2 && size != 3);
    String suffix = switch (size) {
      case 0 -> "b";
      case 1 -> "h";
      default -> "";
    };
    return switch (opc) {
      case 0 -> "str" + suffix;
      case 1 -> "ldr" + suffix;
      case 2 -> size == 3 ? "prfm" : "ldrs" + (size == 2 ? "w" : suffix);
      default -> size >= 2 ? null : "ldrs" + suffix;
    };
  }

  private static DisassembledInstruction single(int op, int insn) {
    int size = field(insn, 30, 2);
    int opc = field(insn, 22, 2);
    int rn = field(insn, 5, 5);
    int rt = field(insn, 0, 5);
    boolean[] wide = new boolean[1];
    String stem = stem(size, opc, wide);
    if (stem == null) {
      return DisassembledInstruction.undefined(insn);
    }
    boolean prefetch = stem.equals("prfm");
    String t = prefetch ? prefetchOperation(rt) : reg(wide[0], rt);
    switch (op) {
      case A64Decoder.LDST_UIMM: {
        long offset = (long) field(insn, 10, 12) << size;
        return of(stem, t + ", " + Operands.baseOffset(rn, offset));
      }
      case A64Decoder.LDST_IMM9: {
        long imm = Operands.signExtend(field(insn, 12, 9), 9);
        int idx = field(insn, 10, 2);
        if (prefetch && idx != 0) {
          return DisassembledInstruction.undefined(insn);
        }
        return switch (idx) {
          // LDUR/STUR (C6.2): the unscaled forms rename "ldr" to "ldur", "prfm" to "prfum".
          case 0 -> of(prefetch ? "prfum" : stem.replaceFirst("^(ld|st)r", "$1ur"),
              t + ", " + Operands.baseOffset(rn, imm));
          case 1 -> of(stem, t + ", [" + xOrSp(rn) + "], #" + imm);
          // LDTR/STTR (unprivileged, C6.2): "ldrsb" becomes "ldtrsb".
          case 2 -> of(stem.replaceFirst("^(ld|st)r", "$1tr"), t + ", " + Operands.baseOffset(rn, imm));
          default -> of(stem, t + ", [" + xOrSp(rn) + ", #" + imm + "]!");
        };
      }
      default: {
        int option = field(insn, 13, 3);
        if ((option & 2) == 0) {
          return DisassembledInstruction.undefined(insn);
        }
        boolean scaled = ((insn >>> 12) & 1) != 0;
        int rm = field(insn, 16, 5);
        String index = reg((option & 1) != 0, rm);
        String ext = option == 3 ? "lsl" : Operands.extendName(option);
        String amount = scaled ? " #" + size : "";
        String suffix = option == 3 && !scaled ? "" : ", " + ext + amount;
        return of(stem, t + ", [" + xOrSp(rn) + ", " + index + suffix + "]");
      }
    }
  }

  /** LDP/STP/LDNP/STNP/LDPSW/STGP (C4.1.88 "Load/store register pair"). */
  private static DisassembledInstruction pair(boolean load, int insn) {
    int opc = field(insn, 30, 2);
    int idx = field(insn, 23, 2);
    int rn = field(insn, 5, 5);
    int rt = field(insn, 0, 5);
    int rt2 = field(insn, 10, 5);
    long imm7 = Operands.signExtend(field(insn, 15, 7), 7);
    String mnemonic;
    boolean wide;
    int scale;
    switch (opc) {
      case 0 -> {
        mnemonic = load ? "ldp" : "stp";
        wide = false;
        scale = 2;
      }
      case 1 -> {
        // LDPSW, or STGP from the memory tagging extension (C6.2), scaled by the granule.
        mnemonic = load ? "ldpsw" : "stgp";
        wide = true;
        scale = load ? 2 : 4;
      }
      case 2 -> {
        mnemonic = load ? "ldp" : "stp";
        wide = true;
        scale = 3;
      }
      default -> {
        return DisassembledInstruction.undefined(insn);
      }
    }
    if (opc == 1 && load && (rt == rt2 || (idx != 2 && rn != 31 && (rn == rt || rn == rt2)))) {
      // objdump rejects the CONSTRAINED UNPREDICTABLE LDPSW forms (ARM ARM appendix K1).
      return DisassembledInstruction.undefined(insn);
    }
    if (idx == 0) {
      if (opc == 1) {
        return DisassembledInstruction.undefined(insn);
      }
      mnemonic = load ? "ldnp" : "stnp";
    }
    long offset = imm7 << scale;
    String regs = reg(wide, rt) + ", " + reg(wide, rt2) + ", ";
    return switch (idx) {
      case 1 -> of(mnemonic, regs + "[" + xOrSp(rn) + "], #" + offset);
      case 3 -> of(mnemonic, regs + "[" + xOrSp(rn) + ", #" + offset + "]!");
      default -> of(mnemonic, regs + Operands.baseOffset(rn, offset));
    };
  }
}
