package dev.qvm.cpu.asm;

/**
 * Extend operators of the extended-register forms in encoding order of the 3-bit {@code option}
 * field (ARM ARM C6.2, "ExtendType").
 */
public enum Extend {
  UXTB, UXTH, UXTW, UXTX, SXTB, SXTH, SXTW, SXTX;

  /** The 3-bit field value. */
  public int code() {
    return ordinal();
  }
}
