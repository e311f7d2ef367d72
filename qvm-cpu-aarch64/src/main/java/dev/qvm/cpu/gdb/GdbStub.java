package dev.qvm.cpu.gdb;

import java.io.IOException;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

/**
 * The GDB remote stub of a VM ({@code qvm run --gdb PORT}): listens on 127.0.0.1 only (a debugger
 * can read and write all of the guest), serves one GDB at a time on a daemon thread, and turns
 * its packets into {@link GdbSession} actions. All-stop mode: the target is halted while GDB
 * talks to it, and runs between a resume packet and the stop reply. A new connection halts a
 * running target, as attaching does with QEMU's {@code -s}.
 */
public final class GdbStub implements AutoCloseable {

  /** How often a running target's stop and GDB's Ctrl-C are polled for. */
  private static final int POLL_MILLIS = 20;

  private final GdbSession session;
  private final ServerSocket server;
  private final PrintStream log;
  private final Thread thread;
  private volatile Socket current;
  private volatile boolean closed;

  private GdbStub(GdbSession session, ServerSocket server, PrintStream log) {
    this.session = session;
    this.server = server;
    this.log = log;
    this.thread = Thread.ofPlatform().daemon().name("gdb-stub").unstarted(this::serve);
  }

  /**
   * Listens on 127.0.0.1:{@code port} (0 picks a free port) and starts serving.
   *
   * @param log where connection events are reported (qvm's stderr)
   */
  public static GdbStub start(GdbSession session, int port, PrintStream log) throws IOException {
    ServerSocket server = new ServerSocket();
    server.setReuseAddress(true);
    server.bind(new InetSocketAddress(InetAddress.getLoopbackAddress(), port));
    GdbStub stub = new GdbStub(session, server, log);
    stub.thread.start();
    return stub;
  }

  /** The port listened on. */
  public int port() {
    return server.getLocalPort();
  }

  private void serve() {
    while (!closed) {
      try (Socket socket = server.accept()) {
        current = socket;
        log.println("qvm: gdb connected from " + socket.getRemoteSocketAddress());
        boolean keepServing = converse(new RspConnection(socket));
        if (!keepServing) {
          return;
        }
      } catch (IOException e) {
        if (!closed) {
          log.println("qvm: gdb connection failed: " + e.getMessage());
        }
      } finally {
        current = null;
      }
    }
  }

  /** One GDB session; returns false when the stub should stop serving (the VM is gone). */
  private boolean converse(RspConnection conn) throws IOException {
    GdbCommands commands = new GdbCommands(session);
    session.interrupt(GdbSession.SIGTRAP); // attaching stops the target
    while (true) {
      String packet = conn.readPacket();
      if (packet == null) {
        // GDB went away without D: let the guest run on, as after a detach.
        detach();
        return !session.stopping();
      }
      if (packet.equals(RspConnection.INTERRUPT)) {
        continue; // already halted
      }
      if (packet.startsWith("?") || packet.startsWith("vCont") || packet.startsWith("c") || packet.startsWith("s")
          || packet.startsWith("C") || packet.startsWith("S")) {
        // These report a stop: first make sure the target has halted (or the VM ended).
        if (!packet.startsWith("?") && !packet.startsWith("vCont?") && !awaitHalted(conn, commands)) {
          return false;
        }
      }
      String reply;
      if (packet.startsWith("?")) {
        if (!awaitHalted(conn, commands)) {
          return false;
        }
        reply = commands.stopReply(lastStop);
      } else {
        reply = commands.handle(packet);
      }
      if (reply == GdbCommands.RESUMED) {
        if (!awaitStop(conn, commands)) {
          return false;
        }
        continue;
      }
      if (reply == GdbCommands.DETACH) {
        conn.send("OK");
        detach();
        return true;
      }
      if (reply == GdbCommands.KILL) {
        session.kill();
        return false;
      }
      if (reply == GdbCommands.NO_ACK) {
        conn.send("OK");
        conn.disableAcks();
        continue;
      }
      conn.send(reply);
    }
  }

  private GdbSession.StopEvent lastStop;

  /**
   * Waits until the whole target is halted, remembering the stop; false when the VM ended first
   * (then the exit was reported to GDB).
   */
  private boolean awaitHalted(RspConnection conn, GdbCommands commands) throws IOException {
    try {
      while (true) {
        GdbSession.StopEvent event = session.awaitStop(POLL_MILLIS);
        if (event != null) {
          lastStop = event;
          commands.selectStopped(event.vcpu());
          return true;
        }
        if (session.stopping()) {
          reportExit(conn);
          return false;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** After a resume: waits for the stop (or the VM's end), forwarding GDB's Ctrl-C. */
  private boolean awaitStop(RspConnection conn, GdbCommands commands) throws IOException {
    try {
      while (true) {
        GdbSession.StopEvent event = session.awaitStop(POLL_MILLIS);
        if (event != null) {
          lastStop = event;
          commands.selectStopped(event.vcpu());
          conn.send(commands.stopReply(event));
          return true;
        }
        if (session.stopping()) {
          reportExit(conn);
          return false;
        }
        int c = conn.poll(1);
        if (c == 0x03) {
          session.interrupt(GdbSession.SIGINT);
        } else if (c == -2) {
          detach();
          return false;
        }
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return false;
    }
  }

  /** {@code W}: the process (the VM) exited with its exit code (E.3). */
  private void reportExit(RspConnection conn) throws IOException {
    Integer code;
    try {
      code = session.awaitExitCode(10_000);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      code = null;
    }
    conn.send(String.format("W%02x", code == null ? 0 : code & 0xff));
  }

  private void detach() {
    session.clearAll();
    int[] actions = new int[session.vcpuCount()];
    session.resume(actions); // CONTINUE for all
    lastStop = null;
  }

  /**
   * The VM stopped with {@code exitCode} (once {@code Vm.run} returned): a connected GDB is told
   * ({@code W}), given up to {@code millis} to take it, and the stub closes.
   */
  public void finish(int exitCode, long millis) {
    session.vmStopped(exitCode);
    if (current != null) {
      try {
        thread.join(millis);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    close();
  }

  @Override
  public void close() {
    closed = true;
    try {
      server.close();
      Socket s = current;
      if (s != null) {
        s.close();
      }
    } catch (IOException e) {
      // closing: nothing left to tell anyone
    }
  }
}
