package dev.qvm.cpu.gdb;

import dev.qvm.cpu.exec.Cpu;

/**
 * The registers GDB sees, numbered as the target description ({@link #TARGET_XML}) lists them:
 * the {@code org.gnu.gdb.aarch64.core} feature (x0-x30, sp, pc, cpsr) then {@code
 * org.gnu.gdb.aarch64.fpu} (v0-v31, fpsr, fpcr). Values travel as little-endian hex of the
 * register's size ({@code g}, {@code p}, {@code P}, {@code G} packets).
 */
public final class GdbRegisters {

  /** Register numbers of the description. */
  public static final int SP = 31;

  public static final int PC = 32;
  public static final int CPSR = 33;
  public static final int V0 = 34;
  public static final int FPSR = 66;
  public static final int FPCR = 67;

  /** Number of registers. */
  public static final int COUNT = 68;

  /** The target description served through {@code qXfer:features:read:target.xml}. */
  public static final String TARGET_XML = buildXml();

  private GdbRegisters() {}

  /** The size in bytes of register {@code n}, or 0 when there is no such register. */
  public static int size(int n) {
    if (n < 0 || n >= COUNT) {
      return 0;
    }
    if (n <= PC) {
      return 8;
    }
    if (n >= V0 && n < FPSR) {
      return 16;
    }
    return 4;
  }

  /** Register {@code n} as GDB's little-endian hex. */
  public static String read(Cpu cpu, int n) {
    StringBuilder out = new StringBuilder(32);
    if (n >= V0 && n < FPSR) {
      int v = n - V0;
      Rsp.appendLittleEndian(out, cpu.v[2 * v], 8);
      Rsp.appendLittleEndian(out, cpu.v[2 * v + 1], 8);
    } else {
      Rsp.appendLittleEndian(out, value(cpu, n), size(n));
    }
    return out.toString();
  }

  /** Every register, concatenated ({@code g}). */
  public static String readAll(Cpu cpu) {
    StringBuilder out = new StringBuilder(1200);
    for (int n = 0; n < COUNT; n++) {
      out.append(read(cpu, n));
    }
    return out.toString();
  }

  private static long value(Cpu cpu, int n) {
    if (n < SP) {
      return cpu.x[n];
    }
    return switch (n) {
      case SP -> cpu.sp;
      case PC -> cpu.pc;
      case CPSR -> cpu.pstateAsSpsr() & 0xffff_ffffL;
      case FPSR -> cpu.sys.fpsr;
      case FPCR -> cpu.sys.fpcr;
      default -> 0;
    };
  }

  /** Writes register {@code n} from GDB's little-endian hex. */
  public static void write(Cpu cpu, int n, String hex) {
    if (n >= V0 && n < FPSR) {
      int v = n - V0;
      cpu.v[2 * v] = Rsp.parseLittleEndian(hex, 0, 8);
      cpu.v[2 * v + 1] = Rsp.parseLittleEndian(hex, 16, 8);
      return;
    }
    long value = Rsp.parseLittleEndian(hex, 0, size(n));
    if (n < SP) {
      cpu.x[n] = value;
      return;
    }
    switch (n) {
      case SP -> cpu.sp = value;
      case PC -> cpu.pc = value;
      case CPSR -> writeCpsr(cpu, value);
      case FPSR -> cpu.sys.fpsr = value;
      case FPCR -> cpu.sys.fpcr = value;
      default -> throw new IllegalArgumentException("no register " + n);
    }
  }

  /** Writes every register from a {@code G} packet's data. */
  public static void writeAll(Cpu cpu, String hex) {
    int at = 0;
    for (int n = 0; n < COUNT && at < hex.length(); n++) {
      int chars = 2 * size(n);
      write(cpu, n, hex.substring(at, Math.min(hex.length(), at + chars)));
      at += chars;
    }
  }

  /**
   * CPSR as GDB shows it is PSTATE in the SPSR layout (ARM ARM C5.2.18): NZCV, DAIF, IL and
   * M[3:0]. Only EL0/EL1 exist here, so M[3:2] above 1 is ignored.
   */
  private static void writeCpsr(Cpu cpu, long value) {
    cpu.setNzcv((int) (value & 0xf000_0000L));
    cpu.daif = (int) (value & 0x3c0);
    cpu.illegalState = (value & (1L << 20)) != 0;
    int el = (int) (value >>> 2) & 1;
    cpu.setElAndSpsel(el, (int) value & 1);
    cpu.translationChanged(); // the TLB is tagged by EL; a decoded page held by the loop is not
  }

