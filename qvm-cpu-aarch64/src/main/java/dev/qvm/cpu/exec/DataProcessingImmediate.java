package dev.qvm.cpu.exec;

import static dev.qvm.cpu.decode.A64Decoder.*;

/**
 * ARM ARM C4.1.86 "Data Processing -- Immediate": PC-relative addressing, add/subtract,
 * logical, move wide, bitfield and extract.
 */
public final class DataProcessingImmediate {

  public static void execute(Cpu cpu, int op, int insn, long pc) {
    switch (op) {
      case ADR -> adr(cpu, insn, pc, false);
      case ADRP -> adr(cpu, insn, pc, true);
      case ADD_IMM -> addSubImmediate(cpu, insn, false, false);
      case ADDS_IMM -> addSubImmediate(cpu, insn, false, true);
      case SUB_IMM -> addSubImmediate(cpu, insn, true, false);
      case SUBS_IMM -> addSubImmediate(cpu, insn, true, true);
      case AND_IMM, ORR_IMM, EOR_IMM, ANDS_IMM -> logicalImmediate(cpu, op, insn, pc);
      case MOVN, MOVZ, MOVK -> moveWide(cpu, op, insn, pc);
      case SBFM, BFM, UBFM -> bitfield(cpu, op, insn, pc);
      case EXTR -> extract(cpu, insn, pc);
      default -> cpu.undefinedInstruction(pc);
    }
  }

  /** C6.2.10 ADR, C6.2.11 ADRP. */
  private static void adr(Cpu cpu, int insn, long pc, boolean page) {
    long imm = ((long) (insn << 8) >> 11 & ~3L) | ((insn >>> 29) & 3); // SignExtend(immhi:immlo)
    long value = page ? (pc & ~0xfffL) + (imm << 12) : pc + imm;
    cpu.setX(insn & 31, value);
  }

  /** C6.2.4 ADD (immediate), C6.2.8 ADDS, C6.2.357 SUB, C6.2.363 SUBS (immediate). */
  private static void addSubImmediate(Cpu cpu, int insn, boolean sub, boolean setFlags) {
    int sf = insn >>> 31;
    long imm = (insn >>> 10) & 0xfff;
    if (((insn >>> 22) & 1) != 0) {
      imm <<= 12;
    }
    int rd = insn & 31;
    long a = cpu.xOrSp((insn >>> 5) & 31);
    long result = sub ? Alu.addWithCarry(cpu, sf, a, ~imm, 1, setFlags) : Alu.addWithCarry(cpu, sf, a, imm, 0, setFlags);
    if (setFlags) {
      cpu.setReg(sf, rd, result); // Rd = 31 is XZR (CMN/CMP)
    } else {
      cpu.setXOrSp(rd, sf != 0 ? result : result & 0xffff_ffffL);
    }
  }

  /** C6.2.12 AND, C6.2.204 ORR, C6.2.87 EOR, C6.2.14 ANDS (immediate). */
  private static void logicalImmediate(Cpu cpu, int op, int insn, long pc) {
    int sf = insn >>> 31;
    int n = (insn >>> 22) & 1;
    if (sf == 0 && n != 0) {
      cpu.undefinedInstruction(pc);
      return;
    }
    if (!Alu.decodeBitMasks(n, (insn >>> 10) & 0x3f, (insn >>> 16) & 0x3f, true, cpu.bitMasks)) {
      cpu.undefinedInstruction(pc);
      return;
    }
    long imm = cpu.bitMasks[0];
    long a = cpu.x[(insn >>> 5) & 31];
    int rd = insn & 31;
    switch (op) {
      case AND_IMM -> setOrSp(cpu, sf, rd, a & imm);
      case ORR_IMM -> setOrSp(cpu, sf, rd, a | imm);
      case EOR_IMM -> setOrSp(cpu, sf, rd, a ^ imm);
      default -> {
        long r = a & imm;
        Alu.setLogicalFlags(cpu, sf, r);
        cpu.setReg(sf, rd, r);
      }
    }
  }

  private static void setOrSp(Cpu cpu, int sf, int rd, long value) {
    cpu.setXOrSp(rd, sf != 0 ? value : value & 0xffff_ffffL);
  }

  /** C6.2.191 MOVN, C6.2.192 MOVZ, C6.2.190 MOVK. */
  private static void moveWide(Cpu cpu, int op, int insn, long pc) {
    int sf = insn >>> 31;
    int hw = (insn >>> 21) & 3;
    if (sf == 0 && hw >= 2) {
      cpu.undefinedInstruction(pc);
      return;
    }
    int shift = hw * 16;
    long imm = (long) ((insn >>> 5) & 0xffff) << shift;
    int rd = insn & 31;
    long value =
        switch (op) {
          case MOVN -> ~imm;
          case MOVZ -> imm;
          default -> (cpu.x[rd] & ~(0xffffL << shift)) | imm;
        };
    cpu.setReg(sf, rd, value);
  }

  /** C6.2.266 SBFM, C6.2.32 BFM, C6.2.395 UBFM (aliases LSL, LSR, ASR, SXTB, UXTB, BFI, UBFX...). */
  private static void bitfield(Cpu cpu, int op, int insn, long pc) {
    int sf = insn >>> 31;
    int n = (insn >>> 22) & 1;
    int immr = (insn >>> 16) & 0x3f;
    int imms = (insn >>> 10) & 0x3f;
    if (n != sf || (sf == 0 && (immr >= 32 || imms >= 32))) {
      cpu.undefinedInstruction(pc);
      return;
    }
    if (!Alu.decodeBitMasks(n, imms, immr, false, cpu.bitMasks)) {
      cpu.undefinedInstruction(pc);
      return;
    }
    long wmask = cpu.bitMasks[0];
    long tmask = cpu.bitMasks[1];
    int rd = insn & 31;
    long src = cpu.x[(insn >>> 5) & 31];
    int datasize = sf != 0 ? 64 : 32;
    long dst = op == BFM ? cpu.x[rd] : 0;
    long rotated = datasize == 64 ? Long.rotateRight(src, immr) : Alu.rorElement(src & 0xffff_ffffL, immr, 32);
    if (datasize == 32) {
      wmask &= 0xffff_ffffL;
      tmask &= 0xffff_ffffL;
    }
    long bot = (dst & ~wmask) | (rotated & wmask);
    long top =
        switch (op) {
          case SBFM -> ((src >>> imms) & 1) != 0 ? -1L : 0;
          case UBFM -> 0;
          default -> dst;
        };
    cpu.setReg(sf, rd, (top & ~tmask) | (bot & tmask));
  }

  /** C6.2.90 EXTR (and its alias ROR (immediate)). */
  private static void extract(Cpu cpu, int insn, long pc) {
    int sf = insn >>> 31;
    int n = (insn >>> 22) & 1;
    int lsb = (insn >>> 10) & 0x3f;
    if (n != sf || (sf == 0 && lsb >= 32)) {
      cpu.undefinedInstruction(pc);
      return;
    }
    long hi = cpu.x[(insn >>> 5) & 31]; // Rn: the high half of Rn:Rm
    long lo = cpu.x[(insn >>> 16) & 31]; // Rm
    long result;
    if (sf != 0) {
      result = lsb == 0 ? lo : (hi << (64 - lsb)) | (lo >>> lsb);
    } else {
      long concat = ((hi & 0xffff_ffffL) << 32) | (lo & 0xffff_ffffL);
      result = concat >>> lsb;
    }
    cpu.setReg(sf, insn & 31, result);
  }

  private DataProcessingImmediate() {}
}
