package dev.qvm.cpu.diff;

import java.util.List;

/**
 * One differential test sequence: the initial x0..x30 and NZCV, and the block to run.
 *
 * @param number the sequence number within its image, printed as {@code seq NNNN:}
 * @param registers the 31 initial values of x0..x30
 * @param nzcv the initial flags in bits [31:28], as MSR NZCV takes them
 * @param block the instructions, run straight after the registers are loaded
 */
public record TestCase(int number, long[] registers, long nzcv, List<Insn> block) {

  /** Checks the shape. */
  public TestCase {
    if (registers.length != 31) {
      throw new IllegalArgumentException("need 31 registers");
    }
    registers = registers.clone();
    block = List.copyOf(block);
  }

  @Override
  public long[] registers() {
    return registers.clone();
  }

  /** A multi-line description for mismatch reports. */
  public String describe() {
    StringBuilder sb = new StringBuilder();
    sb.append("  block:\n");
    for (Insn insn : block) {
      sb.append("    ").append(insn).append('\n');
    }
    sb.append("  initial:");
    for (int i = 0; i < 31; i++) {
      sb.append(i % 4 == 0 ? "\n    " : " ")
          .append(String.format("x%d=%016x", i, registers[i]));
    }
    sb.append(String.format(" nzcv=%x%n", nzcv >>> 28));
    return sb.toString();
  }
}
