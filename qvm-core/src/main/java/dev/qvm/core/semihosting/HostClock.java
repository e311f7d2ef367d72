package dev.qvm.core.semihosting;

/** The host clocks semihosting reads; tests substitute their own. */
public interface HostClock {

  /** A monotonic clock in nanoseconds, as {@link System#nanoTime()}. */
  long nanoTime();

  /** Seconds since 1970-01-01T00:00:00Z. */
  long epochSeconds();

  /** The host's real clocks. */
  HostClock SYSTEM =
      new HostClock() {
        @Override
        public long nanoTime() {
          return System.nanoTime();
        }

        @Override
        public long epochSeconds() {
          return System.currentTimeMillis() / 1000;
        }
      };
}
