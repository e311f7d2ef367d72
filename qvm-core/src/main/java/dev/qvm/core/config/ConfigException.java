package dev.qvm.core.config;

/**
 * A configuration error: one line, {@code FILE:LINE:COL: message}, reported before anything runs
 * (exit code 65, as QNX's qvm).
 */
public final class ConfigException extends Exception {
  private static final long serialVersionUID = 1L;

  private final transient Location location;
  private final String bareMessage;

  public ConfigException(Location location, String message) {
    super(location == null ? message : location + ": " + message);
    this.location = location;
    this.bareMessage = message;
  }

  /** Where the error is, or null if it belongs to no single place. */
  public Location location() {
    return location;
  }

  /** The message without its location prefix. */
  public String bareMessage() {
    return bareMessage;
  }
}
