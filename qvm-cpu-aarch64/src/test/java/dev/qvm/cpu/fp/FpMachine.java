package dev.qvm.cpu.fp;

import dev.qvm.cpu.exec.Cpu;
import dev.qvm.cpu.testing.TestMachine;

/**
 * A {@link TestMachine} for FP/SIMD instruction tests: runs snippets at EL1 with FP enabled
 * (CPACR_EL1.FPEN = 0b11), each on a fresh page so that no decoded page is stale, and reads and
 * writes the V registers as (low, high) halves or as byte strings in lane order.
 */
final class FpMachine {

  /** FPSR.QC, the cumulative saturation bit (ARM ARM C5.2.8). */
  static final long QC = 1L << 27;

  final TestMachine machine = new TestMachine();
  final Cpu cpu = machine.cpu;
  private long next = TestMachine.RAM_BASE + 0x1000;

  /** Runs {@code words} to their end; returns the address of the first. */
  long run(int... words) {
    return runWithFpen(3, words);
  }

  /** Runs {@code words} with CPACR_EL1.FPEN = {@code fpen}; returns the address of the first. */
  long runWithFpen(int fpen, int... words) {
    cpu.sys.cpacrEl1 = (long) fpen << 20;
    long pc = next;
    machine.load(pc, words);
    next += 0x1000 * (1 + words.length / 1024);
    cpu.step(words.length);
    return pc;
  }

  void setV(int reg, long lo, long hi) {
    cpu.v[2 * reg] = lo;
    cpu.v[2 * reg + 1] = hi;
  }

  /** Sets V[reg] from hex bytes in lane order (byte 0 first), e.g. FIPS-197 block notation. */
  void setBytes(int reg, String hex) {
    long[] v = bytes(hex);
    setV(reg, v[0], v[1]);
  }

  /** V[reg] as hex bytes in lane order. */
  String bytesOf(int reg) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < 16; i++) {
      sb.append(String.format("%02x", (cpu.v[2 * reg + i / 8] >>> (8 * (i % 8))) & 0xFF));
    }
    return sb.toString();
  }

  /** Sets the 32-bit lanes of V[reg] (lane 0 first). */
  void setWords(int reg, int... lanes) {
    long lo = (lanes[0] & 0xFFFF_FFFFL) | ((long) lanes[1] << 32);
    long hi = (lanes[2] & 0xFFFF_FFFFL) | ((long) lanes[3] << 32);
    setV(reg, lo, hi);
  }

  int word(int reg, int lane) {
    return (int) (cpu.v[2 * reg + lane / 2] >>> (32 * (lane % 2)));
  }

  long lo(int reg) {
    return cpu.v[2 * reg];
  }

  long hi(int reg) {
    return cpu.v[2 * reg + 1];
  }

  static long[] bytes(String hex) {
    long[] v = new long[2];
    for (int i = 0; i < hex.length() / 2; i++) {
      long b = Long.parseLong(hex.substring(2 * i, 2 * i + 2), 16);
      v[i / 8] |= b << (8 * (i % 8));
    }
    return v;
  }
}
