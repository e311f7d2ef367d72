package dev.qvm.core.boot;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * The 64-byte header at the start of a Linux arm64 {@code Image} (the kernel's arm64 boot
 * protocol, "Call the kernel image"): code0/code1 (an instruction branching past the header),
 * then little-endian text_offset at 0x08, image_size at 0x10, flags at 0x18, and the magic
 * {@code "ARM\x64"} (0x644d5241 read little-endian) at 0x38.
 *
 * @param textOffset how far above a 2 MiB-aligned base the image must be loaded
 * @param imageSize bytes the kernel occupies from its load address, bss included (0 in kernels
 *     before 3.17, whose header predates the field)
 * @param flags bit 0 big-endian kernel, bits [2:1] page size, bit 3 placement anywhere in RAM
 */
public record LinuxImageHeader(long textOffset, long imageSize, long flags) {

  /** Header length. */
  public static final int SIZE = 64;

  /** Offset of the magic number. */
  public static final int MAGIC_OFFSET = 0x38;

  /** {@code "ARM\x64"} as a little-endian word. */
  public static final int MAGIC = 0x644d5241;

  /** text_offset to assume when image_size is 0 (kernels before 3.17). */
  public static final long LEGACY_TEXT_OFFSET = 0x80000;

  /** The base below text_offset must be 2 MiB aligned. */
  public static final long BASE_ALIGNMENT = 2L << 20;

  /** True when {@code image} has the arm64 Image magic at 0x38. */
  public static boolean isLinuxImage(byte[] image) {
    return image.length >= SIZE
        && ByteBuffer.wrap(image).order(ByteOrder.LITTLE_ENDIAN).getInt(MAGIC_OFFSET) == MAGIC;
  }

  /**
   * Reads the header of {@code image}.
   *
   * @throws ImageLoadException when the image is shorter than the header or lacks the magic
   */
  public static LinuxImageHeader parse(byte[] image) throws ImageLoadException {
    if (!isLinuxImage(image)) {
      throw new ImageLoadException("not a Linux arm64 Image (no \"ARM\\x64\" magic at 0x38)");
    }
    ByteBuffer b = ByteBuffer.wrap(image).order(ByteOrder.LITTLE_ENDIAN);
    long imageSize = b.getLong(0x10);
    long textOffset = imageSize == 0 ? LEGACY_TEXT_OFFSET : b.getLong(0x08);
    return new LinuxImageHeader(textOffset, imageSize, b.getLong(0x18));
  }

  /** flags bit 0: the kernel is big-endian. */
  public boolean bigEndian() {
    return (flags & 1) != 0;
  }

  /** flags bits [2:1]: kernel page size in bytes, or 0 when unspecified. */
  public long pageSize() {
    return switch ((int) (flags >>> 1) & 0b11) {
      case 1 -> 4096;
      case 2 -> 16384;
      case 3 -> 65536;
      default -> 0;
    };
  }

  /** flags bit 3: the 2 MiB-aligned base may be anywhere in RAM, not near its start. */
  public boolean placeAnywhere() {
    return (flags & (1 << 3)) != 0;
  }
}
