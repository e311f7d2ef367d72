package dev.qvm.core.config;

import java.util.List;
import java.util.Optional;

/**
 * One {@code pass} context: its windows, at most one interrupt, and (qvm) the stub device that
 * plays the host hardware: {@code backend file:PATH} and {@code irq fifo:PATH|unix:PATH}.
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

  /** Where another program raises the pass-through host interrupt (qvm). */
  public record IrqSource(Kind kind, Word path) {

    /** A named pipe or a Unix-domain socket. */
    public enum Kind {
      FIFO,
      UNIX
    }
  }
}
