package dev.qvm.cpu.exec;

import static dev.qvm.cpu.decode.A64Decoder.*;

import dev.qvm.cpu.decode.A64Decoder;
import dev.qvm.cpu.exec.DecodedBranches.*;
import dev.qvm.cpu.exec.DecodedDataProcessing.*;
import dev.qvm.cpu.exec.DecodedLoadStore.*;

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
      case HINT -> { // SystemInstructions.hint: all but YIELD, WFE, WFI, SEV, SEVL are NOPs here
        int imm = (insn >>> 5) & 0x7f;
        return imm >= 1 && imm <= 5 ? null : new Nop(); // one per slot: each has its own heat
      }
      case ADD_ER, SUB_ER -> { // DataProcessingRegister.addSubExtended, without flags
        int shift = (insn >>> 10) & 7;
        if (shift > 4) {
          return null; // UNDEFINED: the generic path raises it
        }
        return new AddSubExtended(rd, rn, rm, (insn >>> 13) & 7, shift, op == SUB_ER, x64 ? -1L : M32);
      }
      case EXTR -> { // DataProcessingImmediate.extract
        int lsb = (insn >>> 10) & 0x3f;
        if (((insn >>> 22) & 1) != (x64 ? 1 : 0) || (!x64 && lsb >= 32)) {
          return null;
        }
        return new Extract(zrDest(rd), rn, rm, lsb, x64);
      }
      case ADR, ADRP -> { // DataProcessingImmediate.adr
        long imm = ((long) (insn << 8) >> 11 & ~3L) | ((insn >>> 29) & 3);
        return op == ADRP ? new Adrp(zrDest(rd), imm << 12) : new Adr(zrDest(rd), imm);
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
}
