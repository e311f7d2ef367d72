package dev.qvm.cpu.disasm;

import static dev.qvm.cpu.disasm.DisassembledInstruction.of;
import static dev.qvm.cpu.disasm.Operands.field;
import static dev.qvm.cpu.disasm.Operands.hex;
import static dev.qvm.cpu.disasm.Operands.reg;
import static dev.qvm.cpu.disasm.Operands.regOrSp;

import dev.qvm.cpu.decode.A64Decoder;

/**
 * Data processing -- register (ARM ARM C4.1.89): logical and add/subtract (shifted and
 * extended register), with carry, conditional compare and select, 1- and 2-source operations
 * and multiply-add, with objdump's preferred aliases.
 */
final class DisasmDataRegister {

  private DisasmDataRegister() {}

  static DisassembledInstruction format(int op, int insn) {
    boolean sf = (insn >>> 31) != 0;
    int rd = field(insn, 0, 5);
    int rn = field(insn, 5, 5);
    int rm = field(insn, 16, 5);
    return switch (op) {
      case A64Decoder.AND_SR, A64Decoder.BIC_SR, A64Decoder.ORR_SR, A64Decoder.ORN_SR,
          A64Decoder.EOR_SR, A64Decoder.EON_SR, A64Decoder.ANDS_SR, A64Decoder.BICS_SR ->
          logicalShifted(op, insn, sf, rd, rn, rm);
      case A64Decoder.ADD_SR, A64Decoder.ADDS_SR, A64Decoder.SUB_SR, A64Decoder.SUBS_SR ->
          addSubShifted(op, insn, sf, rd, rn, rm);
      case A64Decoder.ADD_ER, A64Decoder.ADDS_ER, A64Decoder.SUB_ER, A64Decoder.SUBS_ER ->
          addSubExtended(op, insn, sf, rd, rn, rm);
      case A64Decoder.ADC, A64Decoder.ADCS, A64Decoder.SBC, A64Decoder.SBCS ->
          withCarry(op, sf, rd, rn, rm);
      case A64Decoder.CCMN_REG, A64Decoder.CCMP_REG, A64Decoder.CCMN_IMM, A64Decoder.CCMP_IMM ->
          conditionalCompare(op, insn, sf, rn, rm);
      case A64Decoder.CSEL, A64Decoder.CSINC, A64Decoder.CSINV, A64Decoder.CSNEG ->
          conditionalSelect(op, insn, sf, rd, rn, rm);
      case A64Decoder.UDIV, A64Decoder.SDIV, A64Decoder.LSLV, A64Decoder.LSRV, A64Decoder.ASRV,
          A64Decoder.RORV -> twoSource(op, sf, rd, rn, rm);
      case A64Decoder.CRC32 -> crc32(insn, sf, rd, rn, rm);
      case A64Decoder.RBIT, A64Decoder.REV16, A64Decoder.REV32, A64Decoder.REV64, A64Decoder.CLZ,
          A64Decoder.CLS -> oneSource(op, insn, sf, rd, rn);
      case A64Decoder.MADD, A64Decoder.MSUB, A64Decoder.SMADDL, A64Decoder.SMSUBL,
          A64Decoder.SMULH, A64Decoder.UMADDL, A64Decoder.UMSUBL, A64Decoder.UMULH ->
          multiply(op, insn, sf, rd, rn, rm);
      default -> null;
    };
  }

  /** {@code rm} with a shift suffix; objdump leaves out only {@code lsl #0}. */
  private static String shifted(boolean sf, int rm, int type, int amount) {
    String r = reg(sf, rm);
    if (type == 0 && amount == 0) {
      return r;
    }
    return r + ", " + Operands.shiftName(type) + " #" + amount;
  }

  /** Logical (shifted register) (C4.1.89) with the MOV, MVN and TST aliases. */
  private static DisassembledInstruction logicalShifted(
      int op, int insn, boolean sf, int rd, int rn, int rm) {
    int type = field(insn, 22, 2);
    int amount = field(insn, 10, 6);
    if (!sf && amount >= 32) {
      return DisassembledInstruction.undefined(insn);
    }
    String m = shifted(sf, rm, type, amount);
    String d = reg(sf, rd);
    String n = reg(sf, rn);
    switch (op) {
      case A64Decoder.ORR_SR:
        if (rn == 31 && type == 0 && amount == 0) {
          return of("mov", d + ", " + m);
        }
        return of("orr", d + ", " + n + ", " + m);
      case A64Decoder.ORN_SR:
        if (rn == 31) {
          return of("mvn", d + ", " + m);
        }
        return of("orn", d + ", " + n + ", " + m);
      case A64Decoder.ANDS_SR:
        if (rd == 31) {
          return of("tst", n + ", " + m);
        }
        return of("ands", d + ", " + n + ", " + m);
      default:
        String mnemonic = switch (op) {
          case A64Decoder.AND_SR -> "and";
          case A64Decoder.BIC_SR -> "bic";
          case A64Decoder.EOR_SR -> "eor";
          case A64Decoder.EON_SR -> "eon";
          default -> "bics";
        };
        return of(mnemonic, d + ", " + n + ", " + m);
    }
  }

