package dev.qvm.core.config;

import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Resolves paths written in a config (QVMCONF.md "Lexical rules"): relative to the directory of
 * the config file (qvm), or to the working directory for words given on the command line. QNX
 * resolves against the working directory, so an input file found only there is accepted with a
 * warning.
 */
public record ConfigPaths(Path configDirectory, Path workingDirectory) {

  private static final Logger LOG = LoggerFactory.getLogger(ConfigPaths.class);

  /** Paths for {@code configFile}, with the process's working directory. */
  public static ConfigPaths forConfig(Path configFile) {
    Path dir = configFile.toAbsolutePath().getParent();
    return new ConfigPaths(dir, Path.of("").toAbsolutePath());
  }

  /** Where {@code text} written at {@code where} points; the file need not exist. */
  public Path resolve(String text, Location where) {
    Path base =
        where != null && Word.COMMAND_LINE.equals(where.file())
            ? workingDirectory
            : configDirectory;
    return base.resolve(text).normalize();
  }

  /**
   * Like {@link #resolve(String, Location)}, with a text the host's file system cannot take as a
   * path (a character the platform encoding cannot map, e.g. non-ASCII under the POSIX locale) as
   * a located error instead of an {@link InvalidPathException}.
   */
  public Path resolveChecked(String text, Location where) throws ConfigException {
    try {
      return resolve(text, where);
    } catch (InvalidPathException e) {
      throw new ConfigException(where, "'" + text + "' is not a usable path here: " + e.getReason());
    }
  }

  /** Like {@link #resolveChecked(String, Location)} for a word. */
  public Path resolveChecked(Word word) throws ConfigException {
    return resolveChecked(word.text(), word.location());
  }

  /** Like {@link #resolve(String, Location)} for a word. */
  public Path resolve(Word word) {
    return resolve(word.text(), word.location());
  }

  /** A file that must exist (an input such as a {@code load} image). */
  public Path resolveExisting(Word word) throws ConfigException {
    Path p = resolveChecked(word);
    if (Files.isRegularFile(p)) {
      return p;
    }
    Path inWorkingDir = workingDirectory.resolve(word.text()).normalize();
    if (!Path.of(word.text()).isAbsolute() && Files.isRegularFile(inWorkingDir)) {
      LOG.warn(
          "{}: {} is not in {} but in the working directory; qvm resolves paths against the"
              + " config file's directory",
          word.location(), word.text(), configDirectory);
      return inWorkingDir;
    }
    if (Files.isDirectory(p)) {
      throw new ConfigException(word.location(), p + " is a directory, not a file");
    }
    throw new ConfigException(word.location(), "file not found: " + p);
  }
}
