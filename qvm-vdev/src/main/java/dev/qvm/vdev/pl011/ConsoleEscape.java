package dev.qvm.vdev.pl011;

import dev.qvm.core.vm.VmControl;
import java.io.File;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The interactive console of {@code hostdev -}: puts the host terminal in raw mode while the VM
 * runs (so the guest sees every key, Ctrl-C included, unbuffered and unechoed) and restores it on
 * every way out (close, a signal, a crash: a shutdown hook), and interprets QEMU's escape key
 * Ctrl-A: {@code Ctrl-A x} stops the VM, {@code Ctrl-A h} prints help, {@code Ctrl-A Ctrl-A}
 * sends one Ctrl-A to the guest. Nothing typed is lost: any other byte after Ctrl-A goes to the
 * guest as typed.
 */
final class ConsoleEscape {
  private static final Logger LOG = LoggerFactory.getLogger(ConsoleEscape.class);
  static final int CTRL_A = 0x01;

  private final String name;
  private volatile VmControl vm;
  private volatile String savedTerminal;
  private Thread restoreHook;

  ConsoleEscape(String name) {
    this.name = name;
  }

  /** The VM to stop on Ctrl-A x (VmAware, once the VM exists). */
  void attach(VmControl control) {
    this.vm = control;
  }

  /**
   * Wraps qvm's stdin for a guest console. Raw mode is set only when that stdin is this
   * process's own and a terminal; a file or pipe is passed through untouched, escapes included.
   */
  InputStream wrap(InputStream hostStdin) {
    boolean terminal = hostStdin == System.in && System.console() != null && System.console().isTerminal();
    // qvm's stdin is read through one reader that survives this VM (SharedInput), so that a
    // board booted again after a reset gets every key typed after the old one ended.
    InputStream input = hostStdin == System.in ? SharedInput.of(hostStdin) : hostStdin;
    if (!terminal) {
      return input;
    }
    enterRawMode();
    return new Filter(input);
  }

  private synchronized void enterRawMode() {
    String saved = stty("-g");
    if (saved == null) {
      return;
    }
    if (stty("raw", "-echo") == null) {
      return;
    }
    savedTerminal = saved.strip();
    restoreHook = new Thread(this::restore, "pl011-" + name + "-tty-restore");
    Runtime.getRuntime().addShutdownHook(restoreHook);
    System.err.print("qvm: console on this terminal; Ctrl-A x quits, Ctrl-A h for help\r\n");
  }

  /** Restores the terminal as it was; idempotent. */
  synchronized void restore() {
    String saved = savedTerminal;
    if (saved != null) {
      savedTerminal = null;
      stty(saved);
    }
  }

  /** Restores the terminal and drops the shutdown hook (the VM closes its vdevs). */
  synchronized void close() {
    restore();
    if (restoreHook != null && Thread.currentThread() != restoreHook) {
      try {
        Runtime.getRuntime().removeShutdownHook(restoreHook);
      } catch (IllegalStateException shuttingDown) {
        // already in shutdown: the hook runs (and finds nothing left to restore)
      }
      restoreHook = null;
    }
  }

  /** Runs stty on the controlling terminal; returns its output, or null if it failed. */
  private static String stty(String... args) {
    String[] cmd = new String[args.length + 1];
    cmd[0] = "stty";
    System.arraycopy(args, 0, cmd, 1, args.length);
    try {
      Process p = new ProcessBuilder(cmd).redirectInput(new File("/dev/tty")).redirectError(ProcessBuilder.Redirect.DISCARD).start();
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
      return p.waitFor() == 0 ? out : null;
    } catch (IOException e) {
      LOG.debug("stty {}: {}", String.join(" ", args), e.getMessage());
      return null;
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  /** What happens to the byte after Ctrl-A; returns the bytes the guest receives (0, 1 or 2). */
  int escape(int key, byte[] out) {
    switch (key) {
      case 'x', 'X' -> {
        PrintStream err = System.err;
        err.print("\r\nqvm: terminated by Ctrl-A x\r\n");
        restore();
        VmControl control = vm;
        if (control != null) {
          control.requestStop(0, "Ctrl-A x on the console of " + name);
        }
        return 0;
      }
      case 'h', 'H', '?' -> {
        System.err.print("\r\nqvm console escapes: Ctrl-A x  quit qvm;  Ctrl-A h  this help;  Ctrl-A Ctrl-A  send Ctrl-A\r\n");
        return 0;
      }
      case CTRL_A -> {
        out[0] = CTRL_A;
        return 1;
      }
      default -> {
        out[0] = CTRL_A;
        out[1] = (byte) key;
        return 2;
      }
    }
  }

  /** Interprets Ctrl-A sequences in the byte stream, passing everything else through. */
  final class Filter extends FilterInputStream {
    private final byte[] pending = new byte[2];
    private int pendingCount;
    private int pendingPos;

    Filter(InputStream in) {
      super(in);
    }

    @Override
    public int read() throws IOException {
      while (true) {
        if (pendingPos < pendingCount) {
          return pending[pendingPos++] & 0xff;
        }
        int b = super.read();
        if (b != CTRL_A) {
          return b;
        }
        int key = super.read();
        if (key < 0) {
          return CTRL_A;
        }
        pendingCount = escape(key, pending);
        pendingPos = 0;
      }
    }

    @Override
    public int read(byte[] buf, int off, int len) throws IOException {
      if (len == 0) {
        return 0;
      }
      int b = read();
      if (b < 0) {
        return -1;
      }
      buf[off] = (byte) b;
      return 1; // one at a time: the console is typed, and escapes must be seen in order
    }
  }
}