  /** Add/subtract (shifted register) (C4.1.89) with CMP, CMN, NEG and NEGS. */
  private static DisassembledInstruction addSubShifted(
      int op, int insn, boolean sf, int rd, int rn, int rm) {
    int type = field(insn, 22, 2);
    int amount = field(insn, 10, 6);
    if (type == 3 || (!sf && amount >= 32)) {
      return DisassembledInstruction.undefined(insn);
    }
    boolean sub = op == A64Decoder.SUB_SR || op == A64Decoder.SUBS_SR;
    boolean setFlags = op == A64Decoder.ADDS_SR || op == A64Decoder.SUBS_SR;
    String m = shifted(sf, rm, type, amount);
    if (setFlags && rd == 31) {
      return of(sub ? "cmp" : "cmn", reg(sf, rn) + ", " + m);
    }
    if (sub && rn == 31) {
      return of(setFlags ? "negs" : "neg", reg(sf, rd) + ", " + m);
    }
    String mnemonic = (sub ? "sub" : "add") + (setFlags ? "s" : "");
    return of(mnemonic, reg(sf, rd) + ", " + reg(sf, rn) + ", " + m);
  }

  /**
   * Add/subtract (extended register) (C4.1.89). objdump writes the extend as {@code lsl}
   * when it is the register-width UXTW/UXTX next to SP, and omits a zero amount.
   */
  private static DisassembledInstruction addSubExtended(
      int op, int insn, boolean sf, int rd, int rn, int rm) {
    int option = field(insn, 13, 3);
    int amount = field(insn, 10, 3);
    if (amount > 4) {
      return DisassembledInstruction.undefined(insn);
    }
    boolean sub = op == A64Decoder.SUB_ER || op == A64Decoder.SUBS_ER;
    boolean setFlags = op == A64Decoder.ADDS_ER || op == A64Decoder.SUBS_ER;
    boolean spInvolved = rn == 31 || (!setFlags && rd == 31);
    boolean widthExtend = option == (sf ? 3 : 2);
    String m = reg(sf && (option & 3) == 3, rm);
    String ext;
    if (spInvolved && widthExtend) {
      ext = amount == 0 ? "" : ", lsl #" + amount;
    } else {
      ext = ", " + Operands.extendName(option) + (amount == 0 ? "" : " #" + amount);
    }
    String n = regOrSp(sf, rn);
    if (setFlags && rd == 31) {
      return of(sub ? "cmp" : "cmn", n + ", " + m + ext);
    }
    String d = setFlags ? reg(sf, rd) : regOrSp(sf, rd);
    String mnemonic = (sub ? "sub" : "add") + (setFlags ? "s" : "");
    return of(mnemonic, d + ", " + n + ", " + m + ext);
  }

  /** ADC/ADCS/SBC/SBCS (C4.1.89) with NGC and NGCS. */
  private static DisassembledInstruction withCarry(int op, boolean sf, int rd, int rn, int rm) {
    boolean sub = op == A64Decoder.SBC || op == A64Decoder.SBCS;
    boolean setFlags = op == A64Decoder.ADCS || op == A64Decoder.SBCS;
    if (sub && rn == 31) {
      return of(setFlags ? "ngcs" : "ngc", reg(sf, rd) + ", " + reg(sf, rm));
    }
    String mnemonic = (sub ? "sbc" : "adc") + (setFlags ? "s" : "");
    return of(mnemonic, reg(sf, rd) + ", " + reg(sf, rn) + ", " + reg(sf, rm));
  }

  /** CCMN/CCMP, register and immediate forms (C4.1.89). */
  private static DisassembledInstruction conditionalCompare(
      int op, int insn, boolean sf, int rn, int rm) {
    int cond = field(insn, 12, 4);
    int nzcv = field(insn, 0, 4);
    boolean immediate = op == A64Decoder.CCMN_IMM || op == A64Decoder.CCMP_IMM;
    boolean cmp = op == A64Decoder.CCMP_REG || op == A64Decoder.CCMP_IMM;
    String second = immediate ? hex(rm) : reg(sf, rm);
    return of(
            cmp ? "ccmp" : "ccmn",
            reg(sf, rn) + ", " + second + ", " + hex(nzcv) + ", " + Operands.cond(cond))
        .withComment(conditionComment(cond));
  }

  private static String conditionComment(int cond) {
    String c = Operands.conditionOperandComment(cond);
    return c == null ? null : "// " + c;
  }

