package dev.qvm.vdev.pl011;

/**
 * One host end of a pl011, opened from a {@code hostdev} sub-option: a sink for the guest's output,
 * a source of its input, or both. Opened when the vdev is created (so that a file that cannot be
 * created or a port that is taken is a configuration error), its input thread started by {@link
 * Pl011#start()}, closed by {@link Pl011#close()}.
 */
interface HostEndpoint extends AutoCloseable {

  /** Where guest output goes, or null when this end takes no output. */
  ConsoleOutput.Sink output();

  /**
   * Starts the daemon thread that feeds input to {@code receiver}; does nothing when this end takes
   * no input.
   */
  void startInput(RxReceiver receiver);

  /** Stops the input thread and releases what this end owns (qvm's stdin and stdout stay open). */
  @Override
  void close();

  /**
   * The UART's side of a host input: accepts one received character, waiting while the receive FIFO
   * is full, so that nothing typed or piped in is lost.
   */
  @FunctionalInterface
  interface RxReceiver {
    void receiveWaiting(int ch) throws InterruptedException;
  }
}
