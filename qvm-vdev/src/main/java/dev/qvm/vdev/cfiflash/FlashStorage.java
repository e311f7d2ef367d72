package dev.qvm.vdev.cfiflash;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.Arrays;

/**
 * The cells of one flash bank: what read-array mode returns. Kept per erase block and allocated
 * only when a block first holds something other than the erased value, so that a 64 MiB bank
 * holding a 1 MiB firmware costs about 1 MiB of heap.
 *
 * <p>NOR flash programming only moves bits from 1 to 0; only a block erase brings them back to 1
 * (Intel StrataFlash datasheets, "Program" and "Block Erase"). {@link #program} models that with
 * an AND, so a guest that programs a cell twice without erasing sees what hardware would give.
 *
 * <p>With a write-back channel (the {@code rw} option), every program and erase is written to the
 * image file at the same offset before the guest can see the command complete; a failed write
 * is reported to the caller, which turns it into the status register's error bit. Not thread-safe:
 * {@link CfiFlash} serialises all access.
 */
final class FlashStorage {

  /** The value of an erased cell. */
  static final byte ERASED = (byte) 0xff;

  private final long size;
  private final int blockSize;
  private final byte[][] blocks;
  private final FileChannel writeBack;

  /**
   * @param size bank size in bytes, a multiple of {@code blockSize}
   * @param blockSize erase block size in bytes, a power of two
   * @param writeBack where programs and erases go as well, or null
   */
  FlashStorage(long size, int blockSize, FileChannel writeBack) {
    if (Integer.bitCount(blockSize) != 1 || size <= 0 || size % blockSize != 0) {
      throw new IllegalArgumentException("bad flash geometry: " + size + " / " + blockSize);
    }
    this.size = size;
    this.blockSize = blockSize;
    this.blocks = new byte[(int) (size / blockSize)][];
    this.writeBack = writeBack;
  }

  long size() {
    return size;
  }

  int blockSize() {
    return blockSize;
  }

  /** Fills the bank from an image (loading, not programming: no AND, no write-back). */
  void load(byte[] image) {
    if (image.length > size) {
      throw new IllegalArgumentException("image of " + image.length + " bytes > flash " + size);
    }
    for (int at = 0; at < image.length; at++) {
      if (image[at] != ERASED) {
        block(at)[at & (blockSize - 1)] = image[at];
      }
    }
  }

  /** The byte at {@code offset}. */
  byte get(long offset) {
    byte[] b = blocks[(int) (offset / blockSize)];
    return b == null ? ERASED : b[(int) (offset & (blockSize - 1))];
  }

  /** {@code width} bytes at {@code offset}, little-endian (the bus is little-endian on virt). */
  long getLittleEndian(long offset, int width) {
    long value = 0;
    for (int i = width - 1; i >= 0; i--) {
      value = (value << 8) | (get(offset + i) & 0xffL);
    }
    return value;
  }

  /**
   * Programs {@code width} bytes of {@code value} (little-endian) at {@code offset}: 1 to 0 only.
   * Returns false when the write-back to the image file failed (the cells changed anyway).
   */
  boolean program(long offset, int width, long value) {
    byte[] written = new byte[width];
    for (int i = 0; i < width; i++) {
      long at = offset + i;
      byte cell = (byte) (get(at) & (value >>> (8 * i)));
      if (cell != ERASED) {
        block(at)[(int) (at & (blockSize - 1))] = cell;
      }
      written[i] = cell;
    }
    return writeBack(offset, written);
  }

  /** Erases the block holding {@code offset}: every cell back to 0xff; false as {@link #program}. */
  boolean eraseBlock(long offset) {
    int index = (int) (offset / blockSize);
    blocks[index] = null;
    byte[] erased = new byte[blockSize];
    Arrays.fill(erased, ERASED);
    return writeBack((long) index * blockSize, erased);
  }

  /** A copy of the whole bank (tests and diagnostics). */
  byte[] snapshot() {
    byte[] out = new byte[Math.toIntExact(size)];
    for (int i = 0; i < blocks.length; i++) {
      if (blocks[i] == null) {
        Arrays.fill(out, i * blockSize, (i + 1) * blockSize, ERASED);
      } else {
        System.arraycopy(blocks[i], 0, out, i * blockSize, blockSize);
      }
    }
    return out;
  }

  private byte[] block(long offset) {
    int index = (int) (offset / blockSize);
    byte[] b = blocks[index];
    if (b == null) {
      b = new byte[blockSize];
      Arrays.fill(b, ERASED);
      blocks[index] = b;
    }
    return b;
  }

  private boolean writeBack(long offset, byte[] bytes) {
    if (writeBack == null) {
      return true;
    }
    try {
      ByteBuffer src = ByteBuffer.wrap(bytes);
      long at = offset;
      while (src.hasRemaining()) {
        at += writeBack.write(src, at);
      }
      return true;
    } catch (IOException e) {
      return false;
    }
  }
}
