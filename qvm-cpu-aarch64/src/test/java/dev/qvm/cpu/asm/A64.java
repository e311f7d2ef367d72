package dev.qvm.cpu.asm;

/**
 * A small A64 encoder for tests: each static method returns one 32-bit instruction word. Field
 * layouts follow the ARM ARM (DDI 0487) chapter C4, "A64 Instruction Set Encoding"; section
 * numbers below name the encoding group. Registers are plain numbers 0..31; whether 31 means SP
 * or the zero register is the instruction's business, as in the manual. {@code sf} selects the
 * 64-bit (X) form. Out-of-range operands throw {@link IllegalArgumentException}.
 */
public final class A64 {

  /** {@code sf} value of the 64-bit forms. */
  public static final boolean X = true;
  /** {@code sf} value of the 32-bit forms. */
  public static final boolean W = false;
  /** Register number 31 read as the stack pointer. */
  public static final int SP = 31;
  /** Register number 31 read as the zero register. */
  public static final int ZR = 31;

  private A64() {}

  // ---------------------------------------------------------------- C4.1.86 DP (immediate)

  /** ADD (immediate): {@code Rd|SP = Rn|SP + imm12 << (shift12 ? 12 : 0)}. */
  public static int addImm(boolean sf, int rd, int rn, int imm12, boolean shift12) {
    return addSubImm(sf, false, false, rd, rn, imm12, shift12);
  }

  /** ADDS (immediate). */
  public static int addsImm(boolean sf, int rd, int rn, int imm12, boolean shift12) {
    return addSubImm(sf, false, true, rd, rn, imm12, shift12);
  }

  /** SUB (immediate). */
  public static int subImm(boolean sf, int rd, int rn, int imm12, boolean shift12) {
    return addSubImm(sf, true, false, rd, rn, imm12, shift12);
  }

  /** SUBS (immediate); CMP (immediate) is SUBS with Rd = ZR. */
  public static int subsImm(boolean sf, int rd, int rn, int imm12, boolean shift12) {
    return addSubImm(sf, true, true, rd, rn, imm12, shift12);
  }

  private static int addSubImm(
      boolean sf, boolean sub, boolean setFlags, int rd, int rn, int imm12, boolean shift12) {
    return sf(sf) | bit(sub, 30) | bit(setFlags, 29) | 0x1100_0000 | bit(shift12, 22)
        | (field(imm12, 12, "imm12") << 10) | rn(rn) | reg(rd);
  }

  /** AND (immediate); throws if {@code imm} is not a bitmask immediate. */
  public static int andImm(boolean sf, int rd, int rn, long imm) {
    return logicalImm(sf, 0, rd, rn, imm);
  }

  /** ORR (immediate). */
  public static int orrImm(boolean sf, int rd, int rn, long imm) {
    return logicalImm(sf, 1, rd, rn, imm);
  }

  /** EOR (immediate). */
  public static int eorImm(boolean sf, int rd, int rn, long imm) {
    return logicalImm(sf, 2, rd, rn, imm);
  }

  /** ANDS (immediate); TST (immediate) is ANDS with Rd = ZR. */
  public static int andsImm(boolean sf, int rd, int rn, long imm) {
    return logicalImm(sf, 3, rd, rn, imm);
  }

  /** Logical (immediate) with {@code opc} 0..3 = AND, ORR, EOR, ANDS. */
  public static int logicalImm(boolean sf, int opc, int rd, int rn, long imm) {
    int enc = BitmaskImmediate.encode(imm, sf ? 64 : 32);
    if (enc < 0) {
      throw new IllegalArgumentException(
          "not a bitmask immediate for " + (sf ? 64 : 32) + " bits: 0x" + Long.toHexString(imm));
    }
    return logicalImmRaw(sf, opc, rd, rn, enc);
  }

  /** Logical (immediate) from a raw 13-bit {@code N:immr:imms} field. */
  public static int logicalImmRaw(boolean sf, int opc, int rd, int rn, int nImmrImms) {
    return sf(sf) | (field(opc, 2, "opc") << 29) | 0x1200_0000
        | (field(nImmrImms, 13, "N:immr:imms") << 10) | rn(rn) | reg(rd);
  }

