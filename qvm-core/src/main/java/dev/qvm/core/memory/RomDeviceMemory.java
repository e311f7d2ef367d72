package dev.qvm.core.memory;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The array of a {@link RomDevice}: what the guest reads, and executes, at RAM speed while the
 * device is in ROMD mode, the way NOR flash in read-array mode is plain memory on the bus (and
 * QEMU's "ROM device" regions are RAM for reads).
 *
 * <p>Kept per erase block, one chunk of the region each. Every block that holds only the erased
 * value shares one buffer, so a 64 MiB flash bank holding a 1 MiB firmware costs about 1 MiB of
 * host memory. The device changes the array only through {@link #writableBlock} and {@link
 * #eraseBlock}, and only while its window traps: a block that gets its own buffer, or gives it up,
 * changes what stage 2 maps, and the window's switch back to ROMD makes every vCPU look again.
 * Nothing else may write a shared erased block, so host code must not use the inherited {@code
 * write} and {@code fill} accessors on this region; {@link PhysicalMemory}'s host accessors never
 * reach it.
 */
public final class RomDeviceMemory extends HostMemoryRegion {

  private final int blockShift;
  private final byte erasedValue;
  private final ByteBuffer erased;
  private final boolean[] own;

  private RomDeviceMemory(
      String name, long ipaBase, long size, int blockShift, byte erasedValue, ByteBuffer erased) {
    super(name, ipaBase, size, filled(chunkCount(size, blockShift), erased), blockShift);
    this.blockShift = blockShift;
    this.erasedValue = erasedValue;
    this.erased = erased;
    this.own = new boolean[chunkCount(size, blockShift)];
  }

  private static ByteBuffer[] filled(int count, ByteBuffer buffer) {
    ByteBuffer[] chunks = new ByteBuffer[count];
    java.util.Arrays.fill(chunks, buffer);
    return chunks;
  }

  /**
   * A fully erased array of {@code size} bytes at {@code ipaBase}, in erase blocks of {@code
   * blockSize} bytes.
   *
   * @param blockSize a power of two from 4 KiB to 1 GiB that divides {@code size}
   * @param erasedValue what every byte of an erased block reads as (0xff for NOR flash)
   * @throws IllegalArgumentException for a base or size that is not 4 KiB aligned or a bad block
   * @throws GuestMemoryAllocationException when the JVM has no direct memory left
   */
  public static RomDeviceMemory allocate(
      String name, long ipaBase, long size, int blockSize, byte erasedValue) {
    if (Integer.bitCount(blockSize) != 1) {
      throw new IllegalArgumentException(name + ": erase block " + blockSize + " is not a power of two");
    }
    int shift = Integer.numberOfTrailingZeros(blockSize);
    checkChunkShift(shift);
    if (size <= 0 || size % blockSize != 0 || (ipaBase & 0xFFF) != 0) {
      throw new IllegalArgumentException(
          String.format(
              "%s at 0x%x, size 0x%x: the base must be 4K aligned and the size a multiple of the"
                  + " 0x%x-byte erase block",
              name, ipaBase, size, blockSize));
    }
    return new RomDeviceMemory(name, ipaBase, size, shift, erasedValue, erasedBlock(name, blockSize, erasedValue));
  }

  private static ByteBuffer erasedBlock(String name, int blockSize, byte value) {
    try {
      ByteBuffer b = ByteBuffer.allocateDirect(blockSize).order(ByteOrder.LITTLE_ENDIAN);
      for (int i = 0; i < blockSize; i += 8) {
        b.putLong(i, 0x0101_0101_0101_0101L * (value & 0xFF));
      }
      return b;
    } catch (OutOfMemoryError e) {
      throw new GuestMemoryAllocationException(
          String.format("cannot allocate the %s erase block of %s: %s", Sizes.format(blockSize), name, e.getMessage()), e);
    }
  }

  /** Bytes per erase block. */
  public int blockSize() {
    return 1 << blockShift;
  }

  /** The erase block holding region offset {@code offset}. */
  public int blockIndex(long offset) {
    return (int) (offset >>> blockShift);
  }

  /** True when block {@code index} has its own buffer (it was loaded or programmed). */
  public boolean hasOwnBuffer(int index) {
    return own[index];
  }

  /**
   * The buffer of the block holding {@code offset}, given its own (a copy of the erased block)
   * first if it shared the erased one. Call only while the window traps.
   */
  public ByteBuffer writableBlock(long offset) {
    int index = blockIndex(offset);
    if (!own[index]) {
      ByteBuffer b;
      try {
        b = ByteBuffer.allocateDirect(blockSize()).order(ByteOrder.LITTLE_ENDIAN);
      } catch (OutOfMemoryError e) {
        throw new GuestMemoryAllocationException(
            String.format("cannot allocate a %s block of %s: %s", Sizes.format(blockSize()), name(), e.getMessage()), e);
      }
      b.put(0, erased, 0, blockSize());
      replaceChunk(index, b);
      own[index] = true;
    }
    return chunk(offset);
  }

  /**
   * Returns the block holding {@code offset} to the erased value; its own buffer, if it had one,
   * is dropped. Call only while the window traps.
   */
  public void eraseBlock(long offset) {
    int index = blockIndex(offset);
    if (own[index]) {
      replaceChunk(index, erased);
      own[index] = false;
    }
  }

  /** What an erased byte reads as. */
  public byte erasedValue() {
    return erasedValue;
  }

  @Override
  public Kind kind() {
    return Kind.ROM;
  }

  @Override
  public String access() {
    return "r-x normal-WB (ROMD: writes trap)";
  }
}
