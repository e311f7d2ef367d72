package dev.qvm.cpu.disasm;

import static dev.qvm.cpu.disasm.DisassembledInstruction.of;
import static dev.qvm.cpu.disasm.Operands.dec;
import static dev.qvm.cpu.disasm.Operands.field;
import static dev.qvm.cpu.disasm.Operands.hex;
import static dev.qvm.cpu.disasm.Operands.reg;
import static dev.qvm.cpu.disasm.Operands.regOrSp;

import dev.qvm.cpu.decode.A64Decoder;

/**
 * Data processing -- immediate (ARM ARM C4.1.86): PC-relative addressing, add/subtract,
 * logical, move wide, bitfield and extract, with the aliases objdump prefers.
 */
final class DisasmDataImmediate {

  private DisasmDataImmediate() {}

  static DisassembledInstruction format(int op, int insn, long pc) {
    boolean sf = (insn >>> 31) != 0;
    int rd = field(insn, 0, 5);
    int rn = field(insn, 5, 5);
    return switch (op) {
      case A64Decoder.ADR, A64Decoder.ADRP -> pcRelative(op == A64Decoder.ADRP, insn, pc);
      case A64Decoder.ADD_IMM, A64Decoder.ADDS_IMM, A64Decoder.SUB_IMM, A64Decoder.SUBS_IMM ->
          addSubImmediate(op, insn, sf, rd, rn);
      case A64Decoder.AND_IMM, A64Decoder.ORR_IMM, A64Decoder.EOR_IMM, A64Decoder.ANDS_IMM ->
          logicalImmediate(op, insn, sf, rd, rn);
      case A64Decoder.MOVN, A64Decoder.MOVZ, A64Decoder.MOVK -> moveWide(op, insn, sf, rd);
      case A64Decoder.SBFM, A64Decoder.BFM, A64Decoder.UBFM -> bitfield(op, insn, sf, rd, rn);
      case A64Decoder.EXTR -> extract(insn, sf, rd, rn);
      default -> null;
    };
  }

  /** ADR/ADRP (C6.2): the target is printed as an absolute address. */
  private static DisassembledInstruction pcRelative(boolean page, int insn, long pc) {
    long imm = Operands.signExtend(((long) field(insn, 5, 19) << 2) | field(insn, 29, 2), 21);
    long target = page ? (pc & ~0xfffL) + (imm << 12) : pc + imm;
    return of(page ? "adrp" : "adr", Operands.x(field(insn, 0, 5)) + ", " + Operands.address(target))
        .withTarget(target);
  }

  /** ADD/SUB (immediate) and the MOV (to/from SP), CMP and CMN aliases (C6.2). */
  private static DisassembledInstruction addSubImmediate(
      int op, int insn, boolean sf, int rd, int rn) {
    int imm12 = field(insn, 10, 12);
    boolean shifted = ((insn >>> 22) & 1) != 0;
    String imm = hex(imm12) + (shifted ? ", lsl #12" : "");
    boolean setFlags = op == A64Decoder.ADDS_IMM || op == A64Decoder.SUBS_IMM;
    boolean sub = op == A64Decoder.SUB_IMM || op == A64Decoder.SUBS_IMM;
    String n = regOrSp(sf, rn);
    if (op == A64Decoder.ADD_IMM && !shifted && imm12 == 0 && (rd == 31 || rn == 31)) {
      return of("mov", regOrSp(sf, rd) + ", " + n);
    }
    if (setFlags && rd == 31) {
      return of(sub ? "cmp" : "cmn", n + ", " + imm);
    }
    String d = setFlags ? reg(sf, rd) : regOrSp(sf, rd);
    String mnemonic = (sub ? "sub" : "add") + (setFlags ? "s" : "");
    return of(mnemonic, d + ", " + n + ", " + imm);
  }

  /** AND/ORR/EOR/ANDS (immediate) with the MOV (bitmask immediate) and TST aliases. */
  private static DisassembledInstruction logicalImmediate(
      int op, int insn, boolean sf, int rd, int rn) {
    int n = field(insn, 22, 1);
    int immr = field(insn, 16, 6);
    int imms = field(insn, 10, 6);
    Long mask = Operands.decodeBitMask(sf, n, imms, immr);
    if (mask == null) {
      return DisassembledInstruction.undefined(insn);
    }
    String imm = hex(mask);
    switch (op) {
      case A64Decoder.AND_IMM:
        return of("and", regOrSp(sf, rd) + ", " + reg(sf, rn) + ", " + imm);
      case A64Decoder.EOR_IMM:
        return of("eor", regOrSp(sf, rd) + ", " + reg(sf, rn) + ", " + imm);
      case A64Decoder.ORR_IMM:
        // MOV (bitmask immediate) unless MOVZ/MOVN could build the value; but those cannot write
        // SP, so with Rd = SP objdump always shows the alias.
        if (rn == 31 && (rd == 31 || !movableByMoveWide(sf, mask))) {
          return movImmediate(regOrSp(sf, rd), sf, mask);
        }
        return of("orr", regOrSp(sf, rd) + ", " + reg(sf, rn) + ", " + imm);
      default:
        if (rd == 31) {
          return of("tst", reg(sf, rn) + ", " + imm);
        }
        return of("ands", reg(sf, rd) + ", " + reg(sf, rn) + ", " + imm);
    }
  }

