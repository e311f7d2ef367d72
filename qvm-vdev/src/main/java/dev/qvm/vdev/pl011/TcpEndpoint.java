package dev.qvm.vdev.pl011;

import dev.qvm.core.config.ConfigException;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code hostdev tcp:PORT} (qvm): a server socket on 127.0.0.1 only (never another interface: the
 * console of a guest is not for the network), serving one client at a time, both ways. A second
 * client is told the UART is busy and disconnected. While no client is connected, output is
 * dropped, as with a serial line nobody listens to; input resumes with the next client.
 */
final class TcpEndpoint implements HostEndpoint {
  private static final Logger LOG = LoggerFactory.getLogger(TcpEndpoint.class);

  private final String name;
  private final ServerSocket server;
  private volatile Socket client;
  private volatile boolean closed;
  private Thread acceptor;

  private TcpEndpoint(String name, ServerSocket server) {
    this.name = name;
    this.server = server;
  }

  /** Binds 127.0.0.1:PORT now, so that a port in use is reported as a configuration error. */
  static TcpEndpoint open(String name, HostdevSpec spec) throws ConfigException {
    ServerSocket server = null;
    try {
      server = new ServerSocket();
      server.setReuseAddress(true);
      server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), spec.port()), 1);
    } catch (IOException e) {
      closeQuietly(server);
      throw new ConfigException(
          spec.location(),
          "hostdev tcp:" + spec.port() + ": cannot listen on 127.0.0.1: " + e.getMessage());
    }
    TcpEndpoint endpoint = new TcpEndpoint(name, server);
    LOG.info("pl011 {}: listening on {}", name, endpoint.address());
    return endpoint;
  }

  /** The bound address and port (the port is useful when the config asked for port 0). */
  InetSocketAddress address() {
    return (InetSocketAddress) server.getLocalSocketAddress();
  }

  @Override
  public ConsoleOutput.Sink output() {
    return new ConsoleOutput.Sink(new ClientOutput(), false);
  }

  @Override
  public void startInput(RxReceiver receiver) {
    if (acceptor != null) {
      return;
    }
    acceptor =
        Thread.ofPlatform()
            .name("pl011-" + name + "-accept")
            .daemon(true)
            .unstarted(() -> acceptClients(receiver));
    acceptor.start();
  }

  private void acceptClients(RxReceiver receiver) {
    while (!closed) {
      Socket socket;
      try {
        socket = server.accept();
      } catch (IOException e) {
        if (!closed) {
          LOG.warn("pl011 {}: accept failed, no more TCP clients: {}", name, e.getMessage());
        }
        return;
      }
      if (client != null) {
        refuse(socket);
        continue;
      }
      client = socket;
      LOG.info("pl011 {}: client {} connected", name, socket.getRemoteSocketAddress());
      InputPump.start(
          "pl011-" + name + "-rx", socket::getInputStream, false, receiver, () -> drop(socket));
    }
  }

  private void refuse(Socket socket) {
    try (socket) {
      socket
          .getOutputStream()
          .write(
              ("qvm: pl011 " + name + " already has a client\r\n")
                  .getBytes(StandardCharsets.US_ASCII));
    } catch (IOException e) {
      LOG.debug("pl011 {}: refusing a second client: {}", name, e.getMessage());
    }
  }

  /** Forgets {@code socket} if it is still the client (it hung up, or a write to it failed). */
  private synchronized void drop(Socket socket) {
    if (client == socket) {
      client = null;
      LOG.info("pl011 {}: client disconnected", name);
    }
    closeQuietly(socket);
  }

  @Override
  public void close() {
    closed = true;
    closeQuietly(server);
    Socket current = client;
    if (current != null) {
      drop(current);
    }
  }

  private static void closeQuietly(AutoCloseable closeable) {
    if (closeable == null) {
      return;
    }
    try {
      closeable.close();
    } catch (Exception e) {
      LOG.debug("closing a pl011 socket: {}", e.getMessage());
    }
  }

  /** Writes to whichever client is connected; never fails, so the sink is never dropped. */
  private final class ClientOutput extends OutputStream {
    @Override
    public void write(int b) {
      write(new byte[] {(byte) b}, 0, 1);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) {
      Socket current = client;
      if (current == null) {
        return;
      }
      try {
        current.getOutputStream().write(bytes, offset, length);
      } catch (IOException e) {
        drop(current);
      }
    }
  }
}
