package dev.qvm.cpu.exec;

/**
 * A hot basic block, run as one slot of its {@link CodePage}: the pre-decoded instructions from
 * the slot where the block starts up to and including the first that may leave straight-line
 * flow (a branch, a system instruction, anything {@link BlockCompiler#straightLine} does not
 * know), at most {@link BlockCompiler#MAX_LENGTH}.
 *
 * <p>Subclasses are made by {@link BlockCompiler}: a hidden class per <em>shape</em> (the
 * sequence of instruction classes), whose {@code execute} calls each instruction's own
 * {@code execute} through its exact class. Those call sites see one class each, so the JIT
 * inlines the instructions into one compiled method; in the run loop every instruction is a
 * call through a site that sees them all. What a block does is exactly what the loop would do
 * instruction by instruction: {@code cpu.pc} and {@code instructionsRetired} are updated before
 * each instruction, so an exception in the middle is taken with the right PC and count.
 */
abstract class CompiledBlock extends DecodedInsn {

  /** Instructions in the block (at least 2). */
  final int length;

  protected CompiledBlock(int length) {
    this.length = length;
  }
}
