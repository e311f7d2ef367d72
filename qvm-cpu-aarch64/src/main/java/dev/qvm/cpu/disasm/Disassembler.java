package dev.qvm.cpu.disasm;

import dev.qvm.cpu.decode.A64Decoder;

/**
 * The A64 disassembler: turns an instruction word into the text GNU objdump ({@code
 * aarch64-linux-gnu-objdump -d}) prints for it, preferred aliases included, so that traces and
 * debugger views can be compared line by line with the toolchain's listing.
 *
 * <p>Decoding reuses the interpreter's generated {@link A64Decoder}; each operation id is
 * formatted by the class for its group. Words outside the decoder's table (today: FP/SIMD and
 * unallocated encodings) print as objdump prints words it cannot decode, {@code .inst 0x........
 * ; undefined}; FP/SIMD is added later as another group. Code addresses (branch targets,
 * literals, {@code adr}) are absolute and printed without the {@code <symbol>} suffix.
 */
public final class Disassembler {

  private Disassembler() {}

  /** objdump's text for {@code insn} located at {@code pc}, e.g. {@code "add\tx0, x1, #0x10"}. */
  public static String disassemble(int insn, long pc) {
    return decode(insn, pc).text();
  }

  /** The same as {@link #disassemble} but split into mnemonic, operands, target and comment. */
  public static DisassembledInstruction decode(int insn, long pc) {
    int op = A64Decoder.decode(insn);
    // Each group answers null for an operation id that is not its own.
    DisassembledInstruction result = DisasmDataImmediate.format(op, insn, pc);
    if (result == null) {
      result = DisasmDataRegister.format(op, insn);
    }
    if (result == null) {
      result = DisasmBranchSystem.format(op, insn, pc);
    }
    if (result == null) {
      result = DisasmLoadStore.format(op, insn, pc);
    }
    if (result == null) {
      result = DisasmExclusiveAtomic.format(op, insn);
    }
    if (result != null) {
      return result;
    }
    // UDF (ARM ARM C6.2): the all-zero top half is permanently undefined, and objdump names it.
    if ((insn >>> 16) == 0) {
      return DisassembledInstruction.of("udf", Operands.dec(insn & 0xffff));
    }
    return DisassembledInstruction.undefined(insn);
  }
}
