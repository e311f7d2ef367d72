package dev.qvm.cpu.exec;

/**
 * The pre-decoded data-processing forms (ARM ARM C4.1.86 and C4.1.89): add/subtract, logical,
 * moves, bitfield, conditional select and compare, multiplies, shifts. Each matches the handler
 * class named in its comment ({@link DataProcessingImmediate}, {@link DataProcessingRegister}) bit
 * for bit; {@link Predecoder} chooses among them.
 */
final class DecodedDataProcessing {

  private static final long M32 = 0xffff_ffffL;

  private DecodedDataProcessing() {}

  // ---- data processing, immediate ----

  static final class AddImmX extends DecodedInsn {
    final int rd;
    final int rn;
    final long imm;

    AddImmX(int rd, int rn, long imm) {
      this.rd = rd;
      this.rn = rn;
      this.imm = imm;
    }

    @Override
    void execute(Cpu cpu, long pc) {
      cpu.x[rd] = cpu.x[rn] + imm;
    }
  }

  static final class AddImmW extends DecodedInsn {
    final int rd;
    final int rn;
    final long imm;

    AddImmW(int rd, int rn, long imm) {
      this.rd = rd;
      this.rn = rn;
      this.imm = imm;
    }

    @Override
    void execute(Cpu cpu, long pc) {
      cpu.x[rd] = (cpu.x[rn] + imm) & M32;
    }
  }

  /** ADD/SUB (immediate), 64-bit, with SP as source or destination (stack frames). */
  static final class AddImmSp extends DecodedInsn {
    final int rd;
    final int rn;
    final long imm;

    AddImmSp(int rd, int rn, long imm) {
      this.rd = rd;
      this.rn = rn;
      this.imm = imm;
    }

    @Override
    void execute(Cpu cpu, long pc) {
      cpu.setXOrSp(rd, cpu.xOrSp(rn) + imm);
    }
  }

  /** ADDS/SUBS/CMP/CMN, immediate or shifted register (rm &lt; 0: immediate). */
  static final class AddSubFlags extends DecodedInsn {
    final int rd;
    final int rn;
    final int rm;
    final int type;
    final int amount;
    final int sf;
    final boolean sub;
    final long imm;

    AddSubFlags(int rd, int rn, int rm, int type, int amount, boolean x64, boolean sub, long imm) {
      this.rd = rd;
      this.rn = rn;
      this.rm = rm;
      this.type = type;
      this.amount = amount;
      this.sf = x64 ? 1 : 0;
      this.sub = sub;
      this.imm = imm;
    }

    @Override
    void execute(Cpu cpu, long pc) {
      long b = rm < 0 ? imm : Alu.shift(sf, cpu.x[rm], type, amount);
      long r = sub ? Alu.addWithCarry(cpu, sf, cpu.x[rn], ~b, 1, true) : Alu.addWithCarry(cpu, sf, cpu.x[rn], b, 0, true);
      cpu.x[rd] = r; // addWithCarry already zero-extends a 32-bit result
    }
  }

  static final class AndImm extends DecodedInsn {
    final int rd;
    final int rn;
    final long imm;
    final long mask;

    AndImm(int rd, int rn, long imm, long mask) {
      this.rd = rd;
      this.rn = rn;
      this.imm = imm;
      this.mask = mask;
    }

    @Override
    void execute(Cpu cpu, long pc) {
      cpu.x[rd] = cpu.x[rn] & imm & mask;
    }
  }

  static final class OrrImm extends DecodedInsn {
    final int rd;
    final int rn;
    final long imm;
    final long mask;

    OrrImm(int rd, int rn, long imm, long mask) {
      this.rd = rd;
      this.rn = rn;
      this.imm = imm;
      this.mask = mask;
    }

    @Override
    void execute(Cpu cpu, long pc) {
      cpu.x[rd] = (cpu.x[rn] | imm) & mask;
    }
  }

  static final class EorImm extends DecodedInsn {
    final int rd;
    final int rn;
    final long imm;
    final long mask;

    EorImm(int rd, int rn, long imm, long mask) {
      this.rd = rd;
      this.rn = rn;
      this.imm = imm;
      this.mask = mask;
    }

    @Override
    void execute(Cpu cpu, long pc) {
      cpu.x[rd] = (cpu.x[rn] ^ imm) & mask;
    }
  }

  static final class AndsImm extends DecodedInsn {
    final int rd;
    final int rn;
    final long imm;
    final int sf;

    AndsImm(int rd, int rn, long imm, boolean x64) {
      this.rd = rd;
      this.rn = rn;
      this.imm = x64 ? imm : imm & M32;
      this.sf = x64 ? 1 : 0;
    }

