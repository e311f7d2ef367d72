package dev.qvm.cpu.asm;

import static dev.qvm.cpu.asm.A64.field;
import static dev.qvm.cpu.asm.A64.reg;
import static dev.qvm.cpu.asm.A64.rn;
import static dev.qvm.cpu.asm.A64.signed;

/**
 * The load/store half of the test encoder ({@link A64} holds the rest): ARM ARM C4.1.94, "Loads
 * and Stores". Offsets are in bytes; scaled forms check that the offset is a multiple of the
 * access size.
 */
public final class A64Mem {

  private A64Mem() {}

  /** LDR/STR/LDRB/... (unsigned offset): {@code [Xn|SP, #offset]}, offset scaled by the size. */
  public static int unsignedOffset(MemOp op, int rt, int rn, long offset) {
    int scale = op.size();
    if (offset < 0 || (offset & ((1L << scale) - 1)) != 0) {
      throw new IllegalArgumentException(op + " offset must be a non-negative multiple of "
          + (1 << scale) + ": " + offset);
    }
    return (op.size() << 30) | 0x3900_0000 | (op.opc() << 22)
        | (field(offset >> scale, 12, "imm12") << 10) | rn(rn) | reg(rt);
  }

  /** LDUR/STUR/...: {@code [Xn|SP, #simm9]} without scaling or writeback. */
  public static int unscaled(MemOp op, int rt, int rn, long offset) {
    return imm9Form(op, 0b00, rt, rn, offset);
  }

  /** Post-index {@code [Xn|SP], #simm9} or pre-index {@code [Xn|SP, #simm9]!}. */
  public static int indexed(MemOp op, Index index, int rt, int rn, long offset) {
    return switch (index) {
      case POST -> imm9Form(op, 0b01, rt, rn, offset);
      case PRE -> imm9Form(op, 0b11, rt, rn, offset);
      case OFFSET -> unscaled(op, rt, rn, offset);
    };
  }

  /**
   * LDTR/STTR/LDTRB/...: {@code [Xn|SP, #simm9]}, the unprivileged forms (C6.2.146 LDTR): at EL1
   * the access is checked with EL0's permissions.
   */
  public static int unprivileged(MemOp op, int rt, int rn, long offset) {
    return imm9Form(op, 0b10, rt, rn, offset);
  }

  /** PRFM &lt;prfop&gt;, [Xn|SP, #offset] (C6.2.212): offset a multiple of 8 in 0..32760. */
  public static int prfm(int prfop, int rn, long offset) {
    if (offset < 0 || (offset & 7) != 0) {
      throw new IllegalArgumentException("PRFM offset must be a non-negative multiple of 8: " + offset);
    }
    return 0xF980_0000 | (field(offset >> 3, 12, "imm12") << 10) | rn(rn) | field(prfop, 5, "prfop");
  }

  /** PRFM &lt;prfop&gt;, [Xn|SP, Xm{, LSL #3}] (C6.2.214). */
  public static int prfmRegister(int prfop, int rn, int rm, boolean shifted) {
    return 0xF8A0_0800 | (reg(rm) << 16) | (Extend.UXTX.code() << 13) | (shifted ? 1 << 12 : 0)
        | rn(rn) | field(prfop, 5, "prfop");
  }

  /** PRFUM &lt;prfop&gt;, [Xn|SP, #simm9] (C6.2.215). */
  public static int prfum(int prfop, int rn, long offset) {
    return 0xF880_0000 | ((signed(offset, 9, "simm9") & 0x1FF) << 12) | rn(rn) | field(prfop, 5, "prfop");
  }

  /** PRFM &lt;prfop&gt;, label (C6.2.213): offset within +-1 MiB of the instruction. */
  public static int prfmLiteral(int prfop, long offset) {
    return 0xD800_0000 | ((signed(A64.words(offset), 19, "literal offset") & 0x7FFFF) << 5)
        | field(prfop, 5, "prfop");
  }

  private static int imm9Form(MemOp op, int mode, int rt, int rn, long offset) {
    return (op.size() << 30) | 0x3800_0000 | (op.opc() << 22)
        | ((signed(offset, 9, "simm9") & 0x1FF) << 12) | (mode << 10) | rn(rn) | reg(rt);
  }

