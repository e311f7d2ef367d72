package dev.qvm.core.memory;

/**
 * The JVM could not give us the direct memory for a RAM or ROM region. Its message is one line a
 * user can act on, e.g. {@code cannot allocate 64G of guest RAM for "ram0": ...}.
 */
public final class GuestMemoryAllocationException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public GuestMemoryAllocationException(String message, Throwable cause) {
    super(message, cause);
  }
}
