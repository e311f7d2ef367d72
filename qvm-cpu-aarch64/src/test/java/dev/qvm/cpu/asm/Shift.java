package dev.qvm.cpu.asm;

/** Shift types of the shifted-register forms, in encoding order of the {@code shift} field. */
public enum Shift {
  LSL, LSR, ASR, ROR;

  /** The 2-bit field value. */
  public int code() {
    return ordinal();
  }
}
