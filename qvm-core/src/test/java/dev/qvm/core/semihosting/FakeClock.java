package dev.qvm.core.semihosting;

/** A host clock that moves only when a test says so. */
final class FakeClock implements HostClock {
  long nanos = 5_000_000_000L;
  long epochSeconds = 1_700_000_000L;

  @Override
  public long nanoTime() {
    return nanos;
  }

  @Override
  public long epochSeconds() {
    return epochSeconds;
  }
}
