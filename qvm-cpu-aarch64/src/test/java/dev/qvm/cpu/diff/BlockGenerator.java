package dev.qvm.cpu.diff;

import static dev.qvm.cpu.asm.A64.ZR;

import dev.qvm.cpu.asm.A64;
import dev.qvm.cpu.asm.BitmaskImmediate;
import dev.qvm.cpu.asm.Cond;
import dev.qvm.cpu.asm.Extend;
import dev.qvm.cpu.asm.Shift;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Seeded generator of random integer instruction blocks (1-8 instructions) for the differential
 * test. It tracks which registers still hold their known initial value (or a known written-back
 * pointer) so loads and stores only address the scratch area, naturally aligned. Encodings that
 * the ARM ARM calls CONSTRAINED UNPREDICTABLE are avoided (writeback with Rn == Rt, LDP with
 * Rt == Rt2, STXR with Rs == Rt or Rs == Rn), as is anything that leaves the block, touches SP
 * or changes system state — except the small share of raw random words, which are drawn only
 * from the data-processing, SIMD/FP and unallocated encoding groups (ARM ARM C4.1, op0).
 */
public final class BlockGenerator {

  /** Maximum instructions per block. */
  public static final int MAX_BLOCK = 8;

  private enum Kind {
    ADDSUB_IMM(8), ADDSUB_SHIFTED(8), ADDSUB_EXTENDED(5), ADDSUB_CARRY(5), LOGICAL_IMM(6),
    LOGICAL_SHIFTED(8), MOVE_WIDE(4), BITFIELD(6), EXTRACT(3), COND_SELECT(6), COND_COMPARE(5),
    MULTIPLY(6), DIVIDE(4), SHIFT_VARIABLE(4), ONE_SOURCE(5), CRC(3), PC_RELATIVE(1),
    MEMORY(20), PAIR(5), EXCLUSIVE(2), ACQUIRE_RELEASE(2), BRANCH(5), RANDOM_WORD(3);

    final int weight;

    Kind(int weight) {
      this.weight = weight;
    }
  }

  private static final Kind[] KINDS = Kind.values();
  private static final int TOTAL_WEIGHT;

  static {
    int sum = 0;
    for (Kind k : KINDS) {
      sum += k.weight;
    }
    TOTAL_WEIGHT = sum;
  }

  private final SplittableRandom rnd;
  private final long[] value = new long[31];
  private final boolean[] known = new boolean[31];
  private final List<Insn> out = new ArrayList<>();
  private int length;
  /** Instructions still to come that a forward branch may skip. */
  private int shadow;
  private int pendingShadow;

  /** Also emit FEAT_LSE/LOR/LRCPC instructions (for the cortex-a57-lse model). */
  private final boolean lse;

  /** A generator whose output is a pure function of {@code seed}. */
  public BlockGenerator(long seed) {
    this(seed, false);
  }

  /** A generator that, with {@code lse}, mixes in the ARMv8.1 atomics (one instruction in four). */
  public BlockGenerator(long seed, boolean lse) {
    this.rnd = new SplittableRandom(seed);
    this.lse = lse;
  }

  /** The scratch content for an image; draw it before the cases. */
  public byte[] scratchFill() {
    return InitialStates.scratchFill(rnd);
  }

  /** The next test case, numbered {@code number}. */
  public TestCase next(int number) {
    long[] regs = InitialStates.registers(rnd);
    long nzcv = InitialStates.nzcv(rnd);
    System.arraycopy(regs, 0, value, 0, 31);
    Arrays.fill(known, true);
    out.clear();
    shadow = 0;
    length = 1 + rnd.nextInt(MAX_BLOCK);
    while (out.size() < length) {
      generateOne();
    }
    return new TestCase(number, regs, nzcv, out);
  }

  private int remaining() {
    return length - out.size();
  }