  /**
   * Register offset {@code [Xn|SP, Rm{, extend {#amount}}]}: {@code ext} is UXTW, UXTX (LSL),
   * SXTW or SXTX; {@code shifted} scales Rm by the access size.
   */
  public static int registerOffset(MemOp op, int rt, int rn, int rm, Extend ext, boolean shifted) {
    if (ext != Extend.UXTW && ext != Extend.UXTX && ext != Extend.SXTW && ext != Extend.SXTX) {
      throw new IllegalArgumentException("register offset extend must be UXTW/LSL/SXTW/SXTX");
    }
    return (op.size() << 30) | 0x3820_0800 | (op.opc() << 22) | (reg(rm) << 16)
        | (ext.code() << 13) | (shifted ? 1 << 12 : 0) | rn(rn) | reg(rt);
  }

  /** LDR Wt/Xt (literal), or LDRSW (literal) when {@code op} is LDRSW; offset within +-1 MiB. */
  public static int literal(MemOp op, int rt, long offset) {
    int opc = switch (op) {
      case LDR_W -> 0;
      case LDR_X -> 1;
      case LDRSW -> 2;
      default -> throw new IllegalArgumentException("no literal form of " + op);
    };
    return (opc << 30) | 0x1800_0000 | ((signed(A64.words(offset), 19, "literal offset")
        & 0x7FFFF) << 5) | reg(rt);
  }

  /** LDR Xt/Wt, [Xn|SP, #offset] (unsigned offset). */
  public static int ldr(boolean sf, int rt, int rn, long offset) {
    return unsignedOffset(sf ? MemOp.LDR_X : MemOp.LDR_W, rt, rn, offset);
  }

  /** STR Xt/Wt, [Xn|SP, #offset] (unsigned offset). */
  public static int str(boolean sf, int rt, int rn, long offset) {
    return unsignedOffset(sf ? MemOp.STR_X : MemOp.STR_W, rt, rn, offset);
  }

  /** STRB Wt, [Xn|SP, #offset]. */
  public static int strb(int rt, int rn, long offset) {
    return unsignedOffset(MemOp.STRB, rt, rn, offset);
  }

  /** LDRB Wt, [Xn|SP, #offset]. */
  public static int ldrb(int rt, int rn, long offset) {
    return unsignedOffset(MemOp.LDRB, rt, rn, offset);
  }

  /** LDP/STP/LDPSW with a signed offset scaled by the element size, optionally written back. */
  public static int pair(PairOp op, Index index, int rt, int rt2, int rn, long offset) {
    int scale = op.size();
    if ((offset & ((1L << scale) - 1)) != 0) {
      throw new IllegalArgumentException(op + " offset must be a multiple of " + (1 << scale));
    }
    int mode = switch (index) {
      case POST -> 0b001;
      case OFFSET -> 0b010;
      case PRE -> 0b011;
    };
    return (op.opc() << 30) | 0x2800_0000 | (mode << 23) | (op.isLoad() ? 1 << 22 : 0)
        | ((signed(offset >> scale, 7, "imm7") & 0x7F) << 15) | (reg(rt2) << 10) | rn(rn)
        | reg(rt);
  }

  /** LDXR (size = log2 bytes). */
  public static int ldxr(int size, int rt, int rn) {
    return exclusive(size, 0, 1, 0, 31, rt, rn);
  }

  /** LDAXR. */
  public static int ldaxr(int size, int rt, int rn) {
    return exclusive(size, 0, 1, 1, 31, rt, rn);
  }

  /** STXR Ws, Rt, [Xn|SP]: Ws = 0 on success, 1 on failure. */
  public static int stxr(int size, int rs, int rt, int rn) {
    return exclusive(size, 0, 0, 0, rs, rt, rn);
  }

  /** STLXR. */
  public static int stlxr(int size, int rs, int rt, int rn) {
    return exclusive(size, 0, 0, 1, rs, rt, rn);
  }

  /** LDAR. */
  public static int ldar(int size, int rt, int rn) {
    return exclusive(size, 1, 1, 1, 31, rt, rn);
  }

  /** STLR. */
  public static int stlr(int size, int rt, int rn) {
    return exclusive(size, 1, 0, 1, 31, rt, rn);
  }

  private static int exclusive(int size, int o2, int l, int o0, int rs, int rt, int rn) {
    return (field(size, 2, "size") << 30) | 0x0800_0000 | (o2 << 23) | (l << 22)
        | (reg(rs) << 16) | (o0 << 15) | (31 << 10) | rn(rn) | reg(rt);
  }
}
