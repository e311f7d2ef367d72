package dev.qvm.cli;

import dev.qvm.core.vm.ExitCodes;
import dev.qvm.core.vm.VirtualCpu;
import dev.qvm.core.vm.Vm;
import java.io.IOException;
import java.io.PrintStream;
import java.lang.reflect.Constructor;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The host signals {@code qvm run} answers while the guest runs (QVMCONF.md "Errors and exit
 * codes", issue 10): SIGINT and SIGTERM stop the VM cleanly with exit code 130 or 143 (the console
 * is flushed and {@code --stats} printed as at any stop), SIGQUIT is QNX's power cut (exit code 3),
 * and SIGUSR1 prints every vCPU's state on stderr while the guest runs on. A second SIGINT or
 * SIGTERM while the VM is already stopping ends the process at once.
 *
 * <p>{@code sun.misc.Signal} (module jdk.unsupported) is reached by reflection: javac flags every
 * direct use of it as "internal proprietary API" with no way to suppress the warning, and the
 * build treats warnings as errors.
 *
 * <p>SIGQUIT is the JVM's own (a thread dump), and {@code sun.misc.Signal} refuses it. HotSpot's attach
 * mechanism offers the one hook: when {@code /tmp/.attach_pid<PID>} exists, a SIGQUIT starts the
 * attach listener, which creates {@code /tmp/.java_pid<PID>}, instead of printing a thread dump. So
 * qvm creates the trigger file and a daemon thread watches for the socket: that is the power cut.
 * With {@code -XX:+DisableAttachMechanism}, or when a tool has already attached, SIGQUIT prints a
 * thread dump instead, and qvm logs that it cannot see it.
 *
 * <p>Handlers run on threads the JVM starts for them; they only ask the VM to stop, so every stop
 * goes through the same path as a guest's own power-off.
 */
final class Signals implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Signals.class);

  /** How often the SIGQUIT watcher looks for the attach listener's socket. */
  private static final long QUIT_POLL_MILLIS = 20;

  private final Vm vm;
  private final PrintStream err;
  private final List<Object> installed = new ArrayList<>();
  private final List<Object> previous = new ArrayList<>();
  private final Path quitTrigger;
  private final Thread quitWatcher;

  private Signals(Vm vm, PrintStream err) {
    this.vm = vm;
    this.err = err;
    handle("INT", () -> stop(ExitCodes.SIGINT, "SIGINT"));
    handle("TERM", () -> stop(ExitCodes.SIGTERM, "SIGTERM"));
    handle("USR1", this::printStatus);
    long pid = ProcessHandle.current().pid();
    Path tmp = Path.of("/tmp");
    Path trigger = tmp.resolve(".attach_pid" + pid);
    Path socket = tmp.resolve(".java_pid" + pid);
    Thread watcher = null;
    try {
      if (!Files.exists(socket)) {
        Files.deleteIfExists(trigger);
        Files.createFile(trigger);
        watcher = Thread.ofPlatform().name("qvm-sigquit").daemon(true).unstarted(() -> watchQuit(socket));
        watcher.start();
      } else {
        trigger = null;
        LOG.warn("SIGQUIT (power cut) is not available: the JVM's attach listener already runs");
      }
    } catch (IOException | UnsupportedOperationException e) {
      trigger = null;
      LOG.warn("SIGQUIT (power cut) is not available: {}", e.toString());
    }
    this.quitTrigger = trigger;
    this.quitWatcher = watcher;
  }

  /** Installs the handlers for {@code vm}; {@link #close()} restores the previous ones. */
  static Signals install(Vm vm, PrintStream err) {
    return new Signals(vm, err);
  }

  private void handle(String name, Runnable action) {
    try {
      Class<?> signalClass = Class.forName("sun.misc.Signal");
      Class<?> handlerClass = Class.forName("sun.misc.SignalHandler");
      Constructor<?> create = signalClass.getConstructor(String.class);
      Method handle = signalClass.getMethod("handle", signalClass, handlerClass);
      Object signal = create.newInstance(name);
      Object handler =
          Proxy.newProxyInstance(
              Signals.class.getClassLoader(),
              new Class<?>[] {handlerClass},
              (proxy, method, args) -> {
                if (method.getName().equals("handle")) {
                  action.run();
                  return null;
                }
                return switch (method.getName()) {
                  case "toString" -> "qvm SIG" + name + " handler";
                  case "hashCode" -> System.identityHashCode(proxy);
                  case "equals" -> proxy == args[0];
                  default -> null;
                };
              });
      previous.add(handle.invoke(null, signal, handler));
      installed.add(signal);
    } catch (InvocationTargetException e) {
      // A JVM started with -Xrs keeps INT and TERM to itself: they then end qvm the JVM's way.
      LOG.warn("SIG{} is not available to qvm: {}", name, e.getCause().getMessage());
    } catch (ReflectiveOperationException | RuntimeException e) {
      LOG.warn("SIG{} is not available to qvm: {}", name, e.toString());
    }
  }

  /** Puts back the handler that was there before {@link #handle}. */
  private static void restore(Object signal, Object handler) {
    try {
      Class<?> signalClass = Class.forName("sun.misc.Signal");
      Class<?> handlerClass = Class.forName("sun.misc.SignalHandler");
      signalClass.getMethod("handle", signalClass, handlerClass).invoke(null, signal, handler);
    } catch (ReflectiveOperationException | RuntimeException e) {
      LOG.debug("cannot restore the handler of {}: {}", signal, e.toString());
    }
  }

  private void stop(int exitCode, String signal) {
    if (vm.stopping()) {
      // The second request: the user insists, or a vCPU does not stop. Flush and go.
      err.println("qvm: " + signal + " again while stopping: exiting now");
      System.out.flush();
      err.flush();
      close();
      Runtime.getRuntime().halt(exitCode);
    }
    vm.requestStop(exitCode, "stopped by " + signal);
  }

  private void watchQuit(Path socket) {
    while (!Thread.currentThread().isInterrupted()) {
      if (Files.exists(socket)) {
        vm.requestStop(ExitCodes.POWER_CUT, "power cut (SIGQUIT)");
        return;
      }
      try {
        Thread.sleep(QUIT_POLL_MILLIS);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  /** SIGUSR1: one line per vCPU, the guest runs on (QNX prints its status the same way). */
  private void printStatus() {
    StringBuilder sb = new StringBuilder();
    sb.append(String.format("qvm: status after %.3f s%n", vm.elapsed().toNanos() / 1e9));
    for (VirtualCpu c : vm.vcpus()) {
      String state = c.describeState();
      if (!state.startsWith("vcpu")) {
        state = "vcpu" + c.index() + " " + state;
      }
      sb.append(String.format("qvm: %s  %,d instructions%n", state, c.instructionsRetired()));
    }
    err.print(sb);
    err.flush();
  }

  @Override
  public void close() {
    for (int i = 0; i < installed.size(); i++) {
      restore(installed.get(i), previous.get(i));
    }
    if (quitWatcher != null) {
      quitWatcher.interrupt();
    }
    if (quitTrigger != null) {
      try {
        Files.deleteIfExists(quitTrigger);
      } catch (IOException e) {
        LOG.debug("cannot remove {}: {}", quitTrigger, e.toString());
      }
    }
  }
}
