package dev.qvm.cpu.asm;

/** Addressing modes that may write back the base register. */
public enum Index {
  /** {@code [Xn], #imm}: access at Xn, then Xn += imm. */
  POST,
  /** {@code [Xn, #imm]}: no writeback. */
  OFFSET,
  /** {@code [Xn, #imm]!}: Xn += imm, then access. */
  PRE
}
