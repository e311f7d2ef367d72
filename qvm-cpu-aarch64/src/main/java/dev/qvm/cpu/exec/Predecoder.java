package dev.qvm.cpu.exec;

import static dev.qvm.cpu.decode.A64Decoder.*;

import dev.qvm.cpu.decode.A64Decoder;

/**
 * Chooses the {@link DecodedInsn} for an instruction word: a specialised class for the
 * instructions that dominate real code (ALU immediate and register forms, moves, bitfield
 * shifts, conditional select, multiply-add, branches, the common loads, stores and pairs), with
 * every operand, immediate and bit mask computed here once; {@link Generic} for all others and
 * for the rare variants (an encoding that is UNDEFINED, register 31 as SP where that needs its
 * own path). The semantics are those of the handler classes named in each comment, which the
 * specialised forms must match bit for bit.
 *
 * <p>Register 31 as a destination that means XZR is mapped to {@link Cpu#XZR_SINK}, a slot past
 * the architectural registers that nobody reads, so the forms write without testing; as a
 * source it reads {@code x[31]}, which is always zero.
 */
final class Predecoder {

  private static final long M32 = 0xffff_ffffL;

  private Predecoder() {}

  static DecodedInsn of(int op, int insn) {
    DecodedInsn d = specialised(op, insn);
    return d != null ? d : new Generic(op, insn);
  }

  /** The destination index for a register written as Xd/Wd where 31 is XZR. */
  private static int zrDest(int r) {
    return r == 31 ? Cpu.XZR_SINK : r;
  }

