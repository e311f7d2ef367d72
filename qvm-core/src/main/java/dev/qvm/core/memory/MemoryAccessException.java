package dev.qvm.core.memory;

/**
 * A host-side access (a loader, a test, a vdev doing DMA) touched IPAs that hold no host memory,
 * or ran past the end of a region. A bug or a bad image, never a guest fault: guests see faults
 * through {@link PageMapping}.
 */
public final class MemoryAccessException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public MemoryAccessException(String message) {
    super(message);
  }
}
