package dev.qvm.core.config;

import java.util.List;
import java.util.Optional;

/**
 * One {@code pass} context: its windows, at most one interrupt, and (qvm) the stub device that
 * plays the host hardware: {@code backend file:PATH} and {@code irq fifo:PATH|unix:PATH|
 * timer:PERIOD_US[,COUNT]}.
 */
public record PassConfig(
    List<PassLoc> windows,
    Optional<PassInterrupt> intr,
    Optional<Word> backendFile,
    Optional<IrqSource> irq,
    Location location) {

  public PassConfig {
    windows = List.copyOf(windows);
  }

  /** What raises the pass-through host interrupt (qvm: there is no real hardware). */
  public sealed interface IrqSource {

    /** Where the {@code irq} sub-option was written. */
    Location location();

    /** Another program raises it through a named pipe or a Unix-domain socket at {@code path}. */
    record Channel(Kind kind, Word path) implements IrqSource {
      @Override
      public Location location() {
        return path.location();
      }
    }

    /**
     * A host thread of qvm raises it every {@code periodMicros}, {@code count} times (0: until
     * the VM stops), as a device with a periodic condition would.
     */
    record Periodic(long periodMicros, long count, Location location) implements IrqSource {}

    /** The kinds of {@link Channel}. */
    enum Kind {
      FIFO,
      UNIX
    }
  }
}
