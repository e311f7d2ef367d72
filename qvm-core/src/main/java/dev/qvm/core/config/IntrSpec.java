package dev.qvm.core.config;

import java.util.OptionalInt;

/**
 * A vdev's {@code intr PIC:N}, or {@code intr PIC} with no number, which asks for the lowest free
 * SPI (QVMCONF.md "vdev contexts").
 */
public record IntrSpec(String pic, OptionalInt intid, Location location) {

  /** Whether the INTID is left to the layout planner. */
  public boolean automatic() {
    return intid.isEmpty();
  }
}