  private static DecodedInsn specialised(int op, int insn) {
    int rd = insn & 31;
    int rn = (insn >>> 5) & 31;
    int rm = (insn >>> 16) & 31;
    boolean x64 = (insn >>> 31) != 0;
    switch (op) {
      case ADD_IMM, SUB_IMM -> { // DataProcessingImmediate.addSubImmediate
        long imm = (long) ((insn >>> 10) & 0xfff) << (((insn >>> 22) & 1) != 0 ? 12 : 0);
        if (op == SUB_IMM) {
          imm = -imm;
        }
        if (rd == 31 || rn == 31) {
          return x64 ? new AddImmSp(rd, rn, imm) : null;
        }
        return x64 ? new AddImmX(rd, rn, imm) : new AddImmW(rd, rn, imm);
      }
      case ADDS_IMM, SUBS_IMM -> {
        if (rn == 31) {
          return null; // SP as the first operand: rare outside CMP SP
        }
        long imm = (long) ((insn >>> 10) & 0xfff) << (((insn >>> 22) & 1) != 0 ? 12 : 0);
        return new AddSubFlags(zrDest(rd), rn, -1, 0, 0, x64, op == SUBS_IMM, imm);
      }
      case AND_IMM, ORR_IMM, EOR_IMM, ANDS_IMM -> { // DataProcessingImmediate.logicalImmediate
        int n = (insn >>> 22) & 1;
        long[] masks = new long[2];
        if ((!x64 && n != 0) || !Alu.decodeBitMasks(n, (insn >>> 10) & 0x3f, (insn >>> 16) & 0x3f, true, masks)) {
          return null; // UNDEFINED: the generic path raises it
        }
        long imm = masks[0];
        if (op == ANDS_IMM) {
          return new AndsImm(zrDest(rd), rn, imm, x64);
        }
        if (rd == 31) {
          return null; // Rd 31 is SP here
        }
        long mask = x64 ? -1L : M32;
        return switch (op) {
          case AND_IMM -> new AndImm(rd, rn, imm, mask);
          case ORR_IMM -> new OrrImm(rd, rn, imm, mask);
          default -> new EorImm(rd, rn, imm, mask);
        };
      }
      case MOVZ, MOVN, MOVK -> { // DataProcessingImmediate.moveWide
        int hw = (insn >>> 21) & 3;
        if (!x64 && hw >= 2) {
          return null;
        }
        int shift = hw * 16;
        long imm = (long) ((insn >>> 5) & 0xffff) << shift;
        long mask = x64 ? -1L : M32;
        if (op == MOVK) {
          return rd == 31 ? null : new Movk(rd, ~(0xffffL << shift), imm, mask);
        }
        return new MovConstant(zrDest(rd), (op == MOVN ? ~imm : imm) & mask);
      }
      case UBFM, SBFM -> { // DataProcessingImmediate.bitfield (BFM keeps the generic path)
        int n = (insn >>> 22) & 1;
        int immr = (insn >>> 16) & 0x3f;
        int imms = (insn >>> 10) & 0x3f;
        long[] masks = new long[2];
        if (n != (x64 ? 1 : 0) || (!x64 && (immr >= 32 || imms >= 32))
            || !Alu.decodeBitMasks(n, imms, immr, false, masks)) {
          return null;
        }
        long wmask = x64 ? masks[0] : masks[0] & M32;
        long tmask = x64 ? masks[1] : masks[1] & M32;
        return new Bitfield(zrDest(rd), rn, immr, imms, wmask, tmask, x64, op == SBFM);
      }
      case ADD_SR, SUB_SR, ADDS_SR, SUBS_SR -> { // DataProcessingRegister.addSubShifted
        int type = (insn >>> 22) & 3;
        int amount = (insn >>> 10) & 0x3f;
        if (type == 3 || (!x64 && amount >= 32)) {
          return null;
        }
        boolean sub = op == SUB_SR || op == SUBS_SR;
        if (op == ADDS_SR || op == SUBS_SR) {
          return new AddSubFlags(zrDest(rd), rn, rm, type, amount, x64, sub, 0);
        }
        if (amount == 0) {
          return new AddSubReg(zrDest(rd), rn, rm, sub, x64 ? -1L : M32);
        }
        return new AddSubShifted(zrDest(rd), rn, rm, type, amount, sub, x64);
      }
      case AND_SR, BIC_SR, ORR_SR, ORN_SR, EOR_SR, EON_SR, ANDS_SR, BICS_SR -> { // logicalShifted
        int amount = (insn >>> 10) & 0x3f;
        if (!x64 && amount >= 32) {
          return null;
        }
        int type = (insn >>> 22) & 3;
        int kind = switch (op) {
          case AND_SR, ANDS_SR -> 0;
          case BIC_SR, BICS_SR -> 1;
          case ORR_SR -> 2;
          case ORN_SR -> 3;
          case EOR_SR -> 4;
          default -> 5;
        };
        boolean flags = op == ANDS_SR || op == BICS_SR;
        if (op == ORR_SR && rn == 31 && amount == 0) {
          return new MovReg(zrDest(rd), rm, x64 ? -1L : M32); // MOV (register)
        }
        return new LogicalReg(zrDest(rd), rn, rm, type, amount, kind, flags, x64);
      }
      case CSEL, CSINC, CSINV, CSNEG -> { // DataProcessingRegister.conditionalSelect
        int kind = switch (op) {
          case CSEL -> 0;
          case CSINC -> 1;
          case CSINV -> 2;
          default -> 3;
        };
        return new CondSelect(zrDest(rd), rn, rm, (insn >>> 12) & 0xf, kind, x64 ? -1L : M32);
      }
      case MADD, MSUB -> { // DataProcessingRegister.multiplyAdd
        return new MulAdd(zrDest(rd), rn, rm, (insn >>> 10) & 31, op == MSUB, x64 ? -1L : M32);
      }
      case UMULH, SMULH -> { // DataProcessingRegister: multi-precision arithmetic (RSA, mpihelp)
        return new MultiplyHigh(zrDest(rd), rn, rm, op == SMULH);
      }
      case SMADDL, SMSUBL, UMADDL, UMSUBL -> { // DataProcessingRegister.multiplyAddLong
        return new MulAddLong(zrDest(rd), rn, rm, (insn >>> 10) & 31, op == SMADDL || op == SMSUBL,
            op == SMSUBL || op == UMSUBL);
      }
      case ADC, ADCS, SBC, SBCS -> { // DataProcessingRegister.addSubCarry
        return new AddSubCarry(zrDest(rd), rn, rm, op == SBC || op == SBCS, op == ADCS || op == SBCS, x64);
      }
      case LSLV, LSRV, ASRV, RORV -> { // DataProcessingRegister.shiftVariable
        int type = switch (op) {
          case LSLV -> 0;
          case LSRV -> 1;
          case ASRV -> 2;
          default -> 3;
        };
        return new ShiftVariable(zrDest(rd), rn, rm, type, x64);
      }
      case B -> {
        return new Branch((long) (insn << 6) >> 4);
      }
      case BL -> {
        return new BranchLink((long) (insn << 6) >> 4);
      }
      case B_COND -> {
        return new BranchCond(insn & 0xf, (long) (insn << 8) >> 11 & ~3L);
      }
      case CBZ, CBNZ -> {
        return new CompareBranch(rd, x64 ? -1L : M32, op == CBNZ, (long) (insn << 8) >> 11 & ~3L);
      }
      case TBZ, TBNZ -> {
        int bit = ((insn >>> 26) & 0x20) | ((insn >>> 19) & 0x1f);
        return new TestBranch(rd, bit, op == TBNZ, (long) (insn << 13) >> 16 & ~3L);
      }
      case BR, RET -> {
        return new BranchRegister(rn);
      }
      case LDST_UIMM -> { // LoadStoreSingle: the unsigned-offset LDR/STR (zero-extending)
        int size = insn >>> 30;
        int opc = (insn >>> 22) & 3;
        long offset = (long) ((insn >>> 10) & 0xfff) << size;
        if (opc == 0) {
          return new StoreUnsigned(rd, rn, offset, size);
        }
        if (opc == 1) {
          return new LoadUnsigned(zrDest(rd), rn, offset, size);
        }
        return null;
      }
      case LDST_IMM9 -> { // LoadStoreSingle.immediate9: LDUR/STUR and pre/post-index, zero-extending
        int size = insn >>> 30;
        int opc = (insn >>> 22) & 3;
        int idx = (insn >>> 10) & 3;
        long imm = (long) (insn << 11) >> 23;
        if (idx == 2 || opc > 1) {
          return null; // LDTR/STTR, sign-extending loads, PRFUM
        }
        return opc == 0
            ? new StoreImm9(rd, rn, imm, size, idx)
            : new LoadImm9(zrDest(rd), rn, imm, size, idx);
      }
      case LDST_REGOFF -> { // LoadStoreSingle.registerOffset, zero-extending
        int option = (insn >>> 13) & 7;
        int size = insn >>> 30;
        int opc = (insn >>> 22) & 3;
        if ((option & 2) == 0 || opc > 1) {
          return null;
        }
        int shift = ((insn >>> 12) & 1) != 0 ? size : 0;
        return opc == 0
            ? new StoreRegOffset(rd, rn, rm, option, shift, size)
            : new LoadRegOffset(zrDest(rd), rn, rm, option, shift, size);
      }
      case CCMN_REG, CCMP_REG, CCMN_IMM, CCMP_IMM -> { // DataProcessingRegister.conditionalCompare
        boolean immediate = op == CCMN_IMM || op == CCMP_IMM;
        return new CondCompare(rn, immediate ? -1 : rm, (insn >>> 16) & 31, (insn >>> 12) & 0xf,
            (insn & 0xf) << 28, op == CCMP_REG || op == CCMP_IMM, x64);
      }
      case LDP, STP -> { // LoadStorePair, 64-bit registers only
        if ((insn >>> 30) != 2) {
          return null;
        }
        int idx = (insn >>> 23) & 3;
        long offset = ((long) (insn << 10) >> 25) << 3;
        int rt2 = (insn >>> 10) & 31;
        return op == LDP
            ? new LoadPair(zrDest(rd), zrDest(rt2), rn, offset, idx)
            : new StorePair(rd, rt2, rn, offset, idx);
      }
      default -> {
        return null;
      }
    }
  }