  /** MOVN: {@code Rd = ~(imm16 << shift)}; shift is 0, 16, 32 or 48. */
  public static int movn(boolean sf, int rd, int imm16, int shift) {
    return moveWide(sf, 0, rd, imm16, shift);
  }

  /** MOVZ: {@code Rd = imm16 << shift}. */
  public static int movz(boolean sf, int rd, int imm16, int shift) {
    return moveWide(sf, 2, rd, imm16, shift);
  }

  /** MOVK: replace bits [shift+15:shift] of Rd. */
  public static int movk(boolean sf, int rd, int imm16, int shift) {
    return moveWide(sf, 3, rd, imm16, shift);
  }

  private static int moveWide(boolean sf, int opc, int rd, int imm16, int shift) {
    if (shift % 16 != 0 || shift < 0 || shift > (sf ? 48 : 16)) {
      throw new IllegalArgumentException("bad move-wide shift " + shift);
    }
    return sf(sf) | (opc << 29) | 0x1280_0000 | ((shift / 16) << 21)
        | (field(imm16, 16, "imm16") << 5) | reg(rd);
  }

  /** ADR: {@code Rd = PC + offset}, offset within +-1 MiB. */
  public static int adr(int rd, long offset) {
    return pcRel(0, rd, offset);
  }

  /** ADRP: {@code Rd = (PC & ~0xFFF) + offset}, offset a multiple of 4096 within +-4 GiB. */
  public static int adrp(int rd, long offset) {
    if ((offset & 0xFFF) != 0) {
      throw new IllegalArgumentException("ADRP offset must be page aligned: " + offset);
    }
    return pcRel(1, rd, offset >> 12);
  }

  private static int pcRel(int op, int rd, long imm) {
    int imm21 = signed(imm, 21, "ADR(P) offset");
    return (op << 31) | ((imm21 & 3) << 29) | 0x1000_0000 | ((imm21 >>> 2) << 5) | reg(rd);
  }

  /** SBFM. */
  public static int sbfm(boolean sf, int rd, int rn, int immr, int imms) {
    return bitfield(sf, 0, rd, rn, immr, imms);
  }

  /** BFM. */
  public static int bfm(boolean sf, int rd, int rn, int immr, int imms) {
    return bitfield(sf, 1, rd, rn, immr, imms);
  }

  /** UBFM. */
  public static int ubfm(boolean sf, int rd, int rn, int immr, int imms) {
    return bitfield(sf, 2, rd, rn, immr, imms);
  }

  private static int bitfield(boolean sf, int opc, int rd, int rn, int immr, int imms) {
    int width = sf ? 6 : 5;
    return sf(sf) | (opc << 29) | 0x1300_0000 | bit(sf, 22) | (field(immr, width, "immr") << 16)
        | (field(imms, width, "imms") << 10) | rn(rn) | reg(rd);
  }

  /** LSL (immediate), an alias of UBFM. */
  public static int lslImm(boolean sf, int rd, int rn, int shift) {
    int size = sf ? 64 : 32;
    field(shift, sf ? 6 : 5, "shift");
    return ubfm(sf, rd, rn, (size - shift) % size, size - 1 - shift);
  }

  /** LSR (immediate), an alias of UBFM. */
  public static int lsrImm(boolean sf, int rd, int rn, int shift) {
    return ubfm(sf, rd, rn, shift, sf ? 63 : 31);
  }

  /** ASR (immediate), an alias of SBFM. */
  public static int asrImm(boolean sf, int rd, int rn, int shift) {
    return sbfm(sf, rd, rn, shift, sf ? 63 : 31);
  }

  /** EXTR: {@code Rd = (Rn:Rm) >> lsb}; ROR (immediate) is EXTR with Rn = Rm. */
  public static int extr(boolean sf, int rd, int rn, int rm, int lsb) {
    return sf(sf) | 0x1380_0000 | bit(sf, 22) | (reg(rm) << 16)
        | (field(lsb, sf ? 6 : 5, "lsb") << 10) | rn(rn) | reg(rd);
  }

  // ---------------------------------------------------------------- C4.1.88 DP (register)

  /** AND (shifted register). */
  public static int andReg(boolean sf, int rd, int rn, int rm, Shift shift, int amount) {
    return logicalReg(sf, 0, false, rd, rn, rm, shift, amount);
  }

