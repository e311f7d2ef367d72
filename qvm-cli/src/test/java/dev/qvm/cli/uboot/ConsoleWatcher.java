package dev.qvm.cli.uboot;

import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeoutException;

/**
 * qvm's standard output as a test sees it: keeps every byte the guest's console printed and lets
 * the test wait until a text appears after a given position (a prompt, a command's answer).
 */
final class ConsoleWatcher extends OutputStream {
  private final StringBuilder text = new StringBuilder();

  @Override
  public synchronized void write(int b) {
    text.append((char) (b & 0xff));
    notifyAll();
  }

  @Override
  public synchronized void write(byte[] b, int off, int len) {
    text.append(new String(b, off, len, StandardCharsets.ISO_8859_1));
    notifyAll();
  }

  /** Everything printed so far, without carriage returns. */
  synchronized String text() {
    return text.toString().replace("\r", "");
  }

  /** Current length of the output, to wait for something printed after it. */
  synchronized int mark() {
    return text.length();
  }

  /**
   * Waits until {@code wanted} appears at or after {@code from}; returns the index just past it.
   *
   * @throws TimeoutException with everything printed so far when the deadline passes
   */
  synchronized int await(String wanted, int from, long deadlineNanos)
      throws InterruptedException, TimeoutException {
    while (true) {
      int at = text.indexOf(wanted, from);
      if (at >= 0) {
        return at + wanted.length();
      }
      long left = deadlineNanos - System.nanoTime();
      if (left <= 0) {
        throw new TimeoutException("no '" + wanted + "' on the console; it printed:\n" + text());
      }
      wait(Math.max(1, left / 1_000_000));
    }
  }
}
