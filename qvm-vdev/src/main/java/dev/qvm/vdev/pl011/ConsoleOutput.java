package dev.qvm.vdev.pl011;

import java.io.IOException;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where the characters a guest writes to UARTDR go on the host: one or more sinks (qvm's stdout, a
 * file, a pipe, a TCP client), fed through one buffer.
 *
 * <p>Nothing the guest wrote may be lost or held back for long: the buffer is flushed at every
 * newline, when it fills, on {@link #close()}, and otherwise by a one-shot task on the device's
 * timer at most {@link #FLUSH_DELAY_MS} ms after the first unflushed byte (so a prompt without a
 * newline still appears, and an idle UART costs no wake-ups). A sink that fails (a closed pipe) is
 * dropped with one log line; the others keep receiving output.
 *
 * <p>Thread-safe: vCPU threads write, the timer thread flushes.
 */
final class ConsoleOutput implements AutoCloseable {
  /** Longest time a byte may wait in the buffer. */
  static final long FLUSH_DELAY_MS = 5;

  private static final Logger LOG = LoggerFactory.getLogger(ConsoleOutput.class);
  private static final int BUFFER_SIZE = 8192;

  private final String name;
  private final List<Sink> sinks;
  private final ScheduledExecutorService timer;
  private final byte[] buffer = new byte[BUFFER_SIZE];
  private int used;
  private boolean flushScheduled;

  /**
   * @param name the UART's name, for log lines
   * @param sinks where output goes, in order; {@code closeOnExit} says whether {@link #close()}
   *     closes the stream (qvm's own stdout is only flushed)
   * @param timer runs the delayed flush
   */
  ConsoleOutput(String name, List<Sink> sinks, ScheduledExecutorService timer) {
    this.name = name;
    this.sinks = new ArrayList<>(sinks);
    this.timer = timer;
  }

  /** One host stream and whether closing the UART closes it. */
  record Sink(OutputStream stream, boolean closeOnExit) {}

  /** Queues one transmitted character. */
  synchronized void write(int ch) {
    buffer[used++] = (byte) ch;
    if (ch == '\n' || used == buffer.length) {
      flush();
    } else if (!flushScheduled) {
      flushScheduled = true;
      try {
        timer.schedule(this::flush, FLUSH_DELAY_MS, TimeUnit.MILLISECONDS);
      } catch (java.util.concurrent.RejectedExecutionException closing) {
        // The UART is closing; close() flushes what is left.
        flushScheduled = false;
      }
    }
  }

  /** Writes everything buffered to every sink and flushes them. */
  synchronized void flush() {
    flushScheduled = false;
    if (used == 0) {
      return;
    }
    for (var it = sinks.iterator(); it.hasNext(); ) {
      Sink sink = it.next();
      try {
        sink.stream().write(buffer, 0, used);
        sink.stream().flush();
      } catch (IOException e) {
        LOG.warn("pl011 {}: output stopped: {}", name, e.getMessage());
        it.remove();
      }
    }
    used = 0;
  }

  /** Flushes, then closes the sinks the UART owns. */
  @Override
  public synchronized void close() {
    flush();
    for (Sink sink : sinks) {
      if (sink.closeOnExit()) {
        try {
          sink.stream().close();
        } catch (IOException e) {
          LOG.debug("pl011 {}: closing output: {}", name, e.getMessage());
        }
      }
    }
    sinks.clear();
  }
}