  /** Every other operation: the spec-generated dispatch, as before pre-decoding. */
  static final class Generic extends DecodedInsn {
    final int op;
    final int insn;

    Generic(int op, int insn) {
      this.op = op;
      this.insn = insn;
    }

    @Override
    void execute(Cpu cpu, long pc) {
      A64Decoder.execute(cpu, op, insn, pc);
    }
  }

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
        cpu.nzcv = nzcvIfFalse;
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

  // ---- branches (Branches) ----

  static final class Branch extends DecodedInsn {
    final long offset;

    Branch(long offset) {
      this.offset = offset;
    }

    @Override
    void execute(Cpu cpu, long pc) {
      cpu.pc = pc + offset;
    }
  }

  static final class BranchLink extends DecodedInsn {
    final long offset;

    BranchLink(long offset) {
      this.offset = offset;
    }

    @Override
    void execute(Cpu cpu, long pc) {
      cpu.x[30] = pc + 4;
      cpu.pc = pc + offset;
    }
  }

  static final class BranchCond extends DecodedInsn {
    final int cond;
    final long offset;

    BranchCond(int cond, long offset) {
      this.cond = cond;
      this.offset = offset;
    }

    @Override
    void execute(Cpu cpu, long pc) {
      if (cpu.conditionHolds(cond)) {
        cpu.pc = pc + offset;
      }
    }
  }