  private static String buildXml() {
    StringBuilder s = new StringBuilder();
    s.append("<?xml version=\"1.0\"?>\n<!DOCTYPE target SYSTEM \"gdb-target.dtd\">\n<target>\n");
    s.append("<architecture>aarch64</architecture>\n");
    s.append("<feature name=\"org.gnu.gdb.aarch64.core\">\n");
    for (int i = 0; i < 31; i++) {
      s.append("  <reg name=\"x").append(i).append("\" bitsize=\"64\" type=\"int\" regnum=\"").append(i).append("\"/>\n");
    }
    s.append("  <reg name=\"sp\" bitsize=\"64\" type=\"data_ptr\"/>\n");
    s.append("  <reg name=\"pc\" bitsize=\"64\" type=\"code_ptr\"/>\n");
    s.append("  <flags id=\"cpsr_flags\" size=\"4\">\n");
    String[][] flags = {
      {"SP", "0"}, {"EL", "2", "3"}, {"nRW", "4"}, {"F", "6"}, {"I", "7"}, {"A", "8"}, {"D", "9"},
      {"IL", "20"}, {"V", "28"}, {"C", "29"}, {"Z", "30"}, {"N", "31"}
    };
    for (String[] f : flags) {
      String end = f.length == 3 ? f[2] : f[1];
      s.append("    <field name=\"").append(f[0]).append("\" start=\"").append(f[1]).append("\" end=\"").append(end).append("\"/>\n");
    }
    s.append("  </flags>\n");
    s.append("  <reg name=\"cpsr\" bitsize=\"32\" type=\"cpsr_flags\"/>\n");
    s.append("</feature>\n");
    s.append("<feature name=\"org.gnu.gdb.aarch64.fpu\">\n");
    s.append("  <vector id=\"v2d\" type=\"ieee_double\" count=\"2\"/>\n");
    s.append("  <vector id=\"v2u\" type=\"uint64\" count=\"2\"/>\n");
    s.append("  <vector id=\"v2i\" type=\"int64\" count=\"2\"/>\n");
    s.append("  <vector id=\"v4f\" type=\"ieee_single\" count=\"4\"/>\n");
    s.append("  <vector id=\"v4u\" type=\"uint32\" count=\"4\"/>\n");
    s.append("  <vector id=\"v4i\" type=\"int32\" count=\"4\"/>\n");
    s.append("  <vector id=\"v8u\" type=\"uint16\" count=\"8\"/>\n");
    s.append("  <vector id=\"v8i\" type=\"int16\" count=\"8\"/>\n");
    s.append("  <vector id=\"v16u\" type=\"uint8\" count=\"16\"/>\n");
    s.append("  <vector id=\"v16i\" type=\"int8\" count=\"16\"/>\n");
    s.append("  <union id=\"vnd\"><field name=\"f\" type=\"v2d\"/><field name=\"u\" type=\"v2u\"/><field name=\"s\" type=\"v2i\"/></union>\n");
    s.append("  <union id=\"vns\"><field name=\"f\" type=\"v4f\"/><field name=\"u\" type=\"v4u\"/><field name=\"s\" type=\"v4i\"/></union>\n");
    s.append("  <union id=\"vnh\"><field name=\"u\" type=\"v8u\"/><field name=\"s\" type=\"v8i\"/></union>\n");
    s.append("  <union id=\"vnb\"><field name=\"u\" type=\"v16u\"/><field name=\"s\" type=\"v16i\"/></union>\n");
    s.append("  <union id=\"vnq\"><field name=\"u\" type=\"uint128\"/><field name=\"s\" type=\"int128\"/></union>\n");
    s.append("  <union id=\"aarch64v\"><field name=\"d\" type=\"vnd\"/><field name=\"s\" type=\"vns\"/>"
        + "<field name=\"h\" type=\"vnh\"/><field name=\"b\" type=\"vnb\"/><field name=\"q\" type=\"vnq\"/></union>\n");
    for (int i = 0; i < 32; i++) {
      s.append("  <reg name=\"v").append(i).append("\" bitsize=\"128\" type=\"aarch64v\" regnum=\"").append(V0 + i).append("\"/>\n");
    }
    s.append("  <reg name=\"fpsr\" bitsize=\"32\" type=\"int\"/>\n");
    s.append("  <reg name=\"fpcr\" bitsize=\"32\" type=\"int\"/>\n");
    s.append("</feature>\n</target>\n");
    return s.toString();
  }
}
