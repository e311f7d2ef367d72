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
    super(location == null ? oneLine(message) : location + ": " + oneLine(message));
    this.location = location;
    this.bareMessage = oneLine(message);
  }

  /**
   * The message with control characters written as escapes (a carriage return as {@code \r}, others as {@code \\uXXXX}): a
   * message quotes the user's words, and a word may hold a carriage return (from a command-line
   * argument or {@code $env{}}) that would otherwise split or overwrite the one error line.
   */
  static String oneLine(String message) {
    if (message == null || message.chars().noneMatch(ConfigException::isControl)) {
      return message;
    }
    StringBuilder sb = new StringBuilder(message.length() + 8);
    for (int i = 0; i < message.length(); i++) {
      char c = message.charAt(i);
      switch (c) {
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        default -> {
          if (isControl(c)) {
            sb.append(String.format("\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    return sb.toString();
  }

  private static boolean isControl(int c) {
    return c < 0x20 || c == 0x7f || c == 0x85 || c == 0x2028 || c == 0x2029;
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