  static final class CompareBranch extends DecodedInsn {
    final int rt;
    final long mask;
    final boolean nonZero;
    final long offset;

    CompareBranch(int rt, long mask, boolean nonZero, long offset) {
      this.rt = rt;
      this.mask = mask;
      this.nonZero = nonZero;
      this.offset = offset;
    }

    @Override
    void execute(Cpu cpu, long pc) {
      if (((cpu.x[rt] & mask) != 0) == nonZero) {
        cpu.pc = pc + offset;
      }
    }
  }

  static final class TestBranch extends DecodedInsn {
    final int rt;
    final int bit;
    final boolean set;
    final long offset;

    TestBranch(int rt, int bit, boolean set, long offset) {
      this.rt = rt;
      this.bit = bit;
      this.set = set;
      this.offset = offset;
    }

    @Override
    void execute(Cpu cpu, long pc) {
      if ((((cpu.x[rt] >>> bit) & 1) != 0) == set) {
        cpu.pc = pc + offset;
      }
    }
  }

  /** BR and RET. */
  static final class BranchRegister extends DecodedInsn {
    final int rn;

    BranchRegister(int rn) {
      this.rn = rn;
    }

    @Override
    void execute(Cpu cpu, long pc) {
      cpu.pc = cpu.x[rn];
    }
  }

  // ---- loads and stores (LoadStoreSingle, LoadStorePair) ----

  static final class LoadUnsigned extends DecodedInsn {
    final int rt;
    final int rn;
    final long offset;
    final int size;

    LoadUnsigned(int rt, int rn, long offset, int size) {
      this.rt = rt;
      this.rn = rn;
      this.offset = offset;
      this.size = size;
    }

    @Override
    void execute(Cpu cpu, long pc) {
      cpu.x[rt] = load(cpu, cpu.xOrSp(rn) + offset, size);
    }
  }

  static final class StoreUnsigned extends DecodedInsn {
    final int rt;
    final int rn;
    final long offset;
    final int size;

    StoreUnsigned(int rt, int rn, long offset, int size) {
      this.rt = rt;
      this.rn = rn;
      this.offset = offset;
      this.size = size;
    }

    @Override
    void execute(Cpu cpu, long pc) {
      store(cpu, cpu.xOrSp(rn) + offset, size, cpu.x[rt]);
    }
  }

  /** A zero-extending load of {@code 1 << size} bytes (LoadStoreSingle.access, opc 01). */
  static long load(Cpu cpu, long va, int size) {
    return switch (size) {
      case 3 -> cpu.mmu.read64(va);
      case 2 -> cpu.mmu.read32(va);
      case 1 -> cpu.mmu.read16(va);
      default -> cpu.mmu.read8(va);
    };
  }

  /** A store of the low {@code 1 << size} bytes (LoadStoreSingle.access, opc 00). */
  static void store(Cpu cpu, long va, int size, long value) {
    switch (size) {
      case 3 -> cpu.mmu.write64(va, value);
      case 2 -> cpu.mmu.write32(va, value);
      case 1 -> cpu.mmu.write16(va, value);
      default -> cpu.mmu.write8(va, value);
    }
  }

  /** LDUR and LDR pre-/post-index (idx 0 unscaled, 1 post-index, 3 pre-index). */
  static final class LoadImm9 extends DecodedInsn {
    final int rt;
    final int rn;
    final long imm;
    final int size;
    final int idx;

    LoadImm9(int rt, int rn, long imm, int size, int idx) {
      this.rt = rt;
      this.rn = rn;
      this.imm = imm;
      this.size = size;
      this.idx = idx;
    }