  private void generateOne() {
    if (lse && rnd.nextInt(4) == 0) {
      new LseOps(this).one();
      return;
    }
    int pick = rnd.nextInt(TOTAL_WEIGHT);
    Kind kind = KINDS[0];
    for (Kind k : KINDS) {
      pick -= k.weight;
      if (pick < 0) {
        kind = k;
        break;
      }
    }
    boolean inShadow = shadow > 0;
    int before = out.size();
    switch (kind) {
      case ADDSUB_IMM -> addSubImm();
      case ADDSUB_SHIFTED -> addSubShifted();
      case ADDSUB_EXTENDED -> addSubExtended();
      case ADDSUB_CARRY -> addSubCarry();
      case LOGICAL_IMM -> logicalImm();
      case LOGICAL_SHIFTED -> logicalShifted();
      case MOVE_WIDE -> moveWide();
      case BITFIELD -> bitfield();
      case EXTRACT -> extract();
      case COND_SELECT -> condSelect();
      case COND_COMPARE -> condCompare();
      case MULTIPLY -> multiply();
      case DIVIDE -> divide();
      case SHIFT_VARIABLE -> shiftVariable();
      case ONE_SOURCE -> oneSource();
      case CRC -> crc();
      case PC_RELATIVE -> pcRelative();
      case MEMORY -> new MemoryOps(this).single();
      case PAIR -> new MemoryOps(this).pair();
      case EXCLUSIVE -> {
        if (!inShadow && remaining() >= 2) {
          new MemoryOps(this).exclusivePair();
        }
      }
      case ACQUIRE_RELEASE -> new MemoryOps(this).acquireRelease();
      case BRANCH -> branch();
      case RANDOM_WORD -> {
        // Not with LSE: its QEMU oracle is "-cpu max", where random words hit SVE, SME and
        // ARMv8.2+ encodings that the cortex-a57-lse model rightly calls UNDEFINED.
        if (!lse) {
          randomWord();
        }
      }
    }
    if (out.size() > before && inShadow) {
      shadow = Math.max(0, shadow - (out.size() - before));
    }
    shadow = Math.max(shadow, pendingShadow);
    pendingShadow = 0;
  }

  // ------------------------------------------------------------------ shared with MemoryOps

  SplittableRandom rnd() {
    return rnd;
  }

  boolean inShadow() {
    return shadow > 0;
  }

  /** Instructions emitted so far in the current block. */
  int blockSize() {
    return out.size();
  }

  void emit(int word, String text) {
    out.add(new Insn(word, text));
  }

  /** Register {@code r} now holds an unknown value. */
  void clobber(int r) {
    if (r < 31) {
      known[r] = false;
    }
  }

  /** A written-back base: known only if the instruction certainly executed. */
  void writeBack(int r, long newValue) {
    if (shadow > 0) {
      known[r] = false;
    } else {
      value[r] = newValue;
    }
  }

  boolean isKnown(int r) {
    return r < 31 && known[r];
  }

  long valueOf(int r) {
    return value[r];
  }

  /** Registers whose known value lies in the scratch area. */
  List<Integer> pointers() {
    List<Integer> p = new ArrayList<>();
    for (int r = 0; r < 31; r++) {
      if (known[r] && DiffImageBuilder.inScratch(value[r], 1)) {
        p.add(r);
      }
    }
    return p;
  }

  /** Any register, 31 being the zero register (about 1 in 16). */
  int anyReg() {
    return rnd.nextInt(16) == 0 ? ZR : rnd.nextInt(31);
  }

  /** x0..x30, for positions where 31 would mean SP. */
  int gpReg() {
    return rnd.nextInt(31);
  }

  boolean sf() {
    return rnd.nextBoolean();
  }

  static String r(boolean sf, int reg) {
    if (reg == 31) {
      return sf ? "xzr" : "wzr";
    }
    return (sf ? "x" : "w") + reg;
  }

  static String hex(long v) {
    return "#0x" + Long.toHexString(v);
  }

  // ------------------------------------------------------------------ data processing

  /** Shift amounts weighted to 0, 1, width-1 and random. */
  private int shiftAmount(boolean sf) {
    int width = sf ? 64 : 32;
    return switch (rnd.nextInt(5)) {
      case 0 -> 0;
      case 1 -> 1;
      case 2 -> width - 1;
      default -> rnd.nextInt(width);
    };
  }

