package dev.qvm.core.irq;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.ServerSocketChannel;
import java.nio.channels.SocketChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The host side of a pass-through interrupt (QVMCONF.md, {@code irq fifo:PATH | unix:PATH}): qvm
 * has no real hardware, so another program plays the device and raises its interrupt by writing
 * to a named pipe or a Unix-domain socket. Every byte received is one assertion of the host
 * interrupt, handed to the {@link HostInterruptGate}. A FIFO is created if absent and reopened
 * when its writer closes; the socket accepts one writer after another.
 */
public final class HostIrqBackend implements HostIrqSource {
  private static final Logger log = LoggerFactory.getLogger(HostIrqBackend.class);

  /** How the device program reaches qvm. */
  public enum Kind {
    FIFO,
    UNIX
  }

  private final Kind kind;
  private final Path path;
  private final HostInterruptGate gate;
  private volatile boolean closed;
  private ServerSocketChannel server;
  private Thread thread;

  public HostIrqBackend(Kind kind, Path path, HostInterruptGate gate) {
    this.kind = kind;
    this.path = path;
    this.gate = gate;
  }

  /** Creates the FIFO or binds the socket, then starts the reader thread. */
  @Override
  public void start() throws IOException {
    if (kind == Kind.FIFO) {
      if (!Files.exists(path)) {
        mkfifo(path);
      }
    } else {
      Files.deleteIfExists(path);
      server = ServerSocketChannel.open(StandardProtocolFamily.UNIX);
      server.bind(UnixDomainSocketAddress.of(path));
    }
    thread = Thread.ofPlatform().daemon().name("irq-" + gate.intid()).start(this::pump);
  }

  private static void mkfifo(Path path) throws IOException {
    try {
      Process p = new ProcessBuilder("mkfifo", path.toString()).redirectErrorStream(true).start();
      if (p.waitFor() != 0) {
        throw new IOException(new String(p.getInputStream().readAllBytes()).trim());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("interrupted while creating " + path, e);
    }
  }

  private void pump() {
    byte[] buf = new byte[256];
    while (!closed) {
      try {
        if (kind == Kind.FIFO) {
          try (InputStream in = Files.newInputStream(path)) {
            drain(in, buf);
          }
        } else {
          try (SocketChannel ch = server.accept(); InputStream in = java.nio.channels.Channels.newInputStream(ch)) {
            drain(in, buf);
          }
        }
      } catch (IOException e) {
        if (!closed) {
          log.warn("pass-through interrupt {}: {}", path, e.toString());
          return;
        }
      }
    }
  }

  private void drain(InputStream in, byte[] buf) throws IOException {
    int n;
    while (!closed && (n = in.read(buf)) > 0) {
      for (int i = 0; i < n; i++) {
        gate.assertHost();
      }
    }
  }

  @Override
  public void close() {
    closed = true;
    try {
      if (server != null) {
        server.close();
        Files.deleteIfExists(path);
      } else if (thread != null && thread.isAlive()) {
        // A reader blocked in open() of a FIFO waits for a writer: be that writer once, on a
        // thread of its own, since that open blocks in turn if the reader is already gone.
        Thread.ofPlatform().daemon().name("irq-close").start(() -> {
          try (OutputStream out = Files.newOutputStream(path)) {
            out.flush();
          } catch (IOException e) {
            log.debug("unblocking {}: {}", path, e.toString());
          }
        });
      }
    } catch (IOException e) {
      log.debug("closing {}: {}", path, e.toString());
    }
  }
}
