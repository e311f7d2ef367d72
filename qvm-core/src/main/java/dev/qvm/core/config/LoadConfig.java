package dev.qvm.core.config;

import java.util.OptionalLong;

/**
 * One {@code [TYPE] load [ADDR,]PATH} line. The path is kept as written; the layout planner
 * resolves it (relative to the config file's directory, QVMCONF.md "Lexical rules").
 */
public record LoadConfig(Type type, OptionalLong ipa, Word path, Location location) {

  /** What the loaded bytes are. */
  public enum Type {
    /** No TYPE: an ELF, a Linux arm64 Image, or raw bytes; it may provide the entry point. */
    IMAGE,
    /** {@code initrd}: the initial ramdisk, described in the device tree. */
    INITRD,
    /** {@code fdt}: a DTB to use instead of the generated one. */
    FDT,
    /** {@code data}: bytes only. */
    DATA;

    /** The word written before {@code load}, or the empty string for {@link #IMAGE}. */
    public String word() {
      return this == IMAGE ? "" : name().toLowerCase(java.util.Locale.ROOT);
    }
  }
}
