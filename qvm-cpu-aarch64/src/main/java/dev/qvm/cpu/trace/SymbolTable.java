package dev.qvm.cpu.trace;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * The function and object symbols of an ELF64 little-endian image's {@code .symtab} (System V
 * ABI, "Object Files": section headers, symbol table entries), for naming addresses in traces as
 * objdump does: {@code <main+0x10>}.
 */
public final class SymbolTable {

  /** One symbol: its address, size (0 when unknown) and name. */
  public record Symbol(long address, long size, String name) {}

  /** A table with no symbols (a raw binary image). */
  public static final SymbolTable EMPTY = new SymbolTable(List.of());

  private static final int SHT_SYMTAB = 2;
  private static final int STT_OBJECT = 1;
  private static final int STT_FUNC = 2;
  private static final int STT_NOTYPE = 0;
  private static final int SHN_UNDEF = 0;
  private static final int SHN_ABS = 0xfff1;

  private final Symbol[] symbols;
  private final long[] addresses;

  private SymbolTable(List<Symbol> list) {
    symbols = list.stream().sorted(Comparator.comparingLong(Symbol::address)).toArray(Symbol[]::new);
    addresses = new long[symbols.length];
    for (int i = 0; i < symbols.length; i++) {
      addresses[i] = symbols[i].address();
    }
  }

  /** The symbols of {@code file} if it is an ELF64 with a {@code .symtab}, else {@link #EMPTY}. */
  public static SymbolTable read(Path file) throws IOException {
    byte[] bytes = Files.readAllBytes(file);
    if (bytes.length < 64 || bytes[0] != 0x7f || bytes[1] != 'E' || bytes[2] != 'L' || bytes[3] != 'F'
        || bytes[4] != 2 || bytes[5] != 1) {
      return EMPTY; // not ELF64 little-endian: a raw image has no symbols
    }
    ByteBuffer b = ByteBuffer.wrap(bytes).order(ByteOrder.LITTLE_ENDIAN);
    long shoff = b.getLong(0x28);
    int shentsize = b.getShort(0x3a) & 0xffff;
    int shnum = b.getShort(0x3c) & 0xffff;
    List<Symbol> found = new ArrayList<>();
    for (int i = 0; i < shnum; i++) {
      int sh = (int) (shoff + (long) i * shentsize);
      if (sh + 64 > bytes.length || b.getInt(sh + 4) != SHT_SYMTAB) {
        continue;
      }
      long offset = b.getLong(sh + 0x18);
      long size = b.getLong(sh + 0x20);
      int link = b.getInt(sh + 0x28);
      long entsize = b.getLong(sh + 0x38);
      int strSh = (int) (shoff + (long) link * shentsize);
      long strOffset = b.getLong(strSh + 0x18);
      for (long at = offset; at + 24 <= offset + size && entsize >= 24; at += entsize) {
        int e = (int) at;
        int type = b.get(e + 4) & 0xf;
        int shndx = b.getShort(e + 6) & 0xffff;
        if ((type != STT_FUNC && type != STT_OBJECT && type != STT_NOTYPE) || shndx == SHN_UNDEF || shndx == SHN_ABS) {
          continue; // files, sections and absolute constants name no code or data
        }
        String name = cString(bytes, (int) (strOffset + (b.getInt(e) & 0xffff_ffffL)));
        if (name.isEmpty() || name.startsWith("$")) {
          continue; // mapping symbols ($x, $d) mark code and data, they are not names
        }
        found.add(new Symbol(b.getLong(e + 8), b.getLong(e + 16), name));
      }
    }
    return new SymbolTable(found);
  }

  private static String cString(byte[] bytes, int at) {
    int end = at;
    while (end < bytes.length && bytes[end] != 0) {
      end++;
    }
    return new String(bytes, at, end - at, StandardCharsets.UTF_8);
  }

  /** The symbol with the highest address at or below {@code address}, or null. */
  public Symbol at(long address) {
    int i = java.util.Arrays.binarySearch(addresses, address);
    if (i < 0) {
      i = -i - 2;
    } else {
      while (i + 1 < addresses.length && addresses[i + 1] == address) {
        i++; // of several names for one address, prefer a function (sorted last by stable order)
      }
    }
    if (i < 0) {
      return null;
    }
    Symbol s = symbols[i];
    if (s.size() != 0 && address >= s.address() + s.size()) {
      return null; // past the end of a sized symbol: not inside anything named
    }
    return s;
  }

  /** objdump's {@code <name+0xoff>} (or {@code <name>} at offset 0), or "" when unnamed. */
  public String describe(long address) {
    Symbol s = at(address);
    if (s == null) {
      return "";
    }
    long off = address - s.address();
    return off == 0 ? "<" + s.name() + ">" : "<" + s.name() + "+0x" + Long.toHexString(off) + ">";
  }

  /** The address of the symbol named {@code name}, or -1. */
  public long addressOf(String name) {
    for (Symbol s : symbols) {
      if (s.name().equals(name)) {
        return s.address();
      }
    }
    return -1;
  }

  /** Number of symbols. */
  public int size() {
    return symbols.length;
  }
}