  private void addSubImm() {
    boolean sf = sf();
    boolean sub = rnd.nextBoolean();
    boolean flags = rnd.nextBoolean();
    int rn = gpReg();
    // Flag-setting forms write ZR (CMP/CMN) when Rd is 31; the others would write SP.
    int rd = flags ? anyReg() : gpReg();
    int imm = switch (rnd.nextInt(4)) {
      case 0 -> 0;
      case 1 -> 1;
      case 2 -> 4095;
      default -> rnd.nextInt(4096);
    };
    boolean shift = rnd.nextInt(4) == 0;
    int word = sub
        ? (flags ? A64.subsImm(sf, rd, rn, imm, shift) : A64.subImm(sf, rd, rn, imm, shift))
        : (flags ? A64.addsImm(sf, rd, rn, imm, shift) : A64.addImm(sf, rd, rn, imm, shift));
    emit(word, (sub ? "SUB" : "ADD") + (flags ? "S " : " ") + r(sf, rd) + ", " + r(sf, rn) + ", "
        + hex(imm) + (shift ? ", LSL #12" : ""));
    clobber(rd);
  }

  private void addSubShifted() {
    boolean sf = sf();
    boolean sub = rnd.nextBoolean();
    boolean flags = rnd.nextBoolean();
    int rd = anyReg();
    int rn = anyReg();
    int rm = anyReg();
    Shift shift = Shift.values()[rnd.nextInt(3)];
    int amount = rnd.nextInt(3) == 0 ? 0 : shiftAmount(sf);
    int word = sub
        ? (flags ? A64.subsReg(sf, rd, rn, rm, shift, amount)
            : A64.subReg(sf, rd, rn, rm, shift, amount))
        : (flags ? A64.addsReg(sf, rd, rn, rm, shift, amount)
            : A64.addReg(sf, rd, rn, rm, shift, amount));
    emit(word, (sub ? "SUB" : "ADD") + (flags ? "S " : " ") + r(sf, rd) + ", " + r(sf, rn) + ", "
        + r(sf, rm) + ", " + shift + " #" + amount);
    clobber(rd);
  }

  private void addSubExtended() {
    boolean sf = sf();
    boolean sub = rnd.nextBoolean();
    boolean flags = rnd.nextBoolean();
    int rd = flags ? anyReg() : gpReg();
    int rn = gpReg();
    int rm = anyReg();
    Extend ext = Extend.values()[rnd.nextInt(8)];
    int amount = rnd.nextInt(5);
    int word = sub
        ? (flags ? A64.subsExt(sf, rd, rn, rm, ext, amount)
            : A64.subExt(sf, rd, rn, rm, ext, amount))
        : (flags ? A64.addsExt(sf, rd, rn, rm, ext, amount)
            : A64.addExt(sf, rd, rn, rm, ext, amount));
    boolean xm = sf && (ext == Extend.UXTX || ext == Extend.SXTX);
    emit(word, (sub ? "SUB" : "ADD") + (flags ? "S " : " ") + r(sf, rd) + ", " + r(sf, rn) + ", "
        + r(xm, rm) + ", " + ext + " #" + amount);
    clobber(rd);
  }

  private void addSubCarry() {
    boolean sf = sf();
    int op = rnd.nextInt(4);
    int rd = anyReg();
    int rn = anyReg();
    int rm = anyReg();
    int word = switch (op) {
      case 0 -> A64.adc(sf, rd, rn, rm);
      case 1 -> A64.adcs(sf, rd, rn, rm);
      case 2 -> A64.sbc(sf, rd, rn, rm);
      default -> A64.sbcs(sf, rd, rn, rm);
    };
    String[] names = {"ADC", "ADCS", "SBC", "SBCS"};
    emit(word, names[op] + " " + r(sf, rd) + ", " + r(sf, rn) + ", " + r(sf, rm));
    clobber(rd);
  }

  private void logicalImm() {
    boolean sf = sf();
    int opc = rnd.nextInt(4);
    int width = sf ? 64 : 32;
    // Draw the encoding fields, keep the combinations DecodeBitMasks accepts.
    int raw;
    long imm;
    while (true) {
      raw = ((sf && rnd.nextBoolean()) ? 1 << 12 : 0) | rnd.nextInt(1 << 12);
      try {
        imm = BitmaskImmediate.decode(raw, width);
        break;
      } catch (IllegalArgumentException reserved) {
        // try another
      }
    }
    int rd = opc == 3 ? anyReg() : gpReg();
    int rn = anyReg();
    String[] names = {"AND", "ORR", "EOR", "ANDS"};
    emit(A64.logicalImm(sf, opc, rd, rn, imm), names[opc] + " " + r(sf, rd) + ", " + r(sf, rn)
        + ", " + hex(imm));
    clobber(rd);
  }

