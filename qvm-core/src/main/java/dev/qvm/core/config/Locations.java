package dev.qvm.core.config;

import java.util.Comparator;

/** Orders locations as the parser read them: the file top to bottom, then the command line. */
final class Locations {

  private Locations() {}

  /** Earlier first; a null location (something implicit) comes before everything written. */
  static final Comparator<Location> READING_ORDER =
      Comparator.nullsFirst(
          Comparator.comparing((Location l) -> Word.COMMAND_LINE.equals(l.file()))
              .thenComparingInt(Location::line)
              .thenComparingInt(Location::column));

  static boolean before(Location a, Location b) {
    return READING_ORDER.compare(a, b) < 0;
  }
}