    @Override
    void execute(Cpu cpu, long pc) {
      long r = cpu.x[rn] & imm;
      Alu.setLogicalFlags(cpu, sf, r);
      cpu.x[rd] = r;
    }
  }

  /** MOVZ, MOVN (and the MOV aliases): the value is known at decode time. */
  static final class MovConstant extends DecodedInsn {
    final int rd;
    final long value;

    MovConstant(int rd, long value) {
      this.rd = rd;
      this.value = value;
    }

    @Override
    void execute(Cpu cpu, long pc) {
      cpu.x[rd] = value;
    }
  }

  static final class Movk extends DecodedInsn {
    final int rd;
    final long keep;
    final long imm;
    final long mask;

    Movk(int rd, long keep, long imm, long mask) {
      this.rd = rd;
      this.keep = keep;
      this.imm = imm;
      this.mask = mask;
    }

    @Override
    void execute(Cpu cpu, long pc) {
      cpu.x[rd] = ((cpu.x[rd] & keep) | imm) & mask;
    }
  }

  /** UBFM/SBFM (LSL, LSR, ASR, UBFX, SBFX, SXTW... immediate), masks precomputed. */
  static final class Bitfield extends DecodedInsn {
    final int rd;
    final int rn;
    final int immr;
    final int imms;
    final long wmask;
    final long tmask;
    final boolean x64;
    final boolean signed;

    Bitfield(int rd, int rn, int immr, int imms, long wmask, long tmask, boolean x64, boolean signed) {
      this.rd = rd;
      this.rn = rn;
      this.immr = immr;
      this.imms = imms;
      this.wmask = wmask;
      this.tmask = tmask;
      this.x64 = x64;
      this.signed = signed;
    }

    @Override
    void execute(Cpu cpu, long pc) {
      long src = cpu.x[rn];
      long rotated = x64 ? Long.rotateRight(src, immr) : Alu.rorElement(src & M32, immr, 32);
      long bot = rotated & wmask;
      long top = signed && ((src >>> imms) & 1) != 0 ? -1L : 0;
      long r = (top & ~tmask) | (bot & tmask);
      cpu.x[rd] = x64 ? r : r & M32;
    }
  }

  // ---- data processing, register ----

  static final class AddSubReg extends DecodedInsn {
    final int rd;
    final int rn;
    final int rm;
    final boolean sub;
    final long mask;

    AddSubReg(int rd, int rn, int rm, boolean sub, long mask) {
      this.rd = rd;
      this.rn = rn;
      this.rm = rm;
      this.sub = sub;
      this.mask = mask;
    }

    @Override
    void execute(Cpu cpu, long pc) {
      long b = cpu.x[rm];
      cpu.x[rd] = (sub ? cpu.x[rn] - b : cpu.x[rn] + b) & mask;
    }
  }

  static final class AddSubShifted extends DecodedInsn {
    final int rd;
    final int rn;
    final int rm;
    final int type;
    final int amount;
    final boolean sub;
    final int sf;

    AddSubShifted(int rd, int rn, int rm, int type, int amount, boolean sub, boolean x64) {
      this.rd = rd;
      this.rn = rn;
      this.rm = rm;
      this.type = type;
      this.amount = amount;
      this.sub = sub;
      this.sf = x64 ? 1 : 0;
    }

    @Override
    void execute(Cpu cpu, long pc) {
      long b = Alu.shift(sf, cpu.x[rm], type, amount);
      long r = sub ? cpu.x[rn] - b : cpu.x[rn] + b;
      cpu.x[rd] = sf != 0 ? r : r & M32;
    }
  }

  /** MOV (register): ORR Rd, ZR, Rm. */
  static final class MovReg extends DecodedInsn {
    final int rd;
    final int rm;
    final long mask;

    MovReg(int rd, int rm, long mask) {
      this.rd = rd;
      this.rm = rm;
      this.mask = mask;
    }

    @Override
    void execute(Cpu cpu, long pc) {
      cpu.x[rd] = cpu.x[rm] & mask;
    }
  }

  /** AND, BIC, ORR, ORN, EOR, EON, ANDS, BICS (shifted register). */
  static final class LogicalReg extends DecodedInsn {
    final int rd;
    final int rn;
    final int rm;
    final int type;
    final int amount;
    final int kind;
    final boolean flags;
    final int sf;

    LogicalReg(int rd, int rn, int rm, int type, int amount, int kind, boolean flags, boolean x64) {
      this.rd = rd;
      this.rn = rn;
      this.rm = rm;
      this.type = type;
      this.amount = amount;
      this.kind = kind;
      this.flags = flags;
      this.sf = x64 ? 1 : 0;
    }

