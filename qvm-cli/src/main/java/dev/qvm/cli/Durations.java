package dev.qvm.cli;

import java.time.Duration;

/** Parses durations as users write them: {@code 500ms}, {@code 30s}, {@code 2m}, {@code 1h}, or plain seconds. */
final class Durations {

  static Duration parse(String text) {
    String t = text.strip().toLowerCase(java.util.Locale.ROOT);
    try {
      if (t.endsWith("ms")) {
        return Duration.ofMillis(Long.parseLong(t.substring(0, t.length() - 2)));
      }
      char unit = t.isEmpty() ? ' ' : t.charAt(t.length() - 1);
      String number = Character.isDigit(unit) ? t : t.substring(0, t.length() - 1);
      double value = Double.parseDouble(number);
      if (value < 0) {
        throw new IllegalArgumentException("negative duration '" + text + "'");
      }
      double seconds =
          switch (unit) {
            case 's' -> value;
            case 'm' -> value * 60;
            case 'h' -> value * 3600;
            default -> {
              if (!Character.isDigit(unit)) {
                throw new IllegalArgumentException("unknown unit in '" + text + "' (use ms, s, m or h)");
              }
              yield value;
            }
          };
      return Duration.ofNanos((long) (seconds * 1e9));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("not a duration: '" + text + "' (e.g. 30s, 2m, 500ms)");
    }
  }

  private Durations() {}
}
