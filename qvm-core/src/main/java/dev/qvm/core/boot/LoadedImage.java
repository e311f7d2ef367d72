package dev.qvm.core.boot;

import java.util.List;

/**
 * What a loader put into guest memory.
 *
 * @param format how the bytes were read
 * @param entryIpa where a vCPU starting with its MMU off begins executing
 * @param extents the IPA ranges written (including zeroed bss), in load order
 */
public record LoadedImage(Format format, long entryIpa, List<Extent> extents) {

  public LoadedImage {
    extents = List.copyOf(extents);
  }

  /** Image formats qvm recognises. */
  public enum Format {
    /** ELF64, little-endian, EM_AARCH64. */
    ELF,
    /** A Linux arm64 {@code Image} (identified by its header). */
    LINUX_IMAGE,
    /** Bytes copied as they are. */
    RAW
  }

  /**
   * One range of guest memory an image occupies.
   *
   * @param ipa first byte
   * @param fileBytes bytes copied from the file
   * @param memoryBytes bytes occupied: {@code fileBytes} plus the zeroed tail (bss)
   */
  public record Extent(long ipa, long fileBytes, long memoryBytes) {

    /** The first IPA after the extent. */
    public long ipaEnd() {
      return ipa + memoryBytes;
    }
  }

  /** The highest IPA any extent reaches (exclusive), e.g. to place a DTB after the image. */
  public long ipaEnd() {
    return extents.stream().mapToLong(Extent::ipaEnd).max().orElse(entryIpa);
  }
}
