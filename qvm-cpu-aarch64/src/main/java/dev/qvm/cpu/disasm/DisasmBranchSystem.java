package dev.qvm.cpu.disasm;

import static dev.qvm.cpu.disasm.DisassembledInstruction.of;
import static dev.qvm.cpu.disasm.Operands.field;
import static dev.qvm.cpu.disasm.Operands.hex;
import static dev.qvm.cpu.disasm.Operands.reg;
import static dev.qvm.cpu.disasm.Operands.x;

import dev.qvm.cpu.decode.A64Decoder;

/**
 * Branches, exception generation and system instructions (ARM ARM C4.1.87): branch targets as
 * absolute addresses, hints by name, barriers with their option names, PSTATE fields, and the
 * system register and SYS operation names of {@link SysregNames}.
 */
final class DisasmBranchSystem {

  private DisasmBranchSystem() {}

  /** Named hints by CRm:op2 (C6.2 HINT, and the instructions allocated in its space). */
  private static final String[] HINTS = new String[128];

  static {
    String[] named = {
      "0 nop", "1 yield", "2 wfe", "3 wfi", "4 sev", "5 sevl", "7 xpaclri", "8 pacia1716",
      "10 pacib1716", "12 autia1716", "14 autib1716", "16 esb", "17 psb csync", "18 tsb csync",
      "20 csdb", "22 clearbhb", "24 paciaz", "25 paciasp", "26 pacibz", "27 pacibsp",
      "28 autiaz", "29 autiasp", "30 autibz", "31 autibsp", "32 bti", "34 bti c", "36 bti j",
      "38 bti jc"
    };
    for (String entry : named) {
      int space = entry.indexOf(' ');
      HINTS[Integer.parseInt(entry.substring(0, space))] = entry.substring(space + 1);
    }
  }

  /** Barrier option names by CRm (C6.2 DMB); null entries print as {@code #0x0n}. */
  private static final String[] BARRIER_OPTIONS = {
    null, "oshld", "oshst", "osh", null, "nshld", "nshst", "nsh",
    null, "ishld", "ishst", "ish", null, "ld", "st", "sy"
  };

  static DisassembledInstruction format(int op, int insn, long pc) {
    return switch (op) {
      case A64Decoder.B, A64Decoder.BL -> {
        long target = pc + (Operands.signExtend(field(insn, 0, 26), 26) << 2);
        yield of(op == A64Decoder.B ? "b" : "bl", Operands.address(target)).withTarget(target);
      }
      case A64Decoder.B_COND -> {
        int cond = field(insn, 0, 4);
        long target = pc + (Operands.signExtend(field(insn, 5, 19), 19) << 2);
        String comment = Operands.branchConditionComment(cond);
        yield of("b." + Operands.cond(cond), Operands.address(target))
            .withTarget(target)
            .withComment(comment == null ? null : "// " + comment);
      }
      case A64Decoder.CBZ, A64Decoder.CBNZ -> {
        long target = pc + (Operands.signExtend(field(insn, 5, 19), 19) << 2);
        String rt = reg((insn >>> 31) != 0, field(insn, 0, 5));
        yield of(op == A64Decoder.CBZ ? "cbz" : "cbnz", rt + ", " + Operands.address(target))
            .withTarget(target);
      }
      case A64Decoder.TBZ, A64Decoder.TBNZ -> {
        int bit = (field(insn, 31, 1) << 5) | field(insn, 19, 5);
        long target = pc + (Operands.signExtend(field(insn, 5, 14), 14) << 2);
        String rt = reg(bit >= 32, field(insn, 0, 5));
        yield of(op == A64Decoder.TBZ ? "tbz" : "tbnz",
                rt + ", " + Operands.dec(bit) + ", " + Operands.address(target))
            .withTarget(target);
      }
      case A64Decoder.BR -> of("br", x(field(insn, 5, 5)));
      case A64Decoder.BLR -> of("blr", x(field(insn, 5, 5)));
      case A64Decoder.RET -> {
        int rn = field(insn, 5, 5);
        yield rn == 30 ? of("ret") : of("ret", x(rn));
      }
      case A64Decoder.ERET -> of("eret");
      case A64Decoder.SVC -> of("svc", hex(field(insn, 5, 16)));
      case A64Decoder.HVC -> of("hvc", hex(field(insn, 5, 16)));
      case A64Decoder.SMC -> of("smc", hex(field(insn, 5, 16)));
      case A64Decoder.BRK -> of("brk", hex(field(insn, 5, 16)));
      case A64Decoder.HLT -> of("hlt", hex(field(insn, 5, 16)));
      case A64Decoder.HINT -> {
        String name = HINTS[field(insn, 5, 7)];
        yield name != null ? named(name) : of("hint", hex(field(insn, 5, 7)));
      }
      case A64Decoder.CLREX -> {
        int crm = field(insn, 8, 4);
        yield crm == 15 ? of("clrex") : of("clrex", hex(crm));
      }
      case A64Decoder.DSB -> dsb(field(insn, 8, 4));
      case A64Decoder.DMB -> of("dmb", barrierOption(field(insn, 8, 4)));
      case A64Decoder.ISB -> {
        int crm = field(insn, 8, 4);
        yield crm == 15 ? of("isb") : of("isb", hex(crm));
      }
      case A64Decoder.MSR_IMM -> msrImmediate(insn);
      case A64Decoder.SYS -> sys(insn);
      case A64Decoder.SYSL -> of("sysl", x(field(insn, 0, 5)) + ", " + sysFields(insn));
      case A64Decoder.MRS ->
          of("mrs", x(field(insn, 0, 5)) + ", " + SysregNames.register(field(insn, 5, 15), false));
      case A64Decoder.MSR_REG ->
          of("msr", SysregNames.register(field(insn, 5, 15), true) + ", " + x(field(insn, 0, 5)));
      default -> null;
    };
  }

