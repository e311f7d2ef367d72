package dev.qvm.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.LoggerContext;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Log set-up: quiet by default (warnings and errors), {@code -v} for info, {@code -vv} for
 * debug. Logs go to stderr (logback.xml); the guest's console owns stdout, so the two never mix.
 */
final class Logging {
  private static final Logger log = LoggerFactory.getLogger("qvm");

  static void setVerbosity(int verbosity) {
    if (LoggerFactory.getILoggerFactory() instanceof LoggerContext ctx) {
      Level level =
          switch (verbosity) {
            case 0 -> Level.WARN;
            case 1 -> Level.INFO;
            default -> Level.DEBUG;
          };
      ctx.getLogger(org.slf4j.Logger.ROOT_LOGGER_NAME).setLevel(level);
    }
  }

  /** The stack trace of an internal error, for {@code -vv}: never shown to a user by default. */
  static void debugStackTrace(Throwable t) {
    log.debug("stack trace", t);
  }

  private Logging() {}
}
