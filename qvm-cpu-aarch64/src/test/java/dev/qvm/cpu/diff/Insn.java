package dev.qvm.cpu.diff;

/** One generated instruction: its word and a rough disassembly for reports. */
public record Insn(int word, String text) {

  @Override
  public String toString() {
    return String.format("%08x  %s", word, text);
  }
}
