package dev.qvm.core.boot;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes a flattened device tree blob (Devicetree Specification v0.4, chapter 5 "Flattened
 * Devicetree (DTB) Format"): version 17, big-endian, a header, an empty memory reservation block,
 * the structure block (FDT_BEGIN_NODE / FDT_PROP / FDT_END_NODE tokens) and the strings block
 * holding each property name once.
 *
 * <p>Usage: {@code beginNode("")} for the root, properties, child nodes, {@code endNode()}, then
 * {@link #toByteArray()}.
 */
public final class FdtBuilder {
  private static final int FDT_MAGIC = 0xd00d_feed;
  private static final int FDT_BEGIN_NODE = 1;
  private static final int FDT_END_NODE = 2;
  private static final int FDT_PROP = 3;
  private static final int FDT_END = 9;
  private static final int VERSION = 17;
  private static final int LAST_COMPATIBLE_VERSION = 16;
  private static final int HEADER_SIZE = 40;

  private final ByteArrayOutputStream struct = new ByteArrayOutputStream();
  private final ByteArrayOutputStream strings = new ByteArrayOutputStream();
  private final Map<String, Integer> stringOffsets = new LinkedHashMap<>();
  private final List<String> openNodes = new ArrayList<>();
  private int nextPhandle = 1;

  /** Opens a node; the root's name is the empty string. Names are {@code name@unit-address}. */
  public FdtBuilder beginNode(String name) {
    token(FDT_BEGIN_NODE);
    byte[] bytes = name.getBytes(StandardCharsets.US_ASCII);
    struct.writeBytes(bytes);
    struct.write(0);
    pad();
    openNodes.add(name);
    return this;
  }

  public FdtBuilder endNode() {
    if (openNodes.isEmpty()) {
      throw new IllegalStateException("endNode without beginNode");
    }
    openNodes.removeLast();
    token(FDT_END_NODE);
    return this;
  }

  /** A property with raw bytes as its value. */
  public FdtBuilder property(String name, byte[] value) {
    token(FDT_PROP);
    word(value.length);
    word(stringOffset(name));
    struct.writeBytes(value);
    pad();
    return this;
  }

  /** An empty (boolean) property such as {@code interrupt-controller}. */
  public FdtBuilder property(String name) {
    return property(name, new byte[0]);
  }

  /** A string property. */
  public FdtBuilder property(String name, String value) {
    return strings(name, value);
  }

  /** A string-list property: each string NUL-terminated, one after another. */
  public FdtBuilder strings(String name, String... values) {
    ByteArrayOutputStream b = new ByteArrayOutputStream();
    for (String v : values) {
      b.writeBytes(v.getBytes(StandardCharsets.UTF_8));
      b.write(0);
    }
    return property(name, b.toByteArray());
  }

  /** A property of 32-bit cells. */
  public FdtBuilder cells(String name, int... cells) {
    ByteBuffer b = ByteBuffer.allocate(cells.length * 4).order(ByteOrder.BIG_ENDIAN);
    for (int c : cells) {
      b.putInt(c);
    }
    return property(name, b.array());
  }

  /** A property of 64-bit values, each as two cells (high, low), for #address-cells = 2. */
  public FdtBuilder longs(String name, long... values) {
    ByteBuffer b = ByteBuffer.allocate(values.length * 8).order(ByteOrder.BIG_ENDIAN);
    for (long v : values) {
      b.putLong(v);
    }
    return property(name, b.array());
  }

  /** A fresh phandle value for a node that others reference. */
  public int allocatePhandle() {
    return nextPhandle++;
  }

  /** Ends the tree and returns the blob. */
  public byte[] toByteArray() {
    if (!openNodes.isEmpty()) {
      throw new IllegalStateException("unclosed nodes: " + openNodes);
    }
    ByteArrayOutputStream s = new ByteArrayOutputStream();
    s.writeBytes(struct.toByteArray());
    ByteBuffer end = ByteBuffer.allocate(4).order(ByteOrder.BIG_ENDIAN).putInt(FDT_END);
    s.writeBytes(end.array());
    byte[] structBytes = s.toByteArray();
    byte[] stringBytes = strings.toByteArray();
    int memRsvOffset = HEADER_SIZE; // 8-byte aligned
    int memRsvSize = 16; // one terminating {0, 0} entry
    int structOffset = memRsvOffset + memRsvSize;
    int stringsOffset = structOffset + structBytes.length;
    int total = stringsOffset + stringBytes.length;
    ByteBuffer out = ByteBuffer.allocate(total).order(ByteOrder.BIG_ENDIAN);
    out.putInt(FDT_MAGIC);
    out.putInt(total);
    out.putInt(structOffset);
    out.putInt(stringsOffset);
    out.putInt(memRsvOffset);
    out.putInt(VERSION);
    out.putInt(LAST_COMPATIBLE_VERSION);
    out.putInt(0); // boot_cpuid_phys
    out.putInt(stringBytes.length);
    out.putInt(structBytes.length);
    out.putLong(0).putLong(0); // memory reservation block: the terminating entry
    out.put(structBytes);
    out.put(stringBytes);
    return out.array();
  }

  private int stringOffset(String name) {
    return stringOffsets.computeIfAbsent(
        name,
        n -> {
          int offset = strings.size();
          strings.writeBytes(n.getBytes(StandardCharsets.US_ASCII));
          strings.write(0);
          return offset;
        });
  }

  private void token(int t) {
    word(t);
  }

  private void word(int v) {
    struct.write(v >>> 24);
    struct.write(v >>> 16);
    struct.write(v >>> 8);
    struct.write(v);
  }

  private void pad() {
    while (struct.size() % 4 != 0) {
      struct.write(0);
    }
  }
}