    @Override
    void execute(Cpu cpu, long pc) {
      long b = Alu.shift(sf, cpu.x[rm], type, amount);
      long a = cpu.x[rn];
      long r = switch (kind) {
        case 0 -> a & b;
        case 1 -> a & ~b;
        case 2 -> a | b;
        case 3 -> a | ~b;
        case 4 -> a ^ b;
        default -> a ^ ~b;
      };
      if (flags) {
        Alu.setLogicalFlags(cpu, sf, r);
      }
      cpu.x[rd] = sf != 0 ? r : r & M32;
    }
  }

  static final class CondSelect extends DecodedInsn {
    final int rd;
    final int rn;
    final int rm;
    final int cond;
    final int kind;
    final long mask;

    CondSelect(int rd, int rn, int rm, int cond, int kind, long mask) {
      this.rd = rd;
      this.rn = rn;
      this.rm = rm;
      this.cond = cond;
      this.kind = kind;
      this.mask = mask;
    }

    @Override
    void execute(Cpu cpu, long pc) {
      long r;
      if (cpu.conditionHolds(cond)) {
        r = cpu.x[rn];
      } else {
        long m = cpu.x[rm];
        r = switch (kind) {
          case 0 -> m;
          case 1 -> m + 1;
          case 2 -> ~m;
          default -> -m;
        };
      }
      cpu.x[rd] = r & mask;
    }
  }

  static final class MulAdd extends DecodedInsn {
    final int rd;
    final int rn;
    final int rm;
    final int ra;
    final boolean sub;
    final long mask;

    MulAdd(int rd, int rn, int rm, int ra, boolean sub, long mask) {
      this.rd = rd;
      this.rn = rn;
      this.rm = rm;
      this.ra = ra;
      this.sub = sub;
      this.mask = mask;
    }

    @Override
    void execute(Cpu cpu, long pc) {
      long product = cpu.x[rn] * cpu.x[rm];
      cpu.x[rd] = (sub ? cpu.x[ra] - product : cpu.x[ra] + product) & mask;
    }
  }

  /** CCMP/CCMN, register (rm &gt;= 0) or immediate. */
  static final class CondCompare extends DecodedInsn {
    final int rn;
    final int rm;
    final long imm;
    final int cond;
    final int nzcvIfFalse;
    final boolean compare;
    final int sf;

    CondCompare(int rn, int rm, long imm, int cond, int nzcvIfFalse, boolean compare, boolean x64) {
      this.rn = rn;
      this.rm = rm;
      this.imm = imm;
      this.cond = cond;
      this.nzcvIfFalse = nzcvIfFalse;
      this.compare = compare;
      this.sf = x64 ? 1 : 0;
    }

    @Override
    void execute(Cpu cpu, long pc) {
      if (!cpu.conditionHolds(cond)) {
        cpu.setNzcv(nzcvIfFalse);
        return;
      }
      long b = rm < 0 ? imm : cpu.x[rm];
      if (compare) {
        Alu.addWithCarry(cpu, sf, cpu.x[rn], ~b, 1, true);
      } else {
        Alu.addWithCarry(cpu, sf, cpu.x[rn], b, 0, true);
      }
    }
  }

  static final class MultiplyHigh extends DecodedInsn {
    final int rd;
    final int rn;
    final int rm;
    final boolean signed;

    MultiplyHigh(int rd, int rn, int rm, boolean signed) {
      this.rd = rd;
      this.rn = rn;
      this.rm = rm;
      this.signed = signed;
    }

    @Override
    void execute(Cpu cpu, long pc) {
      long a = cpu.x[rn];
      long b = cpu.x[rm];
      cpu.x[rd] = signed ? Math.multiplyHigh(a, b) : Math.unsignedMultiplyHigh(a, b);
    }
  }

  /** SMADDL, SMSUBL, UMADDL, UMSUBL (and SMULL/UMULL): 32 x 32 -&gt; 64 plus Xa. */
  static final class MulAddLong extends DecodedInsn {
    final int rd;
    final int rn;
    final int rm;
    final int ra;
    final boolean signed;
    final boolean sub;

    MulAddLong(int rd, int rn, int rm, int ra, boolean signed, boolean sub) {
      this.rd = rd;
      this.rn = rn;
      this.rm = rm;
      this.ra = ra;
      this.signed = signed;
      this.sub = sub;
    }

    @Override
    void execute(Cpu cpu, long pc) {
      long a = cpu.x[rn];
      long b = cpu.x[rm];
      long product = signed ? (long) (int) a * (int) b : (a & M32) * (b & M32);
      cpu.x[rd] = sub ? cpu.x[ra] - product : cpu.x[ra] + product;
    }
  }