  /** BIC (shifted register). */
  public static int bicReg(boolean sf, int rd, int rn, int rm, Shift shift, int amount) {
    return logicalReg(sf, 0, true, rd, rn, rm, shift, amount);
  }

  /** ORR (shifted register); MOV (register) is ORR with Rn = ZR. */
  public static int orrReg(boolean sf, int rd, int rn, int rm, Shift shift, int amount) {
    return logicalReg(sf, 1, false, rd, rn, rm, shift, amount);
  }

  /** ORN (shifted register). */
  public static int ornReg(boolean sf, int rd, int rn, int rm, Shift shift, int amount) {
    return logicalReg(sf, 1, true, rd, rn, rm, shift, amount);
  }

  /** EOR (shifted register). */
  public static int eorReg(boolean sf, int rd, int rn, int rm, Shift shift, int amount) {
    return logicalReg(sf, 2, false, rd, rn, rm, shift, amount);
  }

  /** EON (shifted register). */
  public static int eonReg(boolean sf, int rd, int rn, int rm, Shift shift, int amount) {
    return logicalReg(sf, 2, true, rd, rn, rm, shift, amount);
  }

  /** ANDS (shifted register). */
  public static int andsReg(boolean sf, int rd, int rn, int rm, Shift shift, int amount) {
    return logicalReg(sf, 3, false, rd, rn, rm, shift, amount);
  }

  /** BICS (shifted register). */
  public static int bicsReg(boolean sf, int rd, int rn, int rm, Shift shift, int amount) {
    return logicalReg(sf, 3, true, rd, rn, rm, shift, amount);
  }

  /** Logical (shifted register) with {@code opc} 0..3 = AND, ORR, EOR, ANDS; N inverts Rm. */
  public static int logicalReg(
      boolean sf, int opc, boolean invert, int rd, int rn, int rm, Shift shift, int amount) {
    return sf(sf) | (field(opc, 2, "opc") << 29) | 0x0A00_0000 | (shift.code() << 22)
        | bit(invert, 21) | (reg(rm) << 16) | (field(amount, sf ? 6 : 5, "amount") << 10)
        | rn(rn) | reg(rd);
  }

  /** MOV (register): ORR Rd, ZR, Rm. */
  public static int movReg(boolean sf, int rd, int rm) {
    return orrReg(sf, rd, ZR, rm, Shift.LSL, 0);
  }

  /** ADD (shifted register); ROR is reserved. */
  public static int addReg(boolean sf, int rd, int rn, int rm, Shift shift, int amount) {
    return addSubShifted(sf, false, false, rd, rn, rm, shift, amount);
  }

  /** ADDS (shifted register). */
  public static int addsReg(boolean sf, int rd, int rn, int rm, Shift shift, int amount) {
    return addSubShifted(sf, false, true, rd, rn, rm, shift, amount);
  }

  /** SUB (shifted register). */
  public static int subReg(boolean sf, int rd, int rn, int rm, Shift shift, int amount) {
    return addSubShifted(sf, true, false, rd, rn, rm, shift, amount);
  }

  /** SUBS (shifted register); CMP (shifted register) is SUBS with Rd = ZR. */
  public static int subsReg(boolean sf, int rd, int rn, int rm, Shift shift, int amount) {
    return addSubShifted(sf, true, true, rd, rn, rm, shift, amount);
  }

  private static int addSubShifted(boolean sf, boolean sub, boolean setFlags, int rd, int rn,
      int rm, Shift shift, int amount) {
    if (shift == Shift.ROR) {
      throw new IllegalArgumentException("ROR is reserved for add/sub (shifted register)");
    }
    return sf(sf) | bit(sub, 30) | bit(setFlags, 29) | 0x0B00_0000 | (shift.code() << 22)
        | (reg(rm) << 16) | (field(amount, sf ? 6 : 5, "amount") << 10) | rn(rn) | reg(rd);
  }

  /** ADD (extended register): {@code Rd|SP = Rn|SP + extend(Rm) << amount}, amount 0..4. */
  public static int addExt(boolean sf, int rd, int rn, int rm, Extend ext, int amount) {
    return addSubExtended(sf, false, false, rd, rn, rm, ext, amount);
  }

  /** ADDS (extended register). */
  public static int addsExt(boolean sf, int rd, int rn, int rm, Extend ext, int amount) {
    return addSubExtended(sf, false, true, rd, rn, rm, ext, amount);
  }