  private void logicalShifted() {
    boolean sf = sf();
    int opc = rnd.nextInt(4);
    boolean invert = rnd.nextBoolean();
    int rd = anyReg();
    int rn = anyReg();
    int rm = anyReg();
    Shift shift = Shift.values()[rnd.nextInt(4)];
    int amount = rnd.nextInt(3) == 0 ? 0 : shiftAmount(sf);
    String[][] names = {{"AND", "BIC"}, {"ORR", "ORN"}, {"EOR", "EON"}, {"ANDS", "BICS"}};
    emit(A64.logicalReg(sf, opc, invert, rd, rn, rm, shift, amount),
        names[opc][invert ? 1 : 0] + " " + r(sf, rd) + ", " + r(sf, rn) + ", " + r(sf, rm) + ", "
            + shift + " #" + amount);
    clobber(rd);
  }

  private void moveWide() {
    boolean sf = sf();
    int op = rnd.nextInt(3);
    int rd = anyReg();
    int shift = 16 * rnd.nextInt(sf ? 4 : 2);
    int imm = switch (rnd.nextInt(4)) {
      case 0 -> 0;
      case 1 -> 0xFFFF;
      case 2 -> 0x8000;
      default -> rnd.nextInt(0x10000);
    };
    int word = switch (op) {
      case 0 -> A64.movn(sf, rd, imm, shift);
      case 1 -> A64.movz(sf, rd, imm, shift);
      default -> A64.movk(sf, rd, imm, shift);
    };
    emit(word, new String[] {"MOVN", "MOVZ", "MOVK"}[op] + " " + r(sf, rd) + ", " + hex(imm)
        + ", LSL #" + shift);
    clobber(rd);
  }

  private void bitfield() {
    boolean sf = sf();
    int width = sf ? 64 : 32;
    int rd = anyReg();
    int rn = anyReg();
    int opc = rnd.nextInt(3);
    int immr = rnd.nextInt(4) == 0 ? width - 1 : rnd.nextInt(width);
    int imms = rnd.nextInt(4) == 0 ? width - 1 : rnd.nextInt(width);
    int word = switch (opc) {
      case 0 -> A64.sbfm(sf, rd, rn, immr, imms);
      case 1 -> A64.bfm(sf, rd, rn, immr, imms);
      default -> A64.ubfm(sf, rd, rn, immr, imms);
    };
    emit(word, new String[] {"SBFM", "BFM", "UBFM"}[opc] + " " + r(sf, rd) + ", " + r(sf, rn)
        + ", #" + immr + ", #" + imms);
    clobber(rd);
  }

  private void extract() {
    boolean sf = sf();
    int rd = anyReg();
    int rn = anyReg();
    int rm = rnd.nextInt(3) == 0 ? rn : anyReg();
    int lsb = shiftAmount(sf);
    emit(A64.extr(sf, rd, rn, rm, lsb), "EXTR " + r(sf, rd) + ", " + r(sf, rn) + ", " + r(sf, rm)
        + ", #" + lsb);
    clobber(rd);
  }

  private void condSelect() {
    boolean sf = sf();
    int op = rnd.nextInt(4);
    int rd = anyReg();
    int rn = anyReg();
    int rm = anyReg();
    Cond cond = Cond.values()[rnd.nextInt(16)];
    int word = switch (op) {
      case 0 -> A64.csel(sf, rd, rn, rm, cond);
      case 1 -> A64.csinc(sf, rd, rn, rm, cond);
      case 2 -> A64.csinv(sf, rd, rn, rm, cond);
      default -> A64.csneg(sf, rd, rn, rm, cond);
    };
    emit(word, new String[] {"CSEL", "CSINC", "CSINV", "CSNEG"}[op] + " " + r(sf, rd) + ", "
        + r(sf, rn) + ", " + r(sf, rm) + ", " + cond);
    clobber(rd);
  }