  /** ADC, ADCS, SBC, SBCS (and NGC/NGCS). */
  static final class AddSubCarry extends DecodedInsn {
    final int rd;
    final int rn;
    final int rm;
    final boolean sub;
    final boolean flags;
    final int sf;

    AddSubCarry(int rd, int rn, int rm, boolean sub, boolean flags, boolean x64) {
      this.rd = rd;
      this.rn = rn;
      this.rm = rm;
      this.sub = sub;
      this.flags = flags;
      this.sf = x64 ? 1 : 0;
    }

    @Override
    void execute(Cpu cpu, long pc) {
      long b = sub ? ~cpu.x[rm] : cpu.x[rm];
      cpu.x[rd] = Alu.addWithCarry(cpu, sf, cpu.x[rn], b, Alu.carry(cpu), flags);
    }
  }

  /** LSLV, LSRV, ASRV, RORV: the amount is Rm modulo the register width. */
  static final class ShiftVariable extends DecodedInsn {
    final int rd;
    final int rn;
    final int rm;
    final int type;
    final int sf;

    ShiftVariable(int rd, int rn, int rm, int type, boolean x64) {
      this.rd = rd;
      this.rn = rn;
      this.rm = rm;
      this.type = type;
      this.sf = x64 ? 1 : 0;
    }

    @Override
    void execute(Cpu cpu, long pc) {
      int amount = (int) cpu.x[rm] & (sf != 0 ? 63 : 31);
      long r = Alu.shift(sf, cpu.x[rn], type, amount);
      cpu.x[rd] = sf != 0 ? r : r & M32;
    }
  }

  // ---- PC-relative addresses, extract, extended-register add/subtract, hints ----

  /** ADR (DataProcessingImmediate.adr): PC + imm. */
  static final class Adr extends DecodedInsn {
    final int rd;
    final long imm;

    Adr(int rd, long imm) {
      this.rd = rd;
      this.imm = imm;
    }

    @Override
    void execute(Cpu cpu, long pc) {
      cpu.x[rd] = pc + imm;
    }
  }

  /** ADRP (DataProcessingImmediate.adr): the PC's 4KB page + imm (already shifted by 12). */
  static final class Adrp extends DecodedInsn {
    final int rd;
    final long offset;

    Adrp(int rd, long offset) {
      this.rd = rd;
      this.offset = offset;
    }

    @Override
    void execute(Cpu cpu, long pc) {
      cpu.x[rd] = (pc & ~0xfffL) + offset;
    }
  }

  /** EXTR and its alias ROR (immediate) (DataProcessingImmediate.extract): bits of Rn:Rm from lsb. */
  static final class Extract extends DecodedInsn {
    final int rd;
    final int rn;
    final int rm;
    final int lsb;
    final boolean x64;

    Extract(int rd, int rn, int rm, int lsb, boolean x64) {
      this.rd = rd;
      this.rn = rn;
      this.rm = rm;
      this.lsb = lsb;
      this.x64 = x64;
    }

    @Override
    void execute(Cpu cpu, long pc) {
      long hi = cpu.x[rn];
      long lo = cpu.x[rm];
      if (x64) {
        cpu.x[rd] = lsb == 0 ? lo : (hi << (64 - lsb)) | (lo >>> lsb);
      } else {
        cpu.x[rd] = ((((hi & M32) << 32) | (lo & M32)) >>> lsb) & M32;
      }
    }
  }

  /**
   * ADD/SUB (extended register) without flags (DataProcessingRegister.addSubExtended): Rn and Rd
   * are SP-capable, Rm is extended (UXTB ... SXTX) and shifted left by 0-4.
   */
  static final class AddSubExtended extends DecodedInsn {
    final int rd;
    final int rn;
    final int rm;
    final int option;
    final int shift;
    final boolean sub;
    final long mask;

    AddSubExtended(int rd, int rn, int rm, int option, int shift, boolean sub, long mask) {
      this.rd = rd;
      this.rn = rn;
      this.rm = rm;
      this.option = option;
      this.shift = shift;
      this.sub = sub;
      this.mask = mask;
    }

    @Override
    void execute(Cpu cpu, long pc) {
      long b = Alu.extend(cpu.x[rm], option, shift);
      long a = cpu.xOrSp(rn);
      cpu.setXOrSp(rd, (sub ? a - b : a + b) & mask);
    }
  }

  /**
   * The hints that do nothing on this CPU model (SystemInstructions.hint): NOP, and the pointer
   * authentication and BTI hints a kernel built for later CPUs puts in every function's prologue
   * and epilogue. As their own form they neither cost a dispatch nor end a compiled block.
   */
  static final class Nop extends DecodedInsn {
    @Override
    void execute(Cpu cpu, long pc) {}
  }
}
