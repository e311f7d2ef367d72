package dev.qvm.core.config;

import java.nio.file.Path;

/**
 * Where a word of a {@code .qvmconf} came from, so every error can say {@code FILE:LINE:COL}.
 * Lines and columns count from 1. Words given on the command line have the pseudo-file
 * {@code <command line>}.
 */
public record Location(Path file, int line, int column) {

  @Override
  public String toString() {
    return file + ":" + line + ":" + column;
  }
}
