package dev.qvm.cpu.asm;

/** The load/store pair operations (ARM ARM C4.1.94, "Load/store register pair"). */
public enum PairOp {
  STP_W(0, false), LDP_W(0, true), LDPSW(1, true), STP_X(2, false), LDP_X(2, true);

  private final int opc;
  private final boolean load;

  PairOp(int opc, boolean load) {
    this.opc = opc;
    this.load = load;
  }

  /** The {@code opc} field. */
  public int opc() {
    return opc;
  }

  /** The {@code L} bit. */
  public boolean isLoad() {
    return load;
  }

  /** log2 of one element's size in bytes. */
  public int size() {
    return opc == 2 ? 3 : 2;
  }
}
