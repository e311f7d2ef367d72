package dev.qvm.cpu.exec;

import static dev.qvm.cpu.decode.A64Decoder.*;

/**
 * ARM ARM C4.1.90 Advanced SIMD copy (DUP, INS, UMOV, SMOV), scalar copy, table lookup
 * (TBL/TBX), permute (UZP/TRN/ZIP), extract (EXT) and modified immediate (MOVI, MVNI, ORR, BIC,
 * FMOV vector immediate).
 */
public final class SimdPermute {

  public static void execute(Cpu cpu, int op, int insn, long pc) {
    if (FpSimd.trapped(cpu, op, insn, pc)) {
      return;
    }
    switch (op) {
      case SIMD_COPY -> copy(cpu, insn, pc);
      case SIMD_SCALAR_COPY -> scalarCopy(cpu, insn, pc);
      case SIMD_TABLE -> table(cpu, insn, pc);
      case SIMD_PERMUTE -> permute(cpu, insn, pc);
      case SIMD_EXTRACT -> extract(cpu, insn, pc);
      case SIMD_MODIMM -> SimdModifiedImmediate.execute(cpu, insn, pc);
      default -> cpu.undefinedInstruction(pc);
    }
  }

  /** C7.2 DUP (element/general), INS (element/general), SMOV, UMOV. */
  private static void copy(Cpu cpu, int insn, long pc) {
    int q = (insn >>> 30) & 1;
    int imm5 = (insn >>> 16) & 31;
    int imm4 = (insn >>> 11) & 15;
    int rn = (insn >>> 5) & 31;
    int rd = insn & 31;
    int size = Integer.numberOfTrailingZeros(imm5);
    if (size > 3) {
      cpu.undefinedInstruction(pc);
      return;
    }
    int index = imm5 >>> (size + 1);
    if (((insn >>> 29) & 1) != 0) { // INS (element)
      if (q == 0) {
        cpu.undefinedInstruction(pc);
        return;
      }
      SimdLanes.set(cpu, rd, size, index, SimdLanes.get(cpu, rn, size, imm4 >>> size));
      return;
    }
    switch (imm4) {
      case 0b0000, 0b0001 -> { // DUP (element), DUP (general)
        if (size == 3 && q == 0) {
          cpu.undefinedInstruction(pc);
          return;
        }
        long value = imm4 == 0 ? SimdLanes.get(cpu, rn, size, index) : cpu.x[rn];
        long rep = SimdLanes.replicate(value, size);
        SimdLanes.setPair(cpu, rd, rep, q != 0 ? rep : 0);
      }
      case 0b0011 -> { // INS (general)
        if (q == 0) {
          cpu.undefinedInstruction(pc);
          return;
        }
        SimdLanes.set(cpu, rd, size, index, cpu.x[rn]);
      }
      case 0b0101 -> { // SMOV
        if (size == 3 || (size == 2 && q == 0)) {
          cpu.undefinedInstruction(pc);
          return;
        }
        long value = SimdLanes.getSigned(cpu, rn, size, index);
        cpu.setReg(q, rd, value);
      }
      case 0b0111 -> { // UMOV
        if (q == 0 ? size == 3 : size != 3) {
          cpu.undefinedInstruction(pc);
          return;
        }
        cpu.setX(rd, SimdLanes.get(cpu, rn, size, index));
      }
      default -> cpu.undefinedInstruction(pc);
    }
  }

  /** C7.2 DUP (element), scalar form (MOV Vd, Vn.T[i]). */
  private static void scalarCopy(Cpu cpu, int insn, long pc) {
    int imm5 = (insn >>> 16) & 31;
    int imm4 = (insn >>> 11) & 15;
    int size = Integer.numberOfTrailingZeros(imm5);
    if (((insn >>> 29) & 1) != 0 || imm4 != 0 || size > 3) {
      cpu.undefinedInstruction(pc);
      return;
    }
    long value = SimdLanes.get(cpu, (insn >>> 5) & 31, size, imm5 >>> (size + 1));
    SimdLanes.setLow(cpu, insn & 31, value);
  }

