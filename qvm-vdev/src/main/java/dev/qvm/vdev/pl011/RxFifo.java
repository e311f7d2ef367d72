package dev.qvm.vdev.pl011;

/**
 * The PL011 receive FIFO (TRM "Functional overview"): 16 entries of 12 bits, each a character in
 * bits [7:0] and its error flags OE, BE, PE, FE in bits [11:8]. With UARTLCR_H.FEN clear it is a
 * one-character holding register (TRM 3.3 UARTLCR_H), which this class models as a depth of 1.
 *
 * <p>Not thread-safe: {@link Pl011} guards it with its lock.
 */
final class RxFifo {
  /** TRM "Functional overview": the receive FIFO is 16 entries deep. */
  static final int FIFO_DEPTH = 16;

  private final int[] entries = new int[FIFO_DEPTH];
  private int readIndex;
  private int count;
  private int depth = 1;

  /** Empties the FIFO and sets its depth: 16 with FIFOs enabled, 1 in character mode. */
  void reset(boolean fifoEnabled) {
    depth = fifoEnabled ? FIFO_DEPTH : 1;
    readIndex = 0;
    count = 0;
  }

  int count() {
    return count;
  }

  int depth() {
    return depth;
  }

  boolean isEmpty() {
    return count == 0;
  }

  boolean isFull() {
    return count == depth;
  }

  /** Appends an entry; the caller checks {@link #isFull()} first (an overrun never stores). */
  void push(int entry) {
    if (isFull()) {
      throw new IllegalStateException("push into a full receive FIFO");
    }
    entries[(readIndex + count) % FIFO_DEPTH] = entry;
    count++;
  }

  /**
   * Removes and returns the oldest entry. When empty it returns the entry last read again, without
   * moving: the TRM leaves such a read's data undefined, and repeating the stale slot is what
   * QEMU's model does.
   */
  int pop() {
    int entry = entries[readIndex];
    if (count > 0) {
      readIndex = (readIndex + 1) % FIFO_DEPTH;
      count--;
    } else {
      entry = entries[(readIndex + FIFO_DEPTH - 1) % FIFO_DEPTH];
    }
    return entry;
  }
}
