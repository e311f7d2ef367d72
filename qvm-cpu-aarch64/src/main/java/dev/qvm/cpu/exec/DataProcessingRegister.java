package dev.qvm.cpu.exec;

import static dev.qvm.cpu.decode.A64Decoder.*;

/**
 * ARM ARM C4.1.89 "Data Processing -- Register": logical and add/subtract (shifted and extended
 * register), with carry, conditional compare and select, one- two- and three-source operations.
 */
public final class DataProcessingRegister {

  public static void execute(Cpu cpu, int op, int insn, long pc) {
    switch (op) {
      case AND_SR, BIC_SR, ORR_SR, ORN_SR, EOR_SR, EON_SR, ANDS_SR, BICS_SR ->
          logicalShifted(cpu, op, insn, pc);
      case ADD_SR, ADDS_SR, SUB_SR, SUBS_SR -> addSubShifted(cpu, op, insn, pc);
      case ADD_ER, ADDS_ER, SUB_ER, SUBS_ER -> addSubExtended(cpu, op, insn, pc);
      case ADC, ADCS, SBC, SBCS -> addSubCarry(cpu, op, insn);
      case CCMN_REG, CCMP_REG, CCMN_IMM, CCMP_IMM -> conditionalCompare(cpu, op, insn);
      case CSEL, CSINC, CSINV, CSNEG -> conditionalSelect(cpu, op, insn);
      case UDIV, SDIV -> divide(cpu, op, insn);
      case LSLV, LSRV, ASRV, RORV -> shiftVariable(cpu, op, insn);
      case CRC32 -> Crc32.execute(cpu, insn, pc);
      case RBIT, REV16, REV32, REV64, CLZ, CLS -> oneSource(cpu, op, insn, pc);
      case MADD, MSUB -> multiplyAdd(cpu, op, insn);
      case SMADDL, SMSUBL, UMADDL, UMSUBL -> multiplyAddLong(cpu, op, insn);
      case SMULH -> cpu.setX(insn & 31, Math.multiplyHigh(rn(cpu, insn), rm(cpu, insn)));
      case UMULH -> cpu.setX(insn & 31, Math.unsignedMultiplyHigh(rn(cpu, insn), rm(cpu, insn)));
      default -> cpu.undefinedInstruction(pc);
    }
  }

  private static long rn(Cpu cpu, int insn) {
    return cpu.x[(insn >>> 5) & 31];
  }

  private static long rm(Cpu cpu, int insn) {
    return cpu.x[(insn >>> 16) & 31];
  }

  /** C6.2.13 AND ... C6.2.35 BICS (shifted register). */
  private static void logicalShifted(Cpu cpu, int op, int insn, long pc) {
    int sf = insn >>> 31;
    int amount = (insn >>> 10) & 0x3f;
    if (sf == 0 && amount >= 32) {
      cpu.undefinedInstruction(pc);
      return;
    }
    long b = Alu.shift(sf, rm(cpu, insn), (insn >>> 22) & 3, amount);
    long a = rn(cpu, insn);
    long r =
        switch (op) {
          case AND_SR, ANDS_SR -> a & b;
          case BIC_SR, BICS_SR -> a & ~b;
          case ORR_SR -> a | b;
          case ORN_SR -> a | ~b;
          case EOR_SR -> a ^ b;
          default -> a ^ ~b; // EON
        };
    if (op == ANDS_SR || op == BICS_SR) {
      Alu.setLogicalFlags(cpu, sf, r);
    }
    cpu.setReg(sf, insn & 31, r);
  }

