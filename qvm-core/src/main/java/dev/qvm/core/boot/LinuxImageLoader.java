package dev.qvm.core.boot;

import dev.qvm.core.memory.GuestRam;
import dev.qvm.core.memory.PhysicalMemory;
import java.util.List;

/**
 * Loads a Linux arm64 {@code Image} per the kernel's arm64 boot protocol: at text_offset above a
 * 2 MiB-aligned base in RAM, with image_size bytes free from the load address (the tail past the
 * file is zeroed for the kernel's bss). The entry point is the load address.
 */
public final class LinuxImageLoader {

  private LinuxImageLoader() {}

  /**
   * Loads at the lowest 2 MiB-aligned base of the first RAM region plus text_offset (the protocol
   * asks for a base as close as possible to the start of RAM).
   */
  public static LoadedImage load(PhysicalMemory memory, byte[] image) throws ImageLoadException {
    List<GuestRam> ram = memory.ramRegions();
    if (ram.isEmpty()) {
      throw new ImageLoadException("a Linux Image needs guest RAM, and the VM has none");
    }
    LinuxImageHeader header = LinuxImageHeader.parse(image);
    long align = LinuxImageHeader.BASE_ALIGNMENT;
    long base = (ram.getFirst().ipaBase() + align - 1) & -align;
    return loadAt(memory, image, base + header.textOffset());
  }

  /** Loads at {@code loadIpa}, which the caller chose. */
  public static LoadedImage loadAt(PhysicalMemory memory, byte[] image, long loadIpa)
      throws ImageLoadException {
    LinuxImageHeader header = LinuxImageHeader.parse(image);
    if (header.bigEndian()) {
      throw new ImageLoadException("big-endian Linux Image: qvm runs little-endian guests only");
    }
    long footprint = Math.max(image.length, header.imageSize());
    Loaders.requireRamOrRom(memory, loadIpa, footprint, "Linux Image");
    memory.write(loadIpa, image);
    if (footprint > image.length) {
      memory.fill(loadIpa + image.length, footprint - image.length, (byte) 0);
    }
    return new LoadedImage(
        LoadedImage.Format.LINUX_IMAGE,
        loadIpa,
        List.of(new LoadedImage.Extent(loadIpa, image.length, footprint)));
  }
}