  /** SUB (extended register). */
  public static int subExt(boolean sf, int rd, int rn, int rm, Extend ext, int amount) {
    return addSubExtended(sf, true, false, rd, rn, rm, ext, amount);
  }

  /** SUBS (extended register). */
  public static int subsExt(boolean sf, int rd, int rn, int rm, Extend ext, int amount) {
    return addSubExtended(sf, true, true, rd, rn, rm, ext, amount);
  }

  private static int addSubExtended(boolean sf, boolean sub, boolean setFlags, int rd, int rn,
      int rm, Extend ext, int amount) {
    if (amount > 4) {
      throw new IllegalArgumentException("extended-register shift must be 0..4: " + amount);
    }
    return sf(sf) | bit(sub, 30) | bit(setFlags, 29) | 0x0B20_0000 | (reg(rm) << 16)
        | (ext.code() << 13) | (field(amount, 3, "amount") << 10) | rn(rn) | reg(rd);
  }

  /** ADC. */
  public static int adc(boolean sf, int rd, int rn, int rm) {
    return addSubCarry(sf, false, false, rd, rn, rm);
  }

  /** ADCS. */
  public static int adcs(boolean sf, int rd, int rn, int rm) {
    return addSubCarry(sf, false, true, rd, rn, rm);
  }

  /** SBC. */
  public static int sbc(boolean sf, int rd, int rn, int rm) {
    return addSubCarry(sf, true, false, rd, rn, rm);
  }

  /** SBCS. */
  public static int sbcs(boolean sf, int rd, int rn, int rm) {
    return addSubCarry(sf, true, true, rd, rn, rm);
  }

  private static int addSubCarry(
      boolean sf, boolean sub, boolean setFlags, int rd, int rn, int rm) {
    return sf(sf) | bit(sub, 30) | bit(setFlags, 29) | 0x1A00_0000 | (reg(rm) << 16) | rn(rn)
        | reg(rd);
  }

  /** CSEL: {@code Rd = cond ? Rn : Rm}. */
  public static int csel(boolean sf, int rd, int rn, int rm, Cond cond) {
    return condSelect(sf, 0, 0, rd, rn, rm, cond);
  }

  /** CSINC: {@code Rd = cond ? Rn : Rm + 1}. */
  public static int csinc(boolean sf, int rd, int rn, int rm, Cond cond) {
    return condSelect(sf, 0, 1, rd, rn, rm, cond);
  }

  /** CSINV: {@code Rd = cond ? Rn : ~Rm}. */
  public static int csinv(boolean sf, int rd, int rn, int rm, Cond cond) {
    return condSelect(sf, 1, 0, rd, rn, rm, cond);
  }

  /** CSNEG: {@code Rd = cond ? Rn : -Rm}. */
  public static int csneg(boolean sf, int rd, int rn, int rm, Cond cond) {
    return condSelect(sf, 1, 1, rd, rn, rm, cond);
  }

  private static int condSelect(boolean sf, int op, int op2, int rd, int rn, int rm, Cond cond) {
    return sf(sf) | (op << 30) | 0x1A80_0000 | (reg(rm) << 16) | (cond.code() << 12) | (op2 << 10)
        | rn(rn) | reg(rd);
  }

  /** CCMP (register): {@code NZCV = cond ? flags(Rn - Rm) : nzcv}. */
  public static int ccmpReg(boolean sf, int rn, int rm, int nzcv, Cond cond) {
    return condCompare(sf, true, false, rn, rm, nzcv, cond);
  }

  /** CCMN (register). */
  public static int ccmnReg(boolean sf, int rn, int rm, int nzcv, Cond cond) {
    return condCompare(sf, false, false, rn, rm, nzcv, cond);
  }

  /** CCMP (immediate), imm5 0..31. */
  public static int ccmpImm(boolean sf, int rn, int imm5, int nzcv, Cond cond) {
    return condCompare(sf, true, true, rn, imm5, nzcv, cond);
  }

  /** CCMN (immediate). */
  public static int ccmnImm(boolean sf, int rn, int imm5, int nzcv, Cond cond) {
    return condCompare(sf, false, true, rn, imm5, nzcv, cond);
  }