  /** A name that may carry its operand after a space, as {@code bti c} or {@code psb csync}. */
  private static DisassembledInstruction named(String text) {
    int space = text.indexOf(' ');
    return space < 0 ? of(text) : of(text.substring(0, space), text.substring(space + 1));
  }

  private static String barrierOption(int crm) {
    String name = BARRIER_OPTIONS[crm];
    return name != null ? name : String.format("#0x%02x", crm);
  }

  /** DSB; CRm 0 and 4 are the speculation barriers SSBB and PSSBB (C6.2). */
  private static DisassembledInstruction dsb(int crm) {
    if (crm == 0) {
      return of("ssbb");
    }
    if (crm == 4) {
      return of("pssbb");
    }
    return of("dsb", barrierOption(crm));
  }

  /**
   * MSR (immediate) (C6.2) and the flag-manipulation and SME instructions in its space.
   * PSTATE fields taking one bit accept only CRm 0 and 1; any other operand falls back to
   * objdump's generic {@code msr s0_op1_c4_cm_op2, xzr}.
   */
  private static DisassembledInstruction msrImmediate(int insn) {
    int op1 = field(insn, 16, 3);
    int crm = field(insn, 8, 4);
    int op2 = field(insn, 5, 3);
    String field = null;
    boolean oneBit = true;
    switch ((op1 << 3) | op2) {
      case 0 -> {
        if (crm == 0) {
          return of("cfinv");
        }
      }
      case 1 -> {
        if (crm == 0) {
          return of("xaflag");
        }
      }
      case 2 -> {
        if (crm == 0) {
          return of("axflag");
        }
      }
      case 3 -> field = "uao";
      case 4 -> field = "pan";
      case 5 -> field = "spsel";
      case 8 -> field = "allint";
      case 0x19 -> field = "ssbs";
      case 0x1a -> field = "dit";
      case 0x1c -> field = "tco";
      case 0x1b -> {
        // SVCR: SMSTART/SMSTOP with CRm<3:1> selecting SM, ZA or both (C6.2).
        if (crm >= 2 && crm <= 7) {
          String what = switch (crm >>> 1) {
            case 1 -> "sm";
            case 2 -> "za";
            default -> "";
          };
          return of((crm & 1) != 0 ? "smstart" : "smstop", what);
        }
      }
      case 0x1e -> {
        field = "daifset";
        oneBit = false;
      }
      case 0x1f -> {
        field = "daifclr";
        oneBit = false;
      }
      default -> { }
    }
    if (field != null && (!oneBit || crm <= 1)) {
      return of("msr", field + ", " + hex(crm));
    }
    return of("msr", SysregNames.generic(0, op1, 4, crm, op2) + ", xzr");
  }

  private static String sysFields(int insn) {
    return "#" + field(insn, 16, 3) + ", C" + field(insn, 12, 4) + ", C" + field(insn, 8, 4)
        + ", #" + field(insn, 5, 3);
  }

  /** SYS (C6.2) and its AT, DC, IC, TLBI, CFP, CPP and DVP aliases. */
  private static DisassembledInstruction sys(int insn) {
    int rt = field(insn, 0, 5);
    SysregNames.SysOperation alias = SysregNames.sysOperation(field(insn, 5, 14));
    if (alias != null) {
      String ops = alias.operation() + (alias.takesRegister() ? ", " + x(rt) : "");
      return of(alias.mnemonic(), ops);
    }
    return of("sys", sysFields(insn) + (rt == 31 ? "" : ", " + x(rt)));
  }
}