    @Override
    void execute(Cpu cpu, long pc) {
      long base = cpu.xOrSp(rn);
      cpu.x[rt] = load(cpu, idx == 1 ? base : base + imm, size);
      if (idx != 0) {
        cpu.setXOrSp(rn, base + imm); // the write-back wins when Rn == Rt, as in QEMU
      }
    }
  }

  /** STUR and STR pre-/post-index. */
  static final class StoreImm9 extends DecodedInsn {
    final int rt;
    final int rn;
    final long imm;
    final int size;
    final int idx;

    StoreImm9(int rt, int rn, long imm, int size, int idx) {
      this.rt = rt;
      this.rn = rn;
      this.imm = imm;
      this.size = size;
      this.idx = idx;
    }

    @Override
    void execute(Cpu cpu, long pc) {
      long base = cpu.xOrSp(rn);
      store(cpu, idx == 1 ? base : base + imm, size, cpu.x[rt]);
      if (idx != 0) {
        cpu.setXOrSp(rn, base + imm);
      }
    }
  }

  /** LDR (register): Rm extended by UXTW/LSL/SXTW/SXTX, optionally scaled. */
  static final class LoadRegOffset extends DecodedInsn {
    final int rt;
    final int rn;
    final int rm;
    final int option;
    final int shift;
    final int size;

    LoadRegOffset(int rt, int rn, int rm, int option, int shift, int size) {
      this.rt = rt;
      this.rn = rn;
      this.rm = rm;
      this.option = option;
      this.shift = shift;
      this.size = size;
    }

    @Override
    void execute(Cpu cpu, long pc) {
      long va = cpu.xOrSp(rn) + Alu.extend(cpu.x[rm], option, shift);
      cpu.x[rt] = load(cpu, va, size);
    }
  }

  static final class StoreRegOffset extends DecodedInsn {
    final int rt;
    final int rn;
    final int rm;
    final int option;
    final int shift;
    final int size;

    StoreRegOffset(int rt, int rn, int rm, int option, int shift, int size) {
      this.rt = rt;
      this.rn = rn;
      this.rm = rm;
      this.option = option;
      this.shift = shift;
      this.size = size;
    }

    @Override
    void execute(Cpu cpu, long pc) {
      long va = cpu.xOrSp(rn) + Alu.extend(cpu.x[rm], option, shift);
      store(cpu, va, size, cpu.x[rt]);
    }
  }

  /** LDP Xt, Xt2 (idx 1 post-index, 2 signed offset, 3 pre-index, 0 LDNP). */
  static final class LoadPair extends DecodedInsn {
    final int rt;
    final int rt2;
    final int rn;
    final long offset;
    final int idx;

    LoadPair(int rt, int rt2, int rn, long offset, int idx) {
      this.rt = rt;
      this.rt2 = rt2;
      this.rn = rn;
      this.offset = offset;
      this.idx = idx;
    }

    @Override
    void execute(Cpu cpu, long pc) {
      long base = cpu.xOrSp(rn);
      long va = idx == 1 ? base : base + offset;
      long first = cpu.mmu.read64(va);
      long second = cpu.mmu.read64(va + 8);
      cpu.x[rt] = first;
      cpu.x[rt2] = second;
      if (idx == 1 || idx == 3) {
        cpu.setXOrSp(rn, base + offset);
      }
    }
  }

  static final class StorePair extends DecodedInsn {
    final int rt;
    final int rt2;
    final int rn;
    final long offset;
    final int idx;

    StorePair(int rt, int rt2, int rn, long offset, int idx) {
      this.rt = rt;
      this.rt2 = rt2;
      this.rn = rn;
      this.offset = offset;
      this.idx = idx;
    }

    @Override
    void execute(Cpu cpu, long pc) {
      long base = cpu.xOrSp(rn);
      long va = idx == 1 ? base : base + offset;
      long first = cpu.x[rt];
      long second = cpu.x[rt2];
      cpu.mmu.write64(va, first);
      cpu.mmu.write64(va + 8, second);
      if (idx == 1 || idx == 3) {
        cpu.setXOrSp(rn, base + offset);
      }
    }
  }
}
