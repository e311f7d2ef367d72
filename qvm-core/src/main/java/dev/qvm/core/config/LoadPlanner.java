package dev.qvm.core.config;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * Checks each {@code load} against the planned memory (QVMCONF.md "Top-level options"): the file
 * exists; an address lies in a {@code ram} or {@code rom} written before the load (the order
 * rule); bytes copied as they are (raw images, {@code initrd}, {@code fdt}, {@code data}) fit in
 * that region. ELF and Linux {@code Image} files are placed by their headers, which the boot
 * loaders check.
 */
final class LoadPlanner {

  /** ELF identification: EI_MAG0..3 (System V ABI, ELF header). */
  private static final byte[] ELF_MAGIC = {0x7f, 'E', 'L', 'F'};

  /** Linux arm64 boot protocol: the Image header holds "ARM\x64" at offset 56. */
  private static final byte[] IMAGE_MAGIC = {'A', 'R', 'M', 0x64};

  private static final int IMAGE_MAGIC_OFFSET = 56;

  private LoadPlanner() {}

  static LoadLayout plan(LoadConfig load, ConfigPaths paths, List<MemoryMapEntry> ram)
      throws ConfigException {
    Path path = paths.resolveExisting(load.path());
    boolean placedByHeader =
        load.type() == LoadConfig.Type.IMAGE && (isElf(path) || isLinuxImage(path));
    if (load.ipa().isEmpty()) {
      if (load.type() == LoadConfig.Type.DATA
          || (load.type() == LoadConfig.Type.IMAGE && !placedByHeader)) {
        throw new ConfigException(
            load.location(),
            load.path().text() + " is neither ELF nor a Linux Image, so it needs an address: "
                + (load.type().word() + " load").trim() + " ADDR," + load.path().text());
      }
      return new LoadLayout(load.type(), load.ipa(), path, load.location());
    }
    long ipa = load.ipa().getAsLong();
    MemoryMapEntry region = containing(ram, ipa).orElseThrow(() -> new ConfigException(
        load.location(), "load address 0x" + Long.toHexString(ipa) + " is in no ram or rom"));
    if (Locations.before(load.location(), region.location())) {
      throw new ConfigException(
          load.location(),
          "load into " + region.describe() + ", which is written later at " + region.location()
              + "; ram and rom must come before a load that uses them");
    }
    if (!placedByHeader) {
      long size = sizeOf(path, load);
      long room = region.end() - ipa;
      if (Long.compareUnsigned(size, room) > 0) {
        throw new ConfigException(
            load.location(),
            load.path().text() + " (" + size + " bytes) does not fit in " + region.describe()
                + " from 0x" + Long.toHexString(ipa) + " (" + room + " bytes)");
      }
    }
    return new LoadLayout(load.type(), load.ipa(), path, load.location());
  }

  private static Optional<MemoryMapEntry> containing(List<MemoryMapEntry> regions, long ipa) {
    return regions.stream().filter(r -> r.overlaps(ipa, 1)).findFirst();
  }

  private static long sizeOf(Path path, LoadConfig load) throws ConfigException {
    try {
      return Files.size(path);
    } catch (IOException e) {
      throw new ConfigException(load.location(), "cannot read " + path + ": " + e.getMessage());
    }
  }

  static boolean isElf(Path path) {
    return hasBytesAt(path, 0, ELF_MAGIC);
  }

  static boolean isLinuxImage(Path path) {
    return hasBytesAt(path, IMAGE_MAGIC_OFFSET, IMAGE_MAGIC);
  }

  private static boolean hasBytesAt(Path path, int offset, byte[] expected) {
    try (InputStream in = Files.newInputStream(path)) {
      byte[] head = in.readNBytes(offset + expected.length);
      if (head.length < offset + expected.length) {
        return false;
      }
      for (int i = 0; i < expected.length; i++) {
        if (head[offset + i] != expected[i]) {
          return false;
        }
      }
      return true;
    } catch (IOException e) {
      return false; // unreadable files are reported where their size is taken
    }
  }
}
