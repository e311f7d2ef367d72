package dev.qvm.vdev.pl011;

import java.io.IOException;
import java.io.InputStream;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The daemon thread that moves bytes from one host input stream into a UART's receive FIFO. It
 * blocks in {@link HostEndpoint.RxReceiver#receiveWaiting} while the FIFO is full: the host side is
 * flow-controlled, unlike a real serial line, so nothing is dropped.
 */
final class InputPump {
  private static final Logger LOG = LoggerFactory.getLogger(InputPump.class);

  /** Opens the stream inside the thread, because opening a FIFO blocks until a writer comes. */
  @FunctionalInterface
  interface Opener {
    InputStream open() throws IOException;
  }

  private InputPump() {}

  /**
   * Starts a daemon thread named {@code threadName} that reads until end of stream, an error, or an
   * interrupt.
   *
   * @param closeAtEnd whether the thread closes the stream when it stops (not qvm's stdin)
   * @param atEnd run when the thread stops, e.g. to drop a TCP client; may be null
   */
  static Thread start(
      String threadName,
      Opener opener,
      boolean closeAtEnd,
      HostEndpoint.RxReceiver receiver,
      Runnable atEnd) {
    Thread thread =
        Thread.ofPlatform()
            .name(threadName)
            .daemon(true)
            .unstarted(() -> pump(threadName, opener, closeAtEnd, receiver, atEnd));
    thread.start();
    return thread;
  }

  private static void pump(
      String threadName,
      Opener opener,
      boolean closeAtEnd,
      HostEndpoint.RxReceiver receiver,
      Runnable atEnd) {
    InputStream in = null;
    try {
      in = opener.open();
      byte[] chunk = new byte[256];
      int n;
      while (!Thread.currentThread().isInterrupted() && (n = in.read(chunk)) > 0) {
        for (int i = 0; i < n; i++) {
          receiver.receiveWaiting(chunk[i] & 0xff);
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (IOException e) {
      if (!Thread.currentThread().isInterrupted()) {
        LOG.debug("{}: input stopped: {}", threadName, e.getMessage());
      }
    } finally {
      if (closeAtEnd && in != null) {
        try {
          in.close();
        } catch (IOException e) {
          LOG.debug("{}: closing input: {}", threadName, e.getMessage());
        }
      }
      if (atEnd != null) {
        atEnd.run();
      }
    }
  }
}