  private void condCompare() {
    boolean sf = sf();
    boolean cmp = rnd.nextBoolean();
    boolean imm = rnd.nextBoolean();
    int rn = anyReg();
    int operand = imm ? rnd.nextInt(32) : anyReg();
    int nzcv = rnd.nextInt(16);
    Cond cond = Cond.values()[rnd.nextInt(16)];
    int word = cmp
        ? (imm ? A64.ccmpImm(sf, rn, operand, nzcv, cond)
            : A64.ccmpReg(sf, rn, operand, nzcv, cond))
        : (imm ? A64.ccmnImm(sf, rn, operand, nzcv, cond)
            : A64.ccmnReg(sf, rn, operand, nzcv, cond));
    emit(word, (cmp ? "CCMP " : "CCMN ") + r(sf, rn) + ", "
        + (imm ? "#" + operand : r(sf, operand)) + ", #" + nzcv + ", " + cond);
  }

  private void multiply() {
    int op = rnd.nextInt(8);
    boolean sf = sf();
    int rd = anyReg();
    int rn = anyReg();
    int rm = anyReg();
    int ra = anyReg();
    int word;
    String text;
    switch (op) {
      case 0 -> {
        word = A64.madd(sf, rd, rn, rm, ra);
        text = "MADD " + r(sf, rd) + ", " + r(sf, rn) + ", " + r(sf, rm) + ", " + r(sf, ra);
      }
      case 1 -> {
        word = A64.msub(sf, rd, rn, rm, ra);
        text = "MSUB " + r(sf, rd) + ", " + r(sf, rn) + ", " + r(sf, rm) + ", " + r(sf, ra);
      }
      case 2 -> {
        word = A64.smaddl(rd, rn, rm, ra);
        text = "SMADDL x" + rd + ", w" + rn + ", w" + rm + ", x" + ra;
      }
      case 3 -> {
        word = A64.smsubl(rd, rn, rm, ra);
        text = "SMSUBL x" + rd + ", w" + rn + ", w" + rm + ", x" + ra;
      }
      case 4 -> {
        word = A64.umaddl(rd, rn, rm, ra);
        text = "UMADDL x" + rd + ", w" + rn + ", w" + rm + ", x" + ra;
      }
      case 5 -> {
        word = A64.umsubl(rd, rn, rm, ra);
        text = "UMSUBL x" + rd + ", w" + rn + ", w" + rm + ", x" + ra;
      }
      case 6 -> {
        word = A64.smulh(rd, rn, rm);
        text = "SMULH x" + rd + ", x" + rn + ", x" + rm;
      }
      default -> {
        word = A64.umulh(rd, rn, rm);
        text = "UMULH x" + rd + ", x" + rn + ", x" + rm;
      }
    }
    emit(word, text);
    clobber(rd);
  }

  private void divide() {
    boolean sf = sf();
    boolean signed = rnd.nextBoolean();
    int rd = anyReg();
    int rn = anyReg();
    // A zero divisor (including XZR) and -1 with the minimum dividend are the edge cases.
    int rm = rnd.nextInt(6) == 0 ? ZR : anyReg();
    emit(signed ? A64.sdiv(sf, rd, rn, rm) : A64.udiv(sf, rd, rn, rm),
        (signed ? "SDIV " : "UDIV ") + r(sf, rd) + ", " + r(sf, rn) + ", " + r(sf, rm));
    clobber(rd);
  }

  private void shiftVariable() {
    boolean sf = sf();
    int op = rnd.nextInt(4);
    int rd = anyReg();
    int rn = anyReg();
    int rm = anyReg();
    emit(A64.dp2(sf, 0b001000 | op, rd, rn, rm), new String[] {"LSLV", "LSRV", "ASRV", "RORV"}[op]
        + " " + r(sf, rd) + ", " + r(sf, rn) + ", " + r(sf, rm));
    clobber(rd);
  }