  private static int condCompare(
      boolean sf, boolean sub, boolean imm, int rn, int rmOrImm5, int nzcv, Cond cond) {
    return sf(sf) | bit(sub, 30) | 0x3A40_0000 | (field(rmOrImm5, 5, "Rm/imm5") << 16)
        | (cond.code() << 12) | bit(imm, 11) | rn(rn) | field(nzcv, 4, "nzcv");
  }

  /** MADD: {@code Rd = Ra + Rn * Rm}. */
  public static int madd(boolean sf, int rd, int rn, int rm, int ra) {
    return dp3(sf, 0, false, rd, rn, rm, ra);
  }

  /** MSUB: {@code Rd = Ra - Rn * Rm}. */
  public static int msub(boolean sf, int rd, int rn, int rm, int ra) {
    return dp3(sf, 0, true, rd, rn, rm, ra);
  }

  /** SMADDL: {@code Xd = Xa + Wn * Wm} (signed). */
  public static int smaddl(int rd, int rn, int rm, int ra) {
    return dp3(true, 1, false, rd, rn, rm, ra);
  }

  /** SMSUBL. */
  public static int smsubl(int rd, int rn, int rm, int ra) {
    return dp3(true, 1, true, rd, rn, rm, ra);
  }

  /** UMADDL: {@code Xd = Xa + Wn * Wm} (unsigned). */
  public static int umaddl(int rd, int rn, int rm, int ra) {
    return dp3(true, 5, false, rd, rn, rm, ra);
  }

  /** UMSUBL. */
  public static int umsubl(int rd, int rn, int rm, int ra) {
    return dp3(true, 5, true, rd, rn, rm, ra);
  }

  /** SMULH: high 64 bits of the signed 128-bit product. */
  public static int smulh(int rd, int rn, int rm) {
    return dp3(true, 2, false, rd, rn, rm, ZR);
  }

  /** UMULH: high 64 bits of the unsigned 128-bit product. */
  public static int umulh(int rd, int rn, int rm) {
    return dp3(true, 6, false, rd, rn, rm, ZR);
  }

  private static int dp3(boolean sf, int op31, boolean o0, int rd, int rn, int rm, int ra) {
    return sf(sf) | 0x1B00_0000 | (op31 << 21) | (reg(rm) << 16) | bit(o0, 15) | (reg(ra) << 10)
        | rn(rn) | reg(rd);
  }

  /** UDIV (division by zero gives zero). */
  public static int udiv(boolean sf, int rd, int rn, int rm) {
    return dp2(sf, 0b000010, rd, rn, rm);
  }

  /** SDIV. */
  public static int sdiv(boolean sf, int rd, int rn, int rm) {
    return dp2(sf, 0b000011, rd, rn, rm);
  }

  /** LSLV: shift count is Rm modulo the width. */
  public static int lslv(boolean sf, int rd, int rn, int rm) {
    return dp2(sf, 0b001000, rd, rn, rm);
  }

  /** LSRV. */
  public static int lsrv(boolean sf, int rd, int rn, int rm) {
    return dp2(sf, 0b001001, rd, rn, rm);
  }

  /** ASRV. */
  public static int asrv(boolean sf, int rd, int rn, int rm) {
    return dp2(sf, 0b001010, rd, rn, rm);
  }

  /** RORV. */
  public static int rorv(boolean sf, int rd, int rn, int rm) {
    return dp2(sf, 0b001011, rd, rn, rm);
  }

  /**
   * CRC32B/H/W/X ({@code castagnoli} false) or CRC32CB/CH/CW/CX: {@code size} is log2 of the
   * bytes taken from Rm; size 3 is the only X form.
   */
  public static int crc32(boolean castagnoli, int size, int rd, int rn, int rm) {
    field(size, 2, "size");
    return dp2(size == 3, 0b010000 | (castagnoli ? 4 : 0) | size, rd, rn, rm);
  }

  /** Data-processing (2 source) with a raw 6-bit opcode. */
  public static int dp2(boolean sf, int opcode, int rd, int rn, int rm) {
    return sf(sf) | 0x1AC0_0000 | (reg(rm) << 16) | (field(opcode, 6, "opcode") << 10) | rn(rn)
        | reg(rd);
  }

  /** RBIT. */
  public static int rbit(boolean sf, int rd, int rn) {
    return dp1(sf, 0b000000, rd, rn);
  }

