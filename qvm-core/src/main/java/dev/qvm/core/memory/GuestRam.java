package dev.qvm.core.memory;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.function.IntFunction;

/**
 * A {@code ram} or {@code rom} region: zeroed direct little-endian buffers, in chunks of at most
 * 1 GiB. ROM differs only in its stage-2 permission (S2AP read-only); host code such as a loader
 * may still write it.
 */
public final class GuestRam extends HostMemoryRegion {

  private final boolean readOnly;

  private GuestRam(
      String name, long ipaBase, long size, boolean readOnly, ByteBuffer[] chunks, int shift) {
    super(name, ipaBase, size, chunks, shift);
    this.readOnly = readOnly;
  }

  /**
   * Allocates a region of {@code size} bytes (a positive multiple of 4 KiB) at {@code ipaBase}.
   *
   * @throws GuestMemoryAllocationException when the JVM has no direct memory left for it
   */
  public static GuestRam allocate(String name, long ipaBase, long size, boolean readOnly) {
    return allocate(name, ipaBase, size, readOnly, DEFAULT_CHUNK_SHIFT);
  }

  /** As {@link #allocate(String, long, long, boolean)}, with chunks of {@code 2^chunkShift}. */
  static GuestRam allocate(String name, long ipaBase, long size, boolean readOnly, int chunkShift) {
    long host = hostMemory();
    if (host > 0 && size > host) {
      // More than the host has at all: refuse at start, whatever the JVM's direct-memory limit
      // (./qvm raises it to the host's memory), rather than swap or be killed halfway through.
      throw new GuestMemoryAllocationException(
          String.format(
              "cannot allocate %s of guest %s for %s: the host has only %s of memory and swap",
              Sizes.format(size), readOnly ? "ROM" : "RAM", name, Sizes.format(host & ~0xFFFFFL)),
          null);
    }
    return allocate(name, ipaBase, size, readOnly, chunkShift, ByteBuffer::allocateDirect);
  }

  /** MemTotal + SwapTotal of /proc/meminfo in bytes, or -1 where that file does not exist. */
  static long hostMemory() {
    try {
      long kib = 0;
      for (String line : java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/meminfo"))) {
        if (line.startsWith("MemTotal:") || line.startsWith("SwapTotal:")) {
          kib += Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
      }
      return kib > 0 ? kib << 10 : -1;
    } catch (java.io.IOException | RuntimeException e) {
      return -1;
    }
  }

  /** As above, taking chunks from {@code allocator} (tests make it fail). */
  static GuestRam allocate(
      String name,
      long ipaBase,
      long size,
      boolean readOnly,
      int chunkShift,
      IntFunction<ByteBuffer> allocator) {
    checkChunkShift(chunkShift);
    if (size <= 0 || (size & 0xFFF) != 0 || (ipaBase & 0xFFF) != 0) {
      throw new IllegalArgumentException(
          String.format(
              "%s at 0x%x, size 0x%x: base and size must be multiples of 4K",
              name, ipaBase, size));
    }
    ByteBuffer[] chunks = new ByteBuffer[chunkCount(size, chunkShift)];
    try {
      for (int i = 0; i < chunks.length; i++) {
        long left = size - ((long) i << chunkShift);
        int length = (int) Math.min(left, 1L << chunkShift);
        // ByteBuffer.allocateDirect zeroes the memory, as a guest expects of fresh RAM.
        chunks[i] = allocator.apply(length).order(ByteOrder.LITTLE_ENDIAN);
      }
    } catch (OutOfMemoryError e) {
      throw new GuestMemoryAllocationException(
          String.format(
              "cannot allocate %s of guest %s for %s: %s%s",
              Sizes.format(size), readOnly ? "ROM" : "RAM", name, e.getMessage(),
              String.valueOf(e.getMessage()).contains("direct buffer")
                  ? " (the limit is -XX:MaxDirectMemorySize, by default the maximum heap size -Xmx)"
                  : ""),
          e);
    }
    return new GuestRam(name, ipaBase, size, readOnly, chunks, chunkShift);
  }

  /** True for {@code rom}: the guest may read and execute but not write. */
  public boolean readOnly() {
    return readOnly;
  }

  @Override
  public Kind kind() {
    return readOnly ? Kind.ROM : Kind.RAM;
  }

  @Override
  public String access() {
    return (readOnly ? "r-x" : "rwx") + " normal-WB";
  }
}
