package dev.qvm.core.memory;

/**
 * A register window that traps: every guest access to it is an exit to the host, which calls
 * this device. Offsets are relative to the window's base; sizes are 1, 2, 4 or 8 bytes and the
 * value is little-endian, zero-extended to 64 bits.
 *
 * <p>Implementations must be thread-safe: several vCPU threads may access one window.
 */
public interface MmioDevice {

  /** Reads {@code size} bytes at {@code offset}. */
  long read(long offset, int size);

  /** Writes the low {@code size} bytes of {@code value} at {@code offset}. */
  void write(long offset, int size, long value);
}
