package dev.qvm.vdev.cfiflash;

import dev.qvm.core.memory.RomDeviceMemory;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.util.Arrays;

/**
 * The cells of one flash bank: what read-array mode returns. They live in the bank's {@link
 * RomDeviceMemory}, the array that stage 2 maps while the bank is in read-array mode, kept per
 * erase block: a block that holds only the erased value shares one buffer with every other such
 * block, so that a 64 MiB bank holding a 1 MiB firmware costs about 1 MiB of host memory.
 *
 * <p>NOR flash programming only moves bits from 1 to 0; only a block erase brings them back to 1
 * (Intel StrataFlash datasheets, "Program" and "Block Erase"). {@link #program} models that with
 * an AND, so a guest that programs a cell twice without erasing sees what hardware would give.
 *
 * <p>With a write-back channel (the {@code rw} option), every program and erase is written to the
 * image file at the same offset before the guest can see the command complete; a failed write
 * is reported to the caller, which turns it into the status register's error bit. Not thread-safe:
 * {@link CfiFlash} serialises all access, and changes the cells only while the bank is out of
 * read-array mode (its window then traps, so no vCPU reads the cells through stage 2).
 */
final class FlashStorage {

  /** The value of an erased cell. */
  static final byte ERASED = (byte) 0xff;

  private final RomDeviceMemory array;
  private final long size;
  private final FileChannel writeBack;

  /**
   * @param array the cells, covering at least {@code size} bytes; its erased value is 0xff
   * @param size bank size in bytes, a multiple of the array's block size
   * @param writeBack where programs and erases go as well, or null
   */
  FlashStorage(RomDeviceMemory array, long size, FileChannel writeBack) {
    if (size <= 0 || size > array.size() || size % array.blockSize() != 0
        || array.erasedValue() != ERASED) {
      throw new IllegalArgumentException("bad flash geometry: " + size + " / " + array.blockSize());
    }
    this.array = array;
    this.size = size;
    this.writeBack = writeBack;
  }

  long size() {
    return size;
  }

  int blockSize() {
    return array.blockSize();
  }

  /** The array stage 2 maps in read-array mode. */
  RomDeviceMemory array() {
    return array;
  }

  /** Fills the bank from an image (loading, not programming: no AND, no write-back). */
  void load(byte[] image) {
    if (image.length > size) {
      throw new IllegalArgumentException("image of " + image.length + " bytes > flash " + size);
    }
    int block = array.blockSize();
    for (int from = 0; from < image.length; from += block) {
      int to = Math.min(image.length, from + block);
      if (!allErased(image, from, to)) {
        // A block that holds only 0xff keeps sharing the erased buffer.
        array.writableBlock(from).put(0, image, from, to - from);
      }
    }
  }

  private static boolean allErased(byte[] bytes, int from, int to) {
    for (int i = from; i < to; i++) {
      if (bytes[i] != ERASED) {
        return false;
      }
    }
    return true;
  }

  /** The byte at {@code offset}. */
  byte get(long offset) {
    return (byte) array.read(offset, 1);
  }

  /** {@code width} bytes at {@code offset}, little-endian (the bus is little-endian on virt). */
  long getLittleEndian(long offset, int width) {
    return array.read(offset, width);
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
        array.writableBlock(at).put(array.chunkOffset(at), cell);
      }
      written[i] = cell;
    }
    return writeBack(offset, written);
  }

  /** Erases the block holding {@code offset}: every cell back to 0xff; false as {@link #program}. */
  boolean eraseBlock(long offset) {
    int block = array.blockSize();
    long start = offset & -(long) block;
    array.eraseBlock(start);
    byte[] erased = new byte[block];
    Arrays.fill(erased, ERASED);
    return writeBack(start, erased);
  }

  /** A copy of the whole bank (tests and diagnostics). */
  byte[] snapshot() {
    byte[] out = new byte[Math.toIntExact(size)];
    array.read(0, out, 0, out.length);
    return out;
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