  /** C6.2.5 ADD (shifted register) and friends; Rn and Rd 31 are XZR here. */
  private static void addSubShifted(Cpu cpu, int op, int insn, long pc) {
    int sf = insn >>> 31;
    int type = (insn >>> 22) & 3;
    int amount = (insn >>> 10) & 0x3f;
    if (type == 3 || (sf == 0 && amount >= 32)) {
      cpu.undefinedInstruction(pc);
      return;
    }
    long b = Alu.shift(sf, rm(cpu, insn), type, amount);
    boolean sub = op == SUB_SR || op == SUBS_SR;
    boolean flags = op == ADDS_SR || op == SUBS_SR;
    long r = sub ? Alu.addWithCarry(cpu, sf, rn(cpu, insn), ~b, 1, flags) : Alu.addWithCarry(cpu, sf, rn(cpu, insn), b, 0, flags);
    cpu.setReg(sf, insn & 31, r);
  }

  /** C6.2.3 ADD (extended register) and friends; Rn is SP-capable, Rd too unless flags are set. */
  private static void addSubExtended(Cpu cpu, int op, int insn, long pc) {
    int sf = insn >>> 31;
    int shift = (insn >>> 10) & 7;
    if (shift > 4) {
      cpu.undefinedInstruction(pc);
      return;
    }
    long b = Alu.extend(rm(cpu, insn), (insn >>> 13) & 7, shift);
    long a = cpu.xOrSp((insn >>> 5) & 31);
    boolean sub = op == SUB_ER || op == SUBS_ER;
    boolean flags = op == ADDS_ER || op == SUBS_ER;
    long r = sub ? Alu.addWithCarry(cpu, sf, a, ~b, 1, flags) : Alu.addWithCarry(cpu, sf, a, b, 0, flags);
    int rd = insn & 31;
    if (flags) {
      cpu.setReg(sf, rd, r);
    } else {
      cpu.setXOrSp(rd, sf != 0 ? r : r & 0xffff_ffffL);
    }
  }

  /** C6.2.1 ADC, C6.2.2 ADCS, C6.2.260 SBC, C6.2.261 SBCS. */
  private static void addSubCarry(Cpu cpu, int op, int insn) {
    int sf = insn >>> 31;
    long b = rm(cpu, insn);
    if (op == SBC || op == SBCS) {
      b = ~b;
    }
    boolean flags = op == ADCS || op == SBCS;
    cpu.setReg(sf, insn & 31, Alu.addWithCarry(cpu, sf, rn(cpu, insn), b, Alu.carry(cpu), flags));
  }

  /** C6.2.49 CCMN, C6.2.51 CCMP (register and immediate). */
  private static void conditionalCompare(Cpu cpu, int op, int insn) {
    int sf = insn >>> 31;
    int cond = (insn >>> 12) & 0xf;
    if (!cpu.conditionHolds(cond)) {
      cpu.setNzcv((insn & 0xf) << 28);
      return;
    }
    long b = (op == CCMN_IMM || op == CCMP_IMM) ? (insn >>> 16) & 31 : rm(cpu, insn);
    long a = rn(cpu, insn);
    if (op == CCMP_REG || op == CCMP_IMM) {
      Alu.addWithCarry(cpu, sf, a, ~b, 1, true);
    } else {
      Alu.addWithCarry(cpu, sf, a, b, 0, true);
    }
  }

  /** C6.2.69 CSEL, C6.2.72 CSINC, C6.2.73 CSINV, C6.2.74 CSNEG. */
  private static void conditionalSelect(Cpu cpu, int op, int insn) {
    int sf = insn >>> 31;
    long r;
    if (cpu.conditionHolds((insn >>> 12) & 0xf)) {
      r = rn(cpu, insn);
    } else {
      long m = rm(cpu, insn);
      r =
          switch (op) {
            case CSEL -> m;
            case CSINC -> m + 1;
            case CSINV -> ~m;
            default -> -m;
          };
    }
    cpu.setReg(sf, insn & 31, r);
  }

