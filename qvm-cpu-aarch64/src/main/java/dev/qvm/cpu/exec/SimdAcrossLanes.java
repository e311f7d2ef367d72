package dev.qvm.cpu.exec;

/**
 * ARM ARM C4.1.90 "Advanced SIMD across lanes" (ADDV, SADDLV/UADDLV, SMAXV/UMAXV,
 * SMINV/UMINV, FMAXV/FMINV/FMAXNMV/FMINNMV) and "Advanced SIMD scalar pairwise" (ADDP and the
 * FP pairwise reductions of two lanes).
 */
final class SimdAcrossLanes {

  static void across(Cpu cpu, int insn, long pc) {
    int q = (insn >>> 30) & 1;
    int u = (insn >>> 29) & 1;
    int size = (insn >>> 22) & 3;
    int opcode = (insn >>> 12) & 31;
    int rn = (insn >>> 5) & 31;
    int rd = insn & 31;
    if (opcode == 0b01100 || opcode == 0b01111) {
      if (u == 0 || q == 0 || (size & 1) != 0) {
        cpu.undefinedInstruction(pc); // FP16 forms (U = 0) are ARMv8.2; .2S and .2D do not exist
        return;
      }
      SimdFpReduce.acrossSingle(cpu, opcode, size >>> 1, rn, rd);
      return;
    }
    int sel = (u << 5) | opcode;
    boolean known = sel == 0x03 || sel == 0x23 || sel == 0x0a || sel == 0x2a || sel == 0x1a
        || sel == 0x3a || sel == 0x1b;
    if (!known || size == 3 || (size == 2 && q == 0)) {
      cpu.undefinedInstruction(pc);
      return;
    }
    boolean signed = u == 0;
    int elements = (8 << q) >>> size;
    long acc = signed ? SimdLanes.getSigned(cpu, rn, size, 0) : SimdLanes.get(cpu, rn, size, 0);
    for (int e = 1; e < elements; e++) {
      long x = signed ? SimdLanes.getSigned(cpu, rn, size, e) : SimdLanes.get(cpu, rn, size, e);
      acc = switch (opcode) {
        case 0b01010 -> Math.max(acc, x); // unsigned lanes are zero-extended, so this also fits
        case 0b11010 -> Math.min(acc, x);
        default -> acc + x;
      };
    }
    int outSize = opcode == 0b00011 ? size + 1 : size;
    SimdLanes.setLow(cpu, rd, acc & SimdLanes.mask(outSize));
  }

  static void scalarPairwise(Cpu cpu, int insn, long pc) {
    int u = (insn >>> 29) & 1;
    int size = (insn >>> 22) & 3;
    int opcode = (insn >>> 12) & 31;
    int rn = (insn >>> 5) & 31;
    int rd = insn & 31;
    if (u == 0 && opcode == 0b11011 && size == 3) { // ADDP (scalar)
      SimdLanes.setLow(cpu, rd, cpu.v[2 * rn] + cpu.v[2 * rn + 1]);
      return;
    }
    if (u == 1 && (opcode == 0b01100 || opcode == 0b01101 || opcode == 0b01111)) {
      SimdFpReduce.scalarPair(cpu, opcode, size, rn, rd);
      return;
    }
    cpu.undefinedInstruction(pc);
  }

  private SimdAcrossLanes() {}
}
