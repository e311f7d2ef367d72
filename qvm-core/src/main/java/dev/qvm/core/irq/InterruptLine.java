package dev.qvm.core.irq;

/**
 * One interrupt wire from a source (a vdev, a pass-through host line, a timer) into the
 * interrupt controller. Level sources call {@link #raise} and {@link #lower}; edge sources call
 * {@link #pulse}. Thread-safe.
 */
public interface InterruptLine {

  void raise();

  void lower();

  /** An edge: the controller latches it pending. */
  default void pulse() {
    raise();
    lower();
  }

  /** A line connected to nothing (a vdev whose interrupt the board does not wire). */
  InterruptLine NONE =
      new InterruptLine() {
        @Override
        public void raise() {}

        @Override
        public void lower() {}
      };
}
