package dev.qvm.vdev.pl011;

import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One reader per host input stream that outlives the VMs reading it: qvm's stdin when a board
 * boots again after PSCI SYSTEM_RESET. A read of the host stream itself cannot be interrupted,
 * so a console whose VM has ended would stay blocked in it and swallow the next key typed for
 * the new VM. Here a daemon thread does the blocking read and queues what it gets; a console
 * takes from the queue, which an interrupt does end, leaving the bytes for the next console.
 */
final class SharedInput {

  private static final Map<InputStream, SharedInput> READERS = new ConcurrentHashMap<>();

  /** End of the host stream, as queued. */
  private static final byte[] EOF = new byte[0];

  private final BlockingQueue<byte[]> chunks = new ArrayBlockingQueue<>(64);
  private byte[] current = new byte[0];
  private int position;
  private boolean ended;

  private SharedInput(InputStream host) {
    Thread.ofPlatform().name("qvm-stdin").daemon(true).start(() -> pump(host));
  }

  /** The shared reader of {@code host}, started on first use. */
  static InputStream of(InputStream host) {
    SharedInput shared = READERS.computeIfAbsent(host, SharedInput::new);
    return shared.stream();
  }

  private void pump(InputStream host) {
    byte[] buffer = new byte[256];
    try {
      int n;
      while ((n = host.read(buffer)) >= 0) {
        if (n > 0) {
          chunks.put(java.util.Arrays.copyOf(buffer, n)); // blocks while the guest is slow: flow control
        }
      }
    } catch (IOException | InterruptedException e) {
      // the host stream failed or the process is ending: report the end
    } finally {
      READERS.remove(host, this);
      chunks.offer(EOF);
    }
  }

  private InputStream stream() {
    return new InputStream() {
      @Override
      public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
      }

      @Override
      public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
          return 0;
        }
        synchronized (SharedInput.this) {
          if (ended) {
            return -1;
          }
          if (position == current.length) {
            try {
              current = chunks.take(); // an interrupt (the console closing) ends the wait
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
              throw new InterruptedIOException("console closed");
            }
            position = 0;
            if (current == EOF) {
              ended = true;
              return -1;
            }
          }
          int n = Math.min(len, current.length - position);
          System.arraycopy(current, position, b, off, n);
          position += n;
          return n;
        }
      }
    };
  }
}
