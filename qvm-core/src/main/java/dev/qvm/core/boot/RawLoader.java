package dev.qvm.core.boot;

import dev.qvm.core.memory.PhysicalMemory;
import java.util.List;

/** Copies a file's bytes as they are to an IPA (QNX {@code load ADDR,PATH} of a plain binary). */
public final class RawLoader {

  private RawLoader() {}

  /**
   * Copies {@code image} to {@code ipa}; the entry point is its first byte.
   *
   * @throws ImageLoadException when the bytes do not fit inside guest RAM/ROM
   */
  public static LoadedImage load(PhysicalMemory memory, long ipa, byte[] image)
      throws ImageLoadException {
    Loaders.requireRamOrRom(memory, ipa, image.length, "raw image");
    memory.write(ipa, image);
    return new LoadedImage(
        LoadedImage.Format.RAW,
        ipa,
        List.of(new LoadedImage.Extent(ipa, image.length, image.length)));
  }
}
