package dev.qvm.vdev.gic;

import java.util.ArrayList;
import java.util.List;

/**
 * A GIC register frame as a table, after KVM's {@code vgic-mmio-v3.c}: each entry is one register
 * or one register family (ISENABLER&lt;n&gt;, IPRIORITYR&lt;n&gt;, IROUTER&lt;n&gt;, ...) with a
 * field width per interrupt and one reader and one writer per field. The table turns an access
 * of any size into field reads and writes, so byte access to IPRIORITYR, 32-bit access to one
 * half of IROUTER and 32-bit access to a bit family all follow from one rule. Offsets the table
 * does not name are RAZ/WI (IHI 0069, 12.1.2 "GIC register access": reserved locations).
 */
final class RegisterTable {

  /** Reads field {@code index} of a register (index 0 for a plain register). */
  interface FieldReader {
    long read(int index);
  }

  /** Writes field {@code index}; {@code value} holds just that field's bits. */
  interface FieldWriter {
    void write(int index, long value);
  }

  /** One register or family: {@code length} bytes from {@code offset}, fields of {@code bits}. */
  record Entry(String name, int offset, int length, int bits, FieldReader reader, FieldWriter writer) {}

  private final List<Entry> entries = new ArrayList<>();

  /** A 32-bit register. */
  RegisterTable reg32(String name, int offset, FieldReader reader, FieldWriter writer) {
    entries.add(new Entry(name, offset, 4, 32, reader, writer));
    return this;
  }

  /** A 64-bit register (32-bit accesses reach either half). */
  RegisterTable reg64(String name, int offset, FieldReader reader, FieldWriter writer) {
    entries.add(new Entry(name, offset, 8, 64, reader, writer));
    return this;
  }

  /** A family of {@code count} fields of {@code bits} bits each, field i for interrupt i. */
  RegisterTable family(String name, int offset, int count, int bits, FieldReader reader, FieldWriter writer) {
    entries.add(new Entry(name, offset, (count * bits + 7) / 8, bits, reader, writer));
    return this;
  }

  /** A read-as-zero, writes-ignored register. */
  RegisterTable raz(String name, int offset, int length) {
    entries.add(new Entry(name, offset, length, length * 8, i -> 0, (i, v) -> {}));
    return this;
  }

  private Entry find(long offset) {
    for (Entry e : entries) {
      if (offset >= e.offset() && offset < e.offset() + e.length()) {
        return e;
      }
    }
    return null;
  }

  /** The register name at {@code offset}, for traces and tests; null if unnamed. */
  String nameAt(long offset) {
    Entry e = find(offset);
    return e == null ? null : e.name();
  }

  long read(long offset, int size) {
    Entry e = find(offset);
    if (e == null) {
      return 0;
    }
    long first = (offset - e.offset()) * 8;
    long last = Math.min(first + size * 8L, e.length() * 8L) - 1;
    long value = 0;
    for (long f = first / e.bits(); f <= last / e.bits(); f++) {
      long fieldStart = f * e.bits();
      long field = e.reader().read((int) f) & mask(e.bits());
      long shift = fieldStart - first;
      value |= shift >= 0 ? field << shift : field >>> -shift;
    }
    return size == 8 ? value : value & mask(size * 8);
  }

  void write(long offset, int size, long value) {
    Entry e = find(offset);
    if (e == null) {
      return;
    }
    long first = (offset - e.offset()) * 8;
    long last = Math.min(first + size * 8L, e.length() * 8L) - 1;
    for (long f = first / e.bits(); f <= last / e.bits(); f++) {
      long fieldStart = f * e.bits();
      long shift = fieldStart - first;
      long part = shift >= 0 ? value >>> shift : value << -shift;
      long fieldMask = mask(e.bits());
      long covered = fieldMask;
      if (shift < 0) {
        covered &= mask(size * 8) << -shift; // the access starts inside this field
      } else if (shift + e.bits() > size * 8L) {
        covered &= mask((int) (size * 8 - shift)); // the access ends inside this field
      }
      part &= covered;
      if (covered != fieldMask) {
        part |= e.reader().read((int) f) & fieldMask & ~covered;
      }
      e.writer().write((int) f, part);
    }
  }

  private static long mask(int bits) {
    return bits >= 64 ? -1L : (1L << bits) - 1;
  }
}