  /** C6.2.388 UDIV, C6.2.268 SDIV: division by zero gives 0; INT_MIN / -1 gives INT_MIN. */
  private static void divide(Cpu cpu, int op, int insn) {
    int sf = insn >>> 31;
    long a = rn(cpu, insn);
    long b = rm(cpu, insn);
    long r;
    if (sf != 0) {
      if (b == 0) {
        r = 0;
      } else {
        r = op == UDIV ? Long.divideUnsigned(a, b) : a / b;
      }
    } else {
      int wa = (int) a;
      int wb = (int) b;
      if (wb == 0) {
        r = 0;
      } else {
        r = op == UDIV ? Integer.divideUnsigned(wa, wb) : wa / wb;
      }
    }
    cpu.setReg(sf, insn & 31, r);
  }

  /** C6.2.178 LSLV, C6.2.181 LSRV, C6.2.18 ASRV, C6.2.255 RORV: the amount is Rm mod width. */
  private static void shiftVariable(Cpu cpu, int op, int insn) {
    int sf = insn >>> 31;
    int amount = (int) rm(cpu, insn) & (sf != 0 ? 63 : 31);
    int type =
        switch (op) {
          case LSLV -> 0;
          case LSRV -> 1;
          case ASRV -> 2;
          default -> 3;
        };
    cpu.setReg(sf, insn & 31, Alu.shift(sf, rn(cpu, insn), type, amount));
  }

  /** C6.2.253 RBIT, C6.2.251 REV16, C6.2.252 REV32, C6.2.250 REV, C6.2.62 CLZ, C6.2.58 CLS. */
  private static void oneSource(Cpu cpu, int op, int insn, long pc) {
    int sf = insn >>> 31;
    long a = rn(cpu, insn);
    int w = (int) a;
    long r;
    switch (op) {
      case RBIT -> r = sf != 0 ? Long.reverse(a) : Integer.reverse(w);
      case REV16 -> {
        // Swap the bytes of each halfword.
        r = ((a & 0xff00ff00ff00ff00L) >>> 8) | ((a & 0x00ff00ff00ff00ffL) << 8);
      }
      case REV32 -> {
        // sf=0: REV Wd; sf=1: REV32 Xd (reverse bytes within each word).
        r = sf != 0 ? (Integer.reverseBytes((int) (a >>> 32)) & 0xffff_ffffL) << 32 | (Integer.reverseBytes(w) & 0xffff_ffffL) : Integer.reverseBytes(w);
      }
      case REV64 -> {
        if (sf == 0) {
          cpu.undefinedInstruction(pc);
          return;
        }
        r = Long.reverseBytes(a);
      }
      case CLZ -> r = sf != 0 ? Long.numberOfLeadingZeros(a) : Integer.numberOfLeadingZeros(w);
      default -> r = sf != 0 ? Long.numberOfLeadingZeros(a ^ (a >> 1)) - 1 : Integer.numberOfLeadingZeros(w ^ (w >> 1)) - 1;
    }
    cpu.setReg(sf, insn & 31, r);
  }

  /** C6.2.185 MADD, C6.2.198 MSUB. */
  private static void multiplyAdd(Cpu cpu, int op, int insn) {
    int sf = insn >>> 31;
    long product = rn(cpu, insn) * rm(cpu, insn);
    long acc = cpu.x[(insn >>> 10) & 31];
    cpu.setReg(sf, insn & 31, op == MADD ? acc + product : acc - product);
  }

  /** C6.2.265 SMADDL, C6.2.272 SMSUBL, C6.2.391 UMADDL, C6.2.393 UMSUBL. */
  private static void multiplyAddLong(Cpu cpu, int op, int insn) {
    long a = rn(cpu, insn);
    long b = rm(cpu, insn);
    boolean signed = op == SMADDL || op == SMSUBL;
    long product = signed ? (long) (int) a * (int) b : (a & 0xffff_ffffL) * (b & 0xffff_ffffL);
    long acc = cpu.x[(insn >>> 10) & 31];
    cpu.setX(insn & 31, (op == SMADDL || op == UMADDL) ? acc + product : acc - product);
  }

  private DataProcessingRegister() {}
}
