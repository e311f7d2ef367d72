package dev.qvm.cpu.asm;

/**
 * The single-register load/store operations of the "Load/store register" encoding groups
 * (ARM ARM C4.1.94): each fixes the {@code size} and {@code opc} fields, shared by the
 * unsigned-offset, unscaled, pre/post-index and register-offset forms.
 */
public enum MemOp {
  STRB(0, 0), LDRB(0, 1), LDRSB_X(0, 2), LDRSB_W(0, 3),
  STRH(1, 0), LDRH(1, 1), LDRSH_X(1, 2), LDRSH_W(1, 3),
  STR_W(2, 0), LDR_W(2, 1), LDRSW(2, 2),
  STR_X(3, 0), LDR_X(3, 1);

  private final int size;
  private final int opc;

  MemOp(int size, int opc) {
    this.size = size;
    this.opc = opc;
  }

  /** log2 of the access size in bytes (the {@code size} field). */
  public int size() {
    return size;
  }

  /** The {@code opc} field. */
  public int opc() {
    return opc;
  }

  /** Whether this operation writes memory. */
  public boolean isStore() {
    return opc == 0;
  }

  /** Whether the loaded value is sign-extended. */
  public boolean isSigned() {
    return opc >= 2;
  }

  /** Assembler mnemonic (without the U of the unscaled form). */
  public String mnemonic() {
    return switch (this) {
      case LDRSB_X, LDRSB_W -> "LDRSB";
      case LDRSH_X, LDRSH_W -> "LDRSH";
      case STR_W, STR_X -> "STR";
      case LDR_W, LDR_X -> "LDR";
      default -> name();
    };
  }

  /** Whether the transfer register is named as an X register. */
  public boolean xTarget() {
    return this == LDRSB_X || this == LDRSH_X || this == LDRSW || this == STR_X || this == LDR_X;
  }
}
