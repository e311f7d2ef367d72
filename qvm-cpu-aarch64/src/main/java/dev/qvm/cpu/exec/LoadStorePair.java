package dev.qvm.cpu.exec;

import static dev.qvm.cpu.decode.A64Decoder.*;

/**
 * ARM ARM C4.1.88 "Load/store register pair": LDP, STP, LDPSW and the non-temporal LDNP/STNP,
 * with signed offset, pre-index and post-index addressing.
 */
public final class LoadStorePair {

  public static void execute(Cpu cpu, int op, int insn, long pc) {
    int opc = insn >>> 30;
    int idx = (insn >>> 23) & 3;
    boolean load = op == LDP;
    boolean signed = opc == 1;
    // opc 11 is reserved; opc 01 is LDPSW for loads only (STGP needs MTE), and has no LDNP form.
    if (opc == 3 || (signed && (!load || idx == 0))) {
      cpu.undefinedInstruction(pc);
      return;
    }
    int scale = (opc & 2) != 0 ? 3 : 2;
    int bytes = 1 << scale;
    long offset = ((long) (insn << 10) >> 25) << scale; // SignExtend(imm7) * size
    int rn = (insn >>> 5) & 31;
    int rt = insn & 31;
    int rt2 = (insn >>> 10) & 31;
    long base = cpu.xOrSp(rn);
    long va = idx == 1 ? base : base + offset; // post-index uses the unmodified base
    if (load) {
      long first = cpu.mmu.read(va, bytes);
      long second = cpu.mmu.read(va + bytes, bytes);
      if (signed) {
        first = (int) first;
        second = (int) second;
      }
      cpu.setX(rt, first);
      cpu.setX(rt2, second);
    } else {
      long first = cpu.x[rt];
      long second = cpu.x[rt2];
      cpu.mmu.write(va, bytes, first);
      cpu.mmu.write(va + bytes, bytes, second);
    }
    if (idx == 1 || idx == 3) {
      cpu.setXOrSp(rn, base + offset);
    }
  }

  private LoadStorePair() {}
}