  /** REV16: reverse bytes in each halfword. */
  public static int rev16(boolean sf, int rd, int rn) {
    return dp1(sf, 0b000001, rd, rn);
  }

  /** REV32 (64-bit only): reverse bytes in each word. */
  public static int rev32(int rd, int rn) {
    return dp1(true, 0b000010, rd, rn);
  }

  /** REV: reverse all bytes of the register. */
  public static int rev(boolean sf, int rd, int rn) {
    return dp1(sf, sf ? 0b000011 : 0b000010, rd, rn);
  }

  /** CLZ. */
  public static int clz(boolean sf, int rd, int rn) {
    return dp1(sf, 0b000100, rd, rn);
  }

  /** CLS. */
  public static int cls(boolean sf, int rd, int rn) {
    return dp1(sf, 0b000101, rd, rn);
  }

  private static int dp1(boolean sf, int opcode, int rd, int rn) {
    return sf(sf) | 0x5AC0_0000 | (opcode << 10) | rn(rn) | reg(rd);
  }

  // ---------------------------------------------------------------- C4.1.87 branches, system

  /** B: offset in bytes from this instruction, a multiple of 4 within +-128 MiB. */
  public static int b(long offset) {
    return 0x1400_0000 | (signed(words(offset), 26, "branch offset") & 0x3FF_FFFF);
  }

  /** BL. */
  public static int bl(long offset) {
    return 0x9400_0000 | (signed(words(offset), 26, "branch offset") & 0x3FF_FFFF);
  }

  /** B.cond: offset within +-1 MiB. */
  public static int bCond(Cond cond, long offset) {
    return 0x5400_0000 | ((signed(words(offset), 19, "branch offset") & 0x7FFFF) << 5)
        | cond.code();
  }

  /** CBZ. */
  public static int cbz(boolean sf, int rt, long offset) {
    return sf(sf) | 0x3400_0000 | ((signed(words(offset), 19, "branch offset") & 0x7FFFF) << 5)
        | reg(rt);
  }

  /** CBNZ. */
  public static int cbnz(boolean sf, int rt, long offset) {
    return cbz(sf, rt, offset) | (1 << 24);
  }

  /** TBZ: branch if bit {@code bit} (0..63) of Rt is zero; offset within +-32 KiB. */
  public static int tbz(int rt, int bit, long offset) {
    field(bit, 6, "bit");
    return ((bit >> 5) << 31) | 0x3600_0000 | ((bit & 31) << 19)
        | ((signed(words(offset), 14, "branch offset") & 0x3FFF) << 5) | reg(rt);
  }

  /** TBNZ. */
  public static int tbnz(int rt, int bit, long offset) {
    return tbz(rt, bit, offset) | (1 << 24);
  }

  /** BR. */
  public static int br(int rn) {
    return 0xD61F_0000 | rn(rn);
  }

  /** BLR. */
  public static int blr(int rn) {
    return 0xD63F_0000 | rn(rn);
  }

  /** RET (Rn is usually 30). */
  public static int ret(int rn) {
    return 0xD65F_0000 | rn(rn);
  }

  /** RET X30. */
  public static int ret() {
    return ret(30);
  }

  /** ERET. */
  public static int eret() {
    return 0xD69F_03E0;
  }

  /** SVC #imm16. */
  public static int svc(int imm16) {
    return exceptionGen(0, 1, imm16);
  }

  /** HVC #imm16. */
  public static int hvc(int imm16) {
    return exceptionGen(0, 2, imm16);
  }

  /** SMC #imm16. */
  public static int smc(int imm16) {
    return exceptionGen(0, 3, imm16);
  }

  /** BRK #imm16. */
  public static int brk(int imm16) {
    return exceptionGen(1, 0, imm16);
  }

  /** HLT #imm16; HLT #0xF000 is the A64 semihosting call. */
  public static int hlt(int imm16) {
    return exceptionGen(2, 0, imm16);
  }

  private static int exceptionGen(int opc, int ll, int imm16) {
    return 0xD400_0000 | (opc << 21) | (field(imm16, 16, "imm16") << 5) | ll;
  }

  /** NOP. */
  public static int nop() {
    return 0xD503_201F;
  }

  /** WFI. */
  public static int wfi() {
    return 0xD503_207F;
  }