  /** CSEL/CSINC/CSINV/CSNEG (C4.1.89) with CSET, CSETM, CINC, CINV and CNEG. */
  private static DisassembledInstruction conditionalSelect(
      int op, int insn, boolean sf, int rd, int rn, int rm) {
    int cond = field(insn, 12, 4);
    String d = reg(sf, rd);
    boolean invertible = (cond >>> 1) != 7;
    int inverted = cond ^ 1;
    if (op != A64Decoder.CSEL && invertible && rn == rm) {
      if (op != A64Decoder.CSNEG && rn == 31) {
        String m = op == A64Decoder.CSINC ? "cset" : "csetm";
        return of(m, d + ", " + Operands.cond(inverted)).withComment(conditionComment(inverted));
      }
      String m = switch (op) {
        case A64Decoder.CSINC -> "cinc";
        case A64Decoder.CSINV -> "cinv";
        default -> "cneg";
      };
      return of(m, d + ", " + reg(sf, rn) + ", " + Operands.cond(inverted))
          .withComment(conditionComment(inverted));
    }
    String m = switch (op) {
      case A64Decoder.CSEL -> "csel";
      case A64Decoder.CSINC -> "csinc";
      case A64Decoder.CSINV -> "csinv";
      default -> "csneg";
    };
    return of(m, d + ", " + reg(sf, rn) + ", " + reg(sf, rm) + ", " + Operands.cond(cond))
        .withComment(conditionComment(cond));
  }

  /** Data-processing (2 source) (C4.1.89); objdump prints the shifts by their alias names. */
  private static DisassembledInstruction twoSource(int op, boolean sf, int rd, int rn, int rm) {
    String m = switch (op) {
      case A64Decoder.UDIV -> "udiv";
      case A64Decoder.SDIV -> "sdiv";
      case A64Decoder.LSLV -> "lsl";
      case A64Decoder.LSRV -> "lsr";
      case A64Decoder.ASRV -> "asr";
      default -> "ror";
    };
    return of(m, reg(sf, rd) + ", " + reg(sf, rn) + ", " + reg(sf, rm));
  }

  /** CRC32B/H/W/X and CRC32CB/CH/CW/CX (C6.2): only X takes a 64-bit Rm. */
  private static DisassembledInstruction crc32(int insn, boolean sf, int rd, int rn, int rm) {
    int sz = field(insn, 10, 2);
    boolean castagnoli = ((insn >>> 12) & 1) != 0;
    if (sf != (sz == 3)) {
      return DisassembledInstruction.undefined(insn);
    }
    String m = "crc32" + (castagnoli ? "c" : "") + "bhwx".charAt(sz);
    return of(m, reg(false, rd) + ", " + reg(false, rn) + ", " + reg(sz == 3, rm));
  }

  /** Data-processing (1 source) (C4.1.89). REV32 on W registers is REV; REV64 is X-only. */
  private static DisassembledInstruction oneSource(int op, int insn, boolean sf, int rd, int rn) {
    String m;
    switch (op) {
      case A64Decoder.RBIT -> m = "rbit";
      case A64Decoder.REV16 -> m = "rev16";
      case A64Decoder.REV32 -> m = sf ? "rev32" : "rev";
      case A64Decoder.REV64 -> {
        if (!sf) {
          return DisassembledInstruction.undefined(insn);
        }
        m = "rev";
      }
      case A64Decoder.CLZ -> m = "clz";
      default -> m = "cls";
    }
    return of(m, reg(sf, rd) + ", " + reg(sf, rn));
  }

  /** Data-processing (3 source) (C4.1.89) with MUL, MNEG, SMULL, SMNEGL, UMULL, UMNEGL. */
  private static DisassembledInstruction multiply(
      int op, int insn, boolean sf, int rd, int rn, int rm) {
    int ra = field(insn, 10, 5);
    boolean accumulate = ra != 31;
    switch (op) {
      case A64Decoder.MADD, A64Decoder.MSUB -> {
        String rs = reg(sf, rd) + ", " + reg(sf, rn) + ", " + reg(sf, rm);
        if (!accumulate) {
          return of(op == A64Decoder.MADD ? "mul" : "mneg", rs);
        }
        return of(op == A64Decoder.MADD ? "madd" : "msub", rs + ", " + reg(sf, ra));
      }
      case A64Decoder.SMULH, A64Decoder.UMULH -> {
        if (!sf) {
          return DisassembledInstruction.undefined(insn);
        }
        return of(op == A64Decoder.SMULH ? "smulh" : "umulh",
            reg(true, rd) + ", " + reg(true, rn) + ", " + reg(true, rm));
      }
      default -> {
        boolean unsigned = op == A64Decoder.UMADDL || op == A64Decoder.UMSUBL;
        boolean subtract = op == A64Decoder.SMSUBL || op == A64Decoder.UMSUBL;
        String rs = reg(true, rd) + ", " + reg(false, rn) + ", " + reg(false, rm);
        String prefix = unsigned ? "u" : "s";
        if (!accumulate) {
          return of(prefix + (subtract ? "mnegl" : "mull"), rs);
        }
        return of(prefix + (subtract ? "msubl" : "maddl"), rs + ", " + reg(true, ra));
      }
    }
  }
}
