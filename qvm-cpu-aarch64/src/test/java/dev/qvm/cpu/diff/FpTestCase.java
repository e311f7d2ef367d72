package dev.qvm.cpu.diff;

import java.util.List;

/**
 * One FP/SIMD differential sequence: initial x0..x30, NZCV, FPCR, V0..V31 and the block.
 *
 * @param number the sequence number within its image
 * @param registers x0..x30
 * @param nzcv NZCV in bits [31:28]
 * @param fpcr the FPCR value written before the block (FPSR starts at 0)
 * @param vregs 64 words: V[n] bits [63:0] at 2n, bits [127:64] at 2n + 1
 * @param block the instructions
 * @param fpTrap whether the block runs with CPACR_EL1.FPEN = 0b00 (FP/SIMD access traps)
 */
public record FpTestCase(int number, long[] registers, long nzcv, long fpcr, long[] vregs,
    List<Insn> block, boolean fpTrap) {

  /** Checks the shape. */
  public FpTestCase {
    if (registers.length != 31 || vregs.length != 64) {
      throw new IllegalArgumentException("need 31 X and 32 V registers");
    }
    registers = registers.clone();
    vregs = vregs.clone();
    block = List.copyOf(block);
  }

  @Override
  public long[] registers() {
    return registers.clone();
  }

  @Override
  public long[] vregs() {
    return vregs.clone();
  }

  /** A multi-line description for mismatch reports. */
  public String describe() {
    StringBuilder sb = new StringBuilder();
    sb.append("  block:\n");
    for (Insn insn : block) {
      sb.append("    ").append(insn).append('\n');
    }
    sb.append(String.format("  fpcr=%08x nzcv=%x fpTrap=%b%n  initial V:", fpcr, nzcv >>> 28, fpTrap));
    for (int i = 0; i < 32; i++) {
      sb.append(i % 4 == 0 ? "\n    " : " ")
          .append(String.format("v%d=%016x_%016x", i, vregs[2 * i + 1], vregs[2 * i]));
    }
    sb.append("\n  initial X:");
    for (int i = 0; i < 31; i++) {
      sb.append(i % 4 == 0 ? "\n    " : " ").append(String.format("x%d=%016x", i, registers[i]));
    }
    return sb.append('\n').toString();
  }
}
