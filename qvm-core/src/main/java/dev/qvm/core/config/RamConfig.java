package dev.qvm.core.config;

import java.util.OptionalLong;

/**
 * One {@code ram [ADDR,]SIZE} or {@code rom [ADDR,]SIZE} line. Without ADDR the layout planner
 * places the region after the highest RAM/ROM written before it.
 */
public record RamConfig(Kind kind, OptionalLong ipa, long size, Location location) {

  /** RAM is read-write to the guest; ROM is read-only to it and filled by {@code load}. */
  public enum Kind {
    RAM,
    ROM;

    /** The option word, {@code ram} or {@code rom}. */
    public String word() {
      return name().toLowerCase(java.util.Locale.ROOT);
    }
  }
}
