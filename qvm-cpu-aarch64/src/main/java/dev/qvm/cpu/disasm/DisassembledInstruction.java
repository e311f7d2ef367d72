package dev.qvm.cpu.disasm;

import java.util.OptionalLong;

/**
 * One disassembled A64 word, split so a caller can add symbols: {@link #text()} is exactly
 * objdump's text without the {@code <symbol>} that objdump prints after a code address.
 *
 * @param mnemonic the mnemonic, e.g. {@code ldr}, {@code b.ne}, or {@code .inst} for a word
 *     objdump does not decode
 * @param operands the operands as objdump prints them, empty when there are none
 * @param target the absolute code address the instruction refers to (branch, literal load,
 *     {@code adr}/{@code adrp}), where objdump would print {@code <symbol>} after it
 * @param comment objdump's trailing comment including its {@code //} or {@code ;}, or null
 */
public record DisassembledInstruction(
    String mnemonic, String operands, OptionalLong target, String comment) {

  static DisassembledInstruction of(String mnemonic, String operands) {
    return new DisassembledInstruction(mnemonic, operands, OptionalLong.empty(), null);
  }

  static DisassembledInstruction of(String mnemonic) {
    return of(mnemonic, "");
  }

  /** A word objdump prints as {@code .inst 0x........ ; undefined}. */
  static DisassembledInstruction undefined(int insn) {
    return new DisassembledInstruction(
        ".inst", String.format("0x%08x", insn), OptionalLong.empty(), "; undefined");
  }

  DisassembledInstruction withComment(String text) {
    return text == null ? this : new DisassembledInstruction(mnemonic, operands, target, text);
  }

  DisassembledInstruction withTarget(long address) {
    return new DisassembledInstruction(mnemonic, operands, OptionalLong.of(address), comment);
  }

  /** True for a word objdump could not decode. */
  public boolean isUndefined() {
    return mnemonic.equals(".inst");
  }

  /** The line as objdump prints it: mnemonic, a tab, the operands, then any comment. */
  public String text() {
    StringBuilder sb = new StringBuilder(mnemonic);
    if (!operands.isEmpty()) {
      sb.append('\t').append(operands);
    }
    if (comment != null) {
      sb.append(isUndefined() ? " " : "\t").append(comment);
    }
    return sb.toString();
  }

  @Override
  public String toString() {
    return text();
  }
}
