package dev.qvm.vdev.pl011;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A console of a VM that ended (its reading thread interrupted while it waits for a key) must
 * not take the keys typed afterwards: the next VM's console, reading the same host stream after
 * a reset, gets all of them, in order.
 */
class SharedInputTest {

  @Test
  void anInterruptedConsoleLeavesTheNextKeysToTheNextConsole() throws Exception {
    PipedOutputStream keyboard = new PipedOutputStream();
    PipedInputStream host = new PipedInputStream(keyboard, 1024);

    CompletableFuture<Throwable> firstEnded = new CompletableFuture<>();
    Thread first = Thread.ofPlatform().start(() -> {
      try {
        SharedInput.of(host).read(new byte[16], 0, 16);
        firstEnded.complete(null);
      } catch (Throwable t) {
        firstEnded.complete(t);
      }
    });
    Thread.sleep(100); // the first console now waits for a key
    first.interrupt();
    assertThat(firstEnded.get(5, TimeUnit.SECONDS)).isInstanceOf(InterruptedIOException.class);

    keyboard.write("after reset\n".getBytes(StandardCharsets.US_ASCII));
    keyboard.flush();
    InputStream second = SharedInput.of(host);
    byte[] got = new byte[12];
    int n = 0;
    while (n < got.length) {
      n += second.read(got, n, got.length - n);
    }
    assertThat(new String(got, StandardCharsets.US_ASCII)).isEqualTo("after reset\n");

    keyboard.close();
    assertThat(second.read()).as("end of the host stream").isEqualTo(-1);
  }
}
