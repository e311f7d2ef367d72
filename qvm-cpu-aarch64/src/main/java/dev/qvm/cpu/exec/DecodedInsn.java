package dev.qvm.cpu.exec;

/**
 * One instruction slot of a {@link CodePage}, decoded once: its operands extracted and its
 * variant chosen (64- or 32-bit, register 31 as SP or as the zero register) when the slot is
 * first executed, so that running it again costs one virtual call and the work itself
 * (ARCHITECTURE.md section 7: "pre-decoded", after Sedna's decoded-instruction cache).
 *
 * <p>{@link Predecoder} makes these. Most operations keep a {@link Predecoder.Generic} that
 * calls the spec-generated dispatch in {@code A64Decoder}; the common integer, branch and
 * load/store forms get a class of their own. Both must behave identically: the differential
 * tests against QEMU run through this path.
 */
abstract class DecodedInsn {

  /**
   * Times the run loop arrived at this slot by a branch or at page entry (a block head); at
   * {@link BlockCompiler#THRESHOLD} the block starting here is compiled. Written by whichever
   * vCPU runs the slot, without synchronisation: a lost increment only delays compilation.
   */
  int heat;

  /** Executes the instruction at {@code pc}; {@code cpu.pc} is already {@code pc + 4}. */
  abstract void execute(Cpu cpu, long pc);
}