  /**
   * Whether MOVZ or MOVN could build {@code value}: one 16-bit halfword of it, or of its
   * inverse, holds all the set bits. objdump then keeps ORR rather than the MOV alias; this is
   * its reading of MoveWidePreferred (ARM ARM shared pseudocode), which differs from the
   * pseudocode for some rotated patterns.
   */
  private static boolean movableByMoveWide(boolean sf, long value) {
    long mask = sf ? -1L : 0xffff_ffffL;
    return isHalfword(value & mask, sf) || isHalfword(~value & mask, sf);
  }

  private static boolean isHalfword(long v, boolean sf) {
    for (int shift = 0; shift < (sf ? 64 : 32); shift += 16) {
      if ((v & ~(0xffffL << shift)) == 0) {
        return true;
      }
    }
    return false;
  }

  /** MOVN/MOVZ/MOVK (C6.2) with the MOV (wide / inverted wide immediate) aliases. */
  private static DisassembledInstruction moveWide(int op, int insn, boolean sf, int rd) {
    int hw = field(insn, 21, 2);
    long imm16 = field(insn, 5, 16);
    if (!sf && hw >= 2) {
      return DisassembledInstruction.undefined(insn);
    }
    int shift = hw * 16;
    String d = reg(sf, rd);
    String raw = hex(imm16) + (shift != 0 ? ", lsl #" + shift : "");
    switch (op) {
      case A64Decoder.MOVZ:
        if (imm16 != 0 || hw == 0) {
          return movImmediate(d, sf, imm16 << shift);
        }
        return of("movz", d + ", " + raw);
      case A64Decoder.MOVN:
        boolean alias = (imm16 != 0 || hw == 0) && (sf || imm16 != 0xffff);
        if (alias) {
          long value = ~(imm16 << shift);
          return movImmediate(d, sf, sf ? value : value & 0xffff_ffffL);
        }
        return of("movn", d + ", " + raw);
      default:
        return of("movk", d + ", " + raw);
    }
  }

  /** A MOV of an immediate; objdump adds the value in signed decimal as a comment. */
  private static DisassembledInstruction movImmediate(String d, boolean sf, long value) {
    long signed = sf ? value : (int) value;
    return of("mov", d + ", " + hex(value)).withComment("// #" + signed);
  }

  /** SBFM/BFM/UBFM (C6.2) and every alias objdump picks for them. */
  private static DisassembledInstruction bitfield(int op, int insn, boolean sf, int rd, int rn) {
    int n = field(insn, 22, 1);
    int immr = field(insn, 16, 6);
    int imms = field(insn, 10, 6);
    int width = sf ? 64 : 32;
    if (n != (sf ? 1 : 0) || (!sf && (immr >= 32 || imms >= 32))) {
      return DisassembledInstruction.undefined(insn);
    }
    String d = reg(sf, rd);
    String nReg = reg(sf, rn);
    String dn = d + ", " + nReg;
    int top = width - 1;
    if (op == A64Decoder.SBFM) {
      if (imms == top) {
        return of("asr", dn + ", " + dec(immr));
      }
      if (immr == 0 && (imms == 7 || imms == 15 || (sf && imms == 31))) {
        String m = imms == 7 ? "sxtb" : imms == 15 ? "sxth" : "sxtw";
        return of(m, d + ", " + reg(false, rn));
      }
      if (imms < immr) {
        return of("sbfiz", dn + ", " + dec((width - immr) & top) + ", " + dec(imms + 1));
      }
      return of("sbfx", dn + ", " + dec(immr) + ", " + dec(imms - immr + 1));
    }
    if (op == A64Decoder.UBFM) {
      if (imms != top && imms + 1 == immr) {
        return of("lsl", dn + ", " + dec(top - imms));
      }
      if (imms == top) {
        return of("lsr", dn + ", " + dec(immr));
      }
      if (!sf && immr == 0 && (imms == 7 || imms == 15)) {
        return of(imms == 7 ? "uxtb" : "uxth", dn);
      }
      if (imms < immr) {
        return of("ubfiz", dn + ", " + dec((width - immr) & top) + ", " + dec(imms + 1));
      }
      return of("ubfx", dn + ", " + dec(immr) + ", " + dec(imms - immr + 1));
    }
    if (imms < immr) {
      String lsbWidth = dec((width - immr) & top) + ", " + dec(imms + 1);
      if (rn == 31) {
        return of("bfc", d + ", " + lsbWidth);
      }
      return of("bfi", dn + ", " + lsbWidth);
    }
    return of("bfxil", dn + ", " + dec(immr) + ", " + dec(imms - immr + 1));
  }

  /** EXTR (C6.2) and its ROR (immediate) alias when both sources are one register. */
  private static DisassembledInstruction extract(int insn, boolean sf, int rd, int rn) {
    int n = field(insn, 22, 1);
    int rm = field(insn, 16, 5);
    int imms = field(insn, 10, 6);
    if (n != (sf ? 1 : 0) || (!sf && imms >= 32)) {
      return DisassembledInstruction.undefined(insn);
    }
    if (rn == rm) {
      return of("ror", reg(sf, rd) + ", " + reg(sf, rn) + ", " + dec(imms));
    }
    return of("extr", reg(sf, rd) + ", " + reg(sf, rn) + ", " + reg(sf, rm) + ", " + dec(imms));
  }
}
