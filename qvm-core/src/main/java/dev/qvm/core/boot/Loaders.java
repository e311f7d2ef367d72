package dev.qvm.core.boot;

import dev.qvm.core.memory.MemoryRegion;
import dev.qvm.core.memory.PhysicalMemory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.OptionalLong;

/**
 * The {@code load} option without a TYPE: an ELF loads per its program headers, a Linux arm64
 * {@code Image} (recognised by its header) per the arm64 boot protocol, anything else raw at the
 * given address.
 */
public final class Loaders {

  private Loaders() {}

  /** Reads a whole image file, turning I/O errors into a one-line {@link ImageLoadException}. */
  public static byte[] readImage(Path file) throws ImageLoadException {
    try {
      return Files.readAllBytes(file);
    } catch (IOException e) {
      throw new ImageLoadException("cannot read " + file + ": " + e.getMessage(), e);
    } catch (OutOfMemoryError e) {
      throw new ImageLoadException("cannot read " + file + ": too large to hold in memory", e);
    }
  }

  /** As {@link #load(PhysicalMemory, byte[], OptionalLong)} for a file. */
  public static LoadedImage load(PhysicalMemory memory, Path file, OptionalLong ipa)
      throws ImageLoadException {
    return load(memory, readImage(file), ipa);
  }

  /**
   * Loads {@code image} by its format. {@code ipa} is the address written in {@code load
   * ADDR,PATH}: ignored for an ELF (its program headers say where), the load address of an
   * {@code Image} (else the boot protocol chooses), required for raw bytes.
   */
  public static LoadedImage load(PhysicalMemory memory, byte[] image, OptionalLong ipa)
      throws ImageLoadException {
    if (isGzip(image)) {
      // A gzip-compressed kernel (Image.gz, as many distributions ship vmlinuz): the boot
      // protocol wants the decompressed Image, which the bootloader unpacks (arm64 booting.rst).
      image = gunzip(image);
    }
    if (ElfLoader.isElf(image)) {
      return ElfLoader.load(memory, image);
    }
    if (LinuxImageHeader.isLinuxImage(image)) {
      return ipa.isPresent()
          ? LinuxImageLoader.loadAt(memory, image, ipa.getAsLong())
          : LinuxImageLoader.load(memory, image);
    }
    if (ipa.isEmpty()) {
      throw new ImageLoadException(
          "neither ELF nor a Linux arm64 Image: a raw image needs an address (load ADDR,PATH)");
    }
    return RawLoader.load(memory, ipa.getAsLong(), image);
  }

  /** gzip's magic bytes 1f 8b (RFC 1952). */
  static boolean isGzip(byte[] image) {
    return image.length > 2 && (image[0] & 0xff) == 0x1f && (image[1] & 0xff) == 0x8b;
  }

  /** Inflates a gzip member; a corrupt stream is a one-line error. */
  static byte[] gunzip(byte[] image) throws ImageLoadException {
    try (var in = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(image))) {
      return in.readAllBytes();
    } catch (IOException e) {
      throw new ImageLoadException("gzip-compressed image is corrupt: " + e.getMessage(), e);
    } catch (OutOfMemoryError e) {
      throw new ImageLoadException("gzip-compressed image too large to unpack in memory", e);
    }
  }

  /**
   * Checks that [{@code ipa}, {@code ipa + length}) lies in RAM or ROM (adjacent regions may
   * share it); pass windows and vdevs are not places to load code.
   */
  static void requireRamOrRom(PhysicalMemory memory, long ipa, long length, String what)
      throws ImageLoadException {
    long end = ipa + length;
    if (ipa < 0 || end < ipa) {
      throw new ImageLoadException(String.format("%s at 0x%x: address out of range", what, ipa));
    }
    long at = ipa;
    while (at < end) {
      MemoryRegion r = memory.regionAt(at);
      if (r == null || (r.kind() != MemoryRegion.Kind.RAM && r.kind() != MemoryRegion.Kind.ROM)) {
        throw new ImageLoadException(
            String.format(
                "%s [0x%x, 0x%x) does not fit in guest RAM/ROM: 0x%x is %s",
                what,
                ipa,
                end,
                at,
                r == null ? "not mapped" : "in " + kindName(r) + " " + r.name()));
      }
      at = r.ipaEnd();
    }
  }

  private static String kindName(MemoryRegion r) {
    return r.kind().name().toLowerCase(java.util.Locale.ROOT);
  }
}
