package dev.qvm.cpu.diff;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Seeded generator of random FP/SIMD blocks (1-8 instructions) for the FP/SIMD differential
 * test. Data-processing instructions are drawn from the encoding templates of {@link
 * FpTemplates}, mostly allocated encodings and a few with every free bit random (so that
 * unallocated sub-encodings are compared too). Loads and stores use x28 as base (a pointer into the scratch area) and x27
 * as a small index; instructions that can write a general-purpose register get Rd &lt; 27 so
 * those stay valid. Operands are weighted to the special values of {@link FpOperands} and every
 * sequence sets its own FPCR (rounding mode, FZ, DN, AHP).
 */
public final class FpBlockGenerator {

  /** Base register for generated loads and stores, and its initial offset into the scratch area. */
  static final int BASE = 28;

  static final int INDEX = 27;
  static final long BASE_OFFSET = 384;

  /**
   * Whether blocks also contain MSR/MRS FPCR and FPSR (on unless {@code
   * -Dqvm.diff.fp.sysregs=false}): SysregAccess applies QEMU's cortex-a57 FPCR write mask
   * (0x07f70000) and the CPACR_EL1.FPEN trap to these registers.
   */
  static final boolean SYSREGS = !"false".equals(System.getProperty("qvm.diff.fp.sysregs"));

  private static final long SCRATCH_BASE = DiffImageBuilder.SCRATCH + BASE_OFFSET;

  private final SplittableRandom rnd;
  private final List<Insn> out = new ArrayList<>();

  /** A generator whose output is a pure function of {@code seed}. */
  public FpBlockGenerator(long seed) {
    this.rnd = new SplittableRandom(seed);
  }

  public byte[] scratchFill() {
    byte[] fill = new byte[DiffImageBuilder.SCRATCH_SIZE];
    for (int i = 0; i < fill.length; i += 8) {
      long v = FpOperands.lane64(rnd);
      for (int b = 0; b < 8; b++) {
        fill[i + b] = (byte) (v >>> (8 * b));
      }
    }
    return fill;
  }

  /** The next case, numbered {@code number}. */
  public FpTestCase next(int number) {
    long[] regs = InitialStates.registers(rnd);
    for (int i = 0; i < 31; i++) {
      if (rnd.nextInt(4) == 0) {
        regs[i] = FpOperands.lane64(rnd);
      }
    }
    regs[BASE] = SCRATCH_BASE;
    regs[INDEX] = 8L * rnd.nextInt(0, 17);
    long nzcv = InitialStates.nzcv(rnd);
    long fpcr = FpOperands.fpcr(rnd);
    long[] v = new long[64];
    for (int r = 0; r < 32; r++) {
      FpOperands.vector(rnd, v, r);
    }
    out.clear();
    int length = 1 + rnd.nextInt(8);
    while (out.size() < length) {
      int kind = rnd.nextInt(40);
      if (kind < 8) {
        FpMemoryOps.generate(rnd, out);
      } else if (kind == 8 && SYSREGS) {
        // MSR/MRS FPCR and FPSR (C5.2): the write masks of both, and FPCR changes mid-block.
        int rt = rnd.nextInt(INDEX);
        int reg = rnd.nextInt(2) << 5; // op2 0: FPCR, 1: FPSR
        boolean write = rnd.nextBoolean();
        out.add(new Insn((write ? 0xD51B_4400 : 0xD53B_4400) | reg | rt, write ? "msr fpcr/fpsr" : "mrs fpcr/fpsr"));
      } else {
        data();
      }
    }
    return new FpTestCase(number, regs, nzcv, fpcr, v, out, rnd.nextInt(16) == 0);
  }

  private void data() {
    int pick = rnd.nextInt(FpTemplates.dataWeight);
    FpTemplates.Template t = FpTemplates.DATA.get(0);
    for (FpTemplates.Template c : FpTemplates.DATA) {
      pick -= c.weight();
      if (pick < 0) {
        t = c;
        break;
      }
    }
    int word = t.draw(rnd);
    if (t.gprDest() && (word & 31) >= INDEX) {
      word = (word & ~31) | rnd.nextInt(INDEX);
    }
    out.add(new Insn(word, t.name()));
  }
}
