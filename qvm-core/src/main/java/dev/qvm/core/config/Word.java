package dev.qvm.core.config;

import java.nio.file.Path;

/**
 * One word of a {@code .qvmconf} after lexing: its text (quotes removed, {@code $env{}}
 * substituted) and where its first character stands, so that errors about any part of it can
 * point at the right column.
 */
public record Word(String text, Location location) {

  /** The pseudo-file of words given on the command line after the config file. */
  public static final Path COMMAND_LINE = Path.of("<command line>");

  /**
   * The location of the character at {@code offset} in {@link #text()}. Exact for plain words;
   * for a word that was quoted or had {@code $env{}} substituted it is the best guess.
   */
  public Location at(int offset) {
    return new Location(location.file(), location.line(), location.column() + offset);
  }

  /** Whether this word was given on the command line rather than in the file. */
  public boolean fromCommandLine() {
    return COMMAND_LINE.equals(location.file());
  }

  @Override
  public String toString() {
    return text;
  }
}