  /** DMB with the 4-bit option (15 = SY, 11 = ISH). */
  public static int dmb(int option) {
    return 0xD503_30BF | (field(option, 4, "option") << 8);
  }

  /** DSB with the 4-bit option. */
  public static int dsb(int option) {
    return 0xD503_309F | (field(option, 4, "option") << 8);
  }

  /** ISB (SY). */
  public static int isb() {
    return 0xD503_3FDF;
  }

  /** CLREX. */
  public static int clrex() {
    return 0xD503_3F5F;
  }

  /** SYS #op1, Cn, Cm, #op2, Xt (C6.2.339): the cache, TLB and address-translation instructions. */
  public static int sys(int op1, int crn, int crm, int op2, int rt) {
    return 0xD508_0000 | (field(op1, 3, "op1") << 16) | (field(crn, 4, "CRn") << 12)
        | (field(crm, 4, "CRm") << 8) | (field(op2, 3, "op2") << 5) | reg(rt);
  }

  /** DC ZVA, Xt (C5.3.22): zero the DCZID_EL0-sized block holding Xt's address. */
  public static int dcZva(int rt) {
    return sys(3, 7, 4, 1, rt);
  }

  /** DC CVAU, Xt: clean to the point of unification. */
  public static int dcCvau(int rt) {
    return sys(3, 7, 11, 1, rt);
  }

  /** IC IVAU, Xt: invalidate instruction cache by VA to the point of unification. */
  public static int icIvau(int rt) {
    return sys(3, 7, 5, 1, rt);
  }

  /** AT S1E0R, Xt (C5.5.4): stage-1 translation as an EL0 read, result in PAR_EL1. */
  public static int atS1e0r(int rt) {
    return sys(0, 7, 8, 2, rt);
  }

  /** AT S1E1W, Xt: stage-1 translation as an EL1 write. */
  public static int atS1e1w(int rt) {
    return sys(0, 7, 8, 1, rt);
  }

  /** MRS Xt, sysreg. */
  public static int mrs(int rt, SysReg sysReg) {
    return 0xD530_0000 | sysReg.fields() | reg(rt);
  }

  /** MSR sysreg, Xt. */
  public static int msr(SysReg sysReg, int rt) {
    return 0xD510_0000 | sysReg.fields() | reg(rt);
  }

  /** MSR DAIFSet, #imm4: sets the D, A, I, F mask bits named by imm4 (bit 3 = D). */
  public static int msrDaifSet(int imm4) {
    return msrImm(3, 6, imm4);
  }

  /** MSR DAIFClr, #imm4. */
  public static int msrDaifClr(int imm4) {
    return msrImm(3, 7, imm4);
  }

  /** MSR SPSel, #imm (0 = SP_EL0, 1 = SP_ELx). */
  public static int msrSpSel(int imm) {
    return msrImm(0, 5, imm);
  }

  /** MSR (immediate) to the PSTATE field selected by op1, op2. */
  public static int msrImm(int op1, int op2, int crm) {
    return 0xD500_401F | (field(op1, 3, "op1") << 16) | (field(crm, 4, "CRm") << 8)
        | (field(op2, 3, "op2") << 5);
  }

  // ---------------------------------------------------------------- helpers

  static int sf(boolean sf) {
    return sf ? 1 << 31 : 0;
  }

  static int bit(boolean set, int position) {
    return set ? 1 << position : 0;
  }

  static int reg(int r) {
    if (r < 0 || r > 31) {
      throw new IllegalArgumentException("register number out of range: " + r);
    }
    return r;
  }

  static int rn(int r) {
    return reg(r) << 5;
  }

  static int field(long value, int width, String what) {
    if (value < 0 || value >= (1L << width)) {
      throw new IllegalArgumentException(what + " out of range for " + width + " bits: " + value);
    }
    return (int) value;
  }

  static int signed(long value, int width, String what) {
    long min = -(1L << (width - 1));
    if (value < min || value > -min - 1) {
      throw new IllegalArgumentException(what + " out of range: " + value);
    }
    return (int) (value & ((1L << width) - 1));
  }

  static long words(long offset) {
    if ((offset & 3) != 0) {
      throw new IllegalArgumentException("offset not a multiple of 4: " + offset);
    }
    return offset >> 2;
  }
}