  /** C7.2 TBL/TBX: byte lookup in 1-4 consecutive table registers (wrapping at V31). */
  private static void table(Cpu cpu, int insn, long pc) {
    if (((insn >>> 22) & 3) != 0) {
      cpu.undefinedInstruction(pc);
      return;
    }
    int q = (insn >>> 30) & 1;
    int regs = ((insn >>> 13) & 3) + 1;
    boolean tbx = ((insn >>> 12) & 1) != 0;
    int rm = (insn >>> 16) & 31;
    int rn = (insn >>> 5) & 31;
    int rd = insn & 31;
    long idxLo = cpu.v[2 * rm];
    long idxHi = cpu.v[2 * rm + 1];
    long oldLo = cpu.v[2 * rd];
    long oldHi = cpu.v[2 * rd + 1];
    long lo = 0;
    long hi = 0;
    for (int i = 0; i < 8 << q; i++) {
      int index = (int) ((i < 8 ? idxLo >>> (8 * i) : idxHi >>> (8 * (i - 8))) & 0xff);
      long b;
      if (index < 16 * regs) {
        int t = (rn + (index >>> 4)) & 31;
        b = SimdLanes.lane(cpu.v[2 * t], cpu.v[2 * t + 1], 0, index & 15);
      } else if (tbx) {
        b = SimdLanes.lane(oldLo, oldHi, 0, i);
      } else {
        b = 0;
      }
      if (i < 8) {
        lo |= b << (8 * i);
      } else {
        hi |= b << (8 * (i - 8));
      }
    }
    SimdLanes.setPair(cpu, rd, lo, hi);
  }

  /** C7.2 UZP1/UZP2, TRN1/TRN2, ZIP1/ZIP2. */
  private static void permute(Cpu cpu, int insn, long pc) {
    int q = (insn >>> 30) & 1;
    int size = (insn >>> 22) & 3;
    int opcode = (insn >>> 12) & 7;
    if ((opcode & 3) == 0 || (size == 3 && q == 0)) {
      cpu.undefinedInstruction(pc);
      return;
    }
    int part = opcode >>> 2;
    int rm = (insn >>> 16) & 31;
    int rn = (insn >>> 5) & 31;
    long nLo = cpu.v[2 * rn];
    long nHi = cpu.v[2 * rn + 1];
    long mLo = cpu.v[2 * rm];
    long mHi = cpu.v[2 * rm + 1];
    int elements = (8 << q) >>> size;
    int perWord = 8 >>> size;
    long lo = 0;
    long hi = 0;
    for (int e = 0; e < elements; e++) {
      long value;
      switch (opcode & 3) {
        case 1 -> { // UZP: element 2e + part of the concatenation m:n
          int src = 2 * e + part;
          value = src < elements
              ? SimdLanes.lane(nLo, nHi, size, src)
              : SimdLanes.lane(mLo, mHi, size, src - elements);
        }
        case 2 -> { // TRN
          int src = (e & ~1) + part;
          value = (e & 1) == 0 ? SimdLanes.lane(nLo, nHi, size, src) : SimdLanes.lane(mLo, mHi, size, src);
        }
        default -> { // ZIP
          int src = part * (elements / 2) + (e >>> 1);
          value = (e & 1) == 0 ? SimdLanes.lane(nLo, nHi, size, src) : SimdLanes.lane(mLo, mHi, size, src);
        }
      }
      if (e < perWord) {
        lo = SimdLanes.insert(lo, size, e, value);
      } else {
        hi = SimdLanes.insert(hi, size, e - perWord, value);
      }
    }
    SimdLanes.setPair(cpu, insn & 31, lo, hi);
  }

  /** C7.2 EXT: bytes imm4 upwards of the concatenation Vm:Vn. */
  private static void extract(Cpu cpu, int insn, long pc) {
    int q = (insn >>> 30) & 1;
    int imm4 = (insn >>> 11) & 15;
    if (((insn >>> 22) & 3) != 0 || (q == 0 && imm4 >= 8)) {
      cpu.undefinedInstruction(pc);
      return;
    }
    int rm = (insn >>> 16) & 31;
    int rn = (insn >>> 5) & 31;
    long lo = 0;
    long hi = 0;
    int bytes = 8 << q;
    for (int i = 0; i < bytes; i++) {
      int src = imm4 + i;
      long b = src < bytes
          ? SimdLanes.get(cpu, rn, 0, src)
          : SimdLanes.get(cpu, rm, 0, src - bytes);
      if (i < 8) {
        lo |= b << (8 * i);
      } else {
        hi |= b << (8 * (i - 8));
      }
    }
    SimdLanes.setPair(cpu, insn & 31, lo, hi);
  }

  private SimdPermute() {}
}
