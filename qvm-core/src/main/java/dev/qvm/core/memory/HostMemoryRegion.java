package dev.qvm.core.memory;

import java.nio.ByteBuffer;
import java.util.Objects;

/**
 * Guest memory that lives in host memory, so the guest reaches it without an exit: RAM, ROM and
 * pass-through windows. A {@link ByteBuffer} is indexed by {@code int}, so the bytes are kept in
 * chunks of at most 1 GiB; each chunk is a multiple of 4 KiB and the region starts on a page
 * boundary, so every 4 KiB page lies inside one chunk and a vCPU's TLB entry needs just one
 * buffer.
 *
 * <p>The accessors here take offsets from the region's base and check bounds once, against the
 * region's edge. They ignore guest permissions (a loader may write ROM); the guest's view goes
 * through stage 2 and {@link PageMapping}.
 */
public abstract sealed class HostMemoryRegion implements MemoryRegion
    permits GuestRam, PassWindow, RomDeviceMemory {

  /** log2 of the chunk size used unless a test asks for smaller ones: 1 GiB. */
  public static final int DEFAULT_CHUNK_SHIFT = 30;

  private final String name;
  private final long ipaBase;
  private final long size;
  private final ByteBuffer[] chunks;
  private final int chunkShift;
  private final long chunkMask;

  HostMemoryRegion(String name, long ipaBase, long size, ByteBuffer[] chunks, int chunkShift) {
    this.name = Objects.requireNonNull(name, "name");
    this.ipaBase = ipaBase;
    this.size = size;
    this.chunks = chunks;
    this.chunkShift = chunkShift;
    this.chunkMask = (1L << chunkShift) - 1;
  }

  static void checkChunkShift(int chunkShift) {
    if (chunkShift < 12 || chunkShift > DEFAULT_CHUNK_SHIFT) {
      throw new IllegalArgumentException("chunk shift must be 12..30, was " + chunkShift);
    }
  }

  static int chunkCount(long size, int chunkShift) {
    return (int) ((size + (1L << chunkShift) - 1) >>> chunkShift);
  }

  @Override
  public final String name() {
    return name;
  }

  @Override
  public final long ipaBase() {
    return ipaBase;
  }

  @Override
  public final long size() {
    return size;
  }

  /**
   * The region's address in qvm's stage-2 output (PA) space. qvm has no host physical memory to
   * hand out, so it uses PA = IPA for every region (see {@link Stage2Tables}).
   */
  public final long pa() {
    return ipaBase;
  }

  /** The chunk holding region offset {@code offset} (little-endian, absolute get/put only). */
  public final ByteBuffer chunk(long offset) {
    return chunks[(int) (offset >>> chunkShift)];
  }

  /** Where region offset {@code offset} lies inside {@link #chunk(long)}. */
  public final int chunkOffset(long offset) {
    return (int) (offset & chunkMask);
  }

  /**
   * Puts {@code buffer} (little-endian, the chunk's length) in place of chunk {@code index}: only
   * {@link RomDeviceMemory}, whose erase blocks are chunks, does this, and only while its window
   * traps, so that no vCPU reaches the old buffer through stage 2.
   */
  final void replaceChunk(int index, ByteBuffer buffer) {
    chunks[index] = buffer;
  }

  /** Number of chunks; regions up to 1 GiB have one. */
  public final int chunkCount() {
    return chunks.length;
  }

  private void checkRange(long offset, long length) {
    if (offset < 0 || length < 0 || offset > size - length) {
      throw new MemoryAccessException(
          String.format(
              "%d bytes at offset 0x%x (IPA 0x%x) run outside %s [0x%x, 0x%x)",
              length, offset, ipaBase + offset, name, ipaBase, ipaBase + size));
    }
  }

  private boolean withinOneChunk(long offset, int width) {
    return ((offset ^ (offset + width - 1)) >>> chunkShift) == 0;
  }

  /**
   * Reads {@code width} (1, 2, 4 or 8) bytes at {@code offset}, little-endian, zero-extended.
   */
  public final long read(long offset, int width) {
    checkRange(offset, width);
    if (!withinOneChunk(offset, width)) {
      long value = 0;
      for (int i = width - 1; i >= 0; i--) {
        value = (value << 8) | (chunk(offset + i).get(chunkOffset(offset + i)) & 0xFFL);
      }
      return value;
    }
    ByteBuffer c = chunk(offset);
    int at = chunkOffset(offset);
    return switch (width) {
      case 1 -> c.get(at) & 0xFFL;
      case 2 -> c.getShort(at) & 0xFFFFL;
      case 4 -> c.getInt(at) & 0xFFFF_FFFFL;
      case 8 -> c.getLong(at);
      default -> throw new IllegalArgumentException("access width must be 1, 2, 4 or 8: " + width);
    };
  }

  /** Writes the low {@code width} (1, 2, 4 or 8) bytes of {@code value} at {@code offset}. */
  public final void write(long offset, int width, long value) {
    checkRange(offset, width);
    if (!withinOneChunk(offset, width)) {
      for (int i = 0; i < width; i++) {
        chunk(offset + i).put(chunkOffset(offset + i), (byte) (value >>> (8 * i)));
      }
      return;
    }
    ByteBuffer c = chunk(offset);
    int at = chunkOffset(offset);
    switch (width) {
      case 1 -> c.put(at, (byte) value);
      case 2 -> c.putShort(at, (short) value);
      case 4 -> c.putInt(at, (int) value);
      case 8 -> c.putLong(at, value);
      default -> throw new IllegalArgumentException("access width must be 1, 2, 4 or 8: " + width);
    }
  }

  /** Copies {@code length} bytes at region offset {@code offset} into {@code dst}. */
  public final void read(long offset, byte[] dst, int dstOffset, int length) {
    Objects.checkFromIndexSize(dstOffset, length, dst.length);
    checkRange(offset, length);
    int done = 0;
    while (done < length) {
      long at = offset + done;
      int n = (int) Math.min(length - done, (1L << chunkShift) - chunkOffset(at));
      chunk(at).get(chunkOffset(at), dst, dstOffset + done, n);
      done += n;
    }
  }

  /** Copies {@code length} bytes of {@code src} to region offset {@code offset}. */
  public final void write(long offset, byte[] src, int srcOffset, int length) {
    Objects.checkFromIndexSize(srcOffset, length, src.length);
    checkRange(offset, length);
    int done = 0;
    while (done < length) {
      long at = offset + done;
      int n = (int) Math.min(length - done, (1L << chunkShift) - chunkOffset(at));
      chunk(at).put(chunkOffset(at), src, srcOffset + done, n);
      done += n;
    }
  }

  /** Sets {@code length} bytes from region offset {@code offset} to {@code value}. */
  public final void fill(long offset, long length, byte value) {
    checkRange(offset, length);
    byte[] block = new byte[(int) Math.min(length, 64 * 1024)];
    java.util.Arrays.fill(block, value);
    long done = 0;
    while (done < length) {
      int n = (int) Math.min(block.length, length - done);
      write(offset + done, block, 0, n);
      done += n;
    }
  }
}
