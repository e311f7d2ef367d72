package dev.qvm.cpu.asm;

/**
 * A64 condition codes in encoding order (ARM ARM C1.2.4, "Condition code"): {@code ordinal()}
 * is the 4-bit {@code cond} field.
 */
public enum Cond {
  EQ, NE, CS, CC, MI, PL, VS, VC, HI, LS, GE, LT, GT, LE, AL, NV;

  /** The 4-bit field value. */
  public int code() {
    return ordinal();
  }

  /** The condition with the opposite meaning (bit 0 flipped, ARM ARM C1.2.4). */
  public Cond invert() {
    return values()[ordinal() ^ 1];
  }
}
