package dev.qvm.core.config;

import java.util.List;
import java.util.Set;

/**
 * {@code logger FILTER[,FILTER...] DEST}. The filters add up: each names one level that is shown.
 */
public record LoggerConfig(Set<String> filters, String destination, Location location) {

  /** The level names QNX's logger accepts, most severe first. */
  public static final List<String> LEVELS =
      List.of("fatal", "internal", "error", "warn", "info", "debug", "verbose");

  /** The destinations QNX's logger accepts. */
  public static final List<String> DESTINATIONS = List.of("stdout", "stderr", "none");

  /** {@code fatal,internal,error,warn,info stderr}, when no {@code logger} is written. */
  public static final LoggerConfig DEFAULT =
      new LoggerConfig(Set.of("fatal", "internal", "error", "warn", "info"), "stderr", null);

  public LoggerConfig {
    filters = Set.copyOf(filters);
  }
}