  private void oneSource() {
    boolean sf = sf();
    int rd = anyReg();
    int rn = anyReg();
    int op = rnd.nextInt(6);
    int word;
    String name;
    switch (op) {
      case 0 -> {
        word = A64.rbit(sf, rd, rn);
        name = "RBIT";
      }
      case 1 -> {
        word = A64.rev16(sf, rd, rn);
        name = "REV16";
      }
      case 2 -> {
        word = sf ? A64.rev32(rd, rn) : A64.rev(false, rd, rn);
        name = sf ? "REV32" : "REV";
      }
      case 3 -> {
        word = A64.rev(sf, rd, rn);
        name = "REV";
      }
      case 4 -> {
        word = A64.clz(sf, rd, rn);
        name = "CLZ";
      }
      default -> {
        word = A64.cls(sf, rd, rn);
        name = "CLS";
      }
    }
    emit(word, name + " " + r(sf, rd) + ", " + r(sf, rn));
    clobber(rd);
  }

  private void crc() {
    boolean castagnoli = rnd.nextBoolean();
    int size = rnd.nextInt(4);
    int rd = anyReg();
    int rn = anyReg();
    int rm = anyReg();
    emit(A64.crc32(castagnoli, size, rd, rn, rm), "CRC32" + (castagnoli ? "C" : "")
        + "BHWX".charAt(size) + " " + r(false, rd) + ", " + r(false, rn) + ", " + r(size == 3, rm));
    clobber(rd);
  }

  private void pcRelative() {
    // The image is the same under every runner, so PC-relative results are comparable.
    int rd = anyReg();
    if (rnd.nextBoolean()) {
      long off = rnd.nextInt(-4096, 4096);
      emit(A64.adr(rd, off), "ADR x" + rd + ", .+" + off);
    } else {
      long off = 4096L * rnd.nextInt(-16, 16);
      emit(A64.adrp(rd, off), "ADRP x" + rd + ", .+" + off);
    }
    clobber(rd);
  }

  // ------------------------------------------------------------------ control flow, raw words

  /** A forward branch over 0-2 instructions that stays inside the block. */
  private void branch() {
    int skip = rnd.nextInt(Math.min(3, remaining()));
    long offset = 4L * (skip + 1);
    int kind = rnd.nextInt(5);
    int rt = anyReg();
    int word;
    String text;
    switch (kind) {
      case 0 -> {
        word = A64.b(offset);
        text = "B .+" + offset;
      }
      case 1 -> {
        Cond cond = Cond.values()[rnd.nextInt(16)];
        word = A64.bCond(cond, offset);
        text = "B." + cond + " .+" + offset;
      }
      case 2 -> {
        boolean sf = sf();
        word = A64.cbz(sf, rt, offset);
        text = "CBZ " + r(sf, rt) + ", .+" + offset;
      }
      case 3 -> {
        boolean sf = sf();
        word = A64.cbnz(sf, rt, offset);
        text = "CBNZ " + r(sf, rt) + ", .+" + offset;
      }
      default -> {
        int bit = rnd.nextInt(64);
        boolean nz = rnd.nextBoolean();
        word = nz ? A64.tbnz(rt, bit, offset) : A64.tbz(rt, bit, offset);
        text = (nz ? "TBNZ " : "TBZ ") + r(bit >= 32, rt) + ", #" + bit + ", .+" + offset;
      }
    }
    emit(word, text);
    pendingShadow = skip;
  }

  /**
   * A random word from the op0 groups that cannot access memory or leave the block: unallocated
   * and SVE (0000-0011, UNDEFINED here) and data processing (100x, x101). SIMD/FP (x111) is left
   * out until qvm decodes every FP/SIMD encoding: an allocated one traps on CPACR_EL1.FPEN = 0 (EC
   * 0x07) while an unallocated one is UNDEFINED, and telling them apart is the FP/SIMD issue's
   * decoder; FpSimdTrapTest covers the trap meanwhile.
   */
  private void randomWord() {
    int word;
    int op0;
    do {
      word = rnd.nextInt();
      op0 = (word >>> 25) & 0xF;
    } while ((op0 & 0b0101) == 0b0100 || (op0 & 0b1110) == 0b1010 || (op0 & 0b0111) == 0b0111);
    emit(word, ".word 0x" + Integer.toHexString(word) + " (random)");
    clobber(word & 31); // every data-processing encoding puts Rd in bits [4:0]
  }
}
