package dev.qvm.vdev.pl011;

import dev.qvm.core.config.ConfigException;
import dev.qvm.core.vdev.VdevContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A host end made of plain streams: qvm's stdin/stdout, a file, or a shell command's stdin. Every
 * {@code hostdev} form except {@code tcp:PORT}.
 */
final class StreamEndpoint implements HostEndpoint {
  private static final Logger LOG = LoggerFactory.getLogger(StreamEndpoint.class);

  /** How long {@link #close()} lets a piped command finish writing what it was given. */
  private static final long PIPE_EXIT_WAIT_MS = 2000;

  private final String name;
  private final InputPump.Opener input;
  private final boolean ownsInput;
  private final ConsoleOutput.Sink output;
  private final Process process;
  private Thread pump;

  private StreamEndpoint(
      String name,
      InputPump.Opener input,
      boolean ownsInput,
      ConsoleOutput.Sink output,
      Process process) {
    this.name = name;
    this.input = input;
    this.ownsInput = ownsInput;
    this.output = output;
    this.process = process;
  }

  /** Opens the end {@code spec} describes; {@code spec.form()} must not be TCP. */
  static StreamEndpoint open(HostdevSpec spec, VdevContext context) throws ConfigException {
    return open(spec, context, new ConsoleEscape(context.name()));
  }

  /** Like {@link #open(HostdevSpec, VdevContext)}, with the console escape of the pl011 it serves. */
  static StreamEndpoint open(HostdevSpec spec, VdevContext context, ConsoleEscape escape) throws ConfigException {
    String name = context.name();
    return switch (spec.form()) {
      case STDIO ->
          new StreamEndpoint(
              name, () -> escape.wrap(context.hostStdin()), false, stdout(context), null);
      case STDOUT -> new StreamEndpoint(name, null, false, stdout(context), null);
      case STDIN ->
          new StreamEndpoint(name, () -> escape.wrap(context.hostStdin()), false, null, null);
      case OUTPUT_FILE -> {
        Path path = context.resolvePath(spec.target(), spec.location());
        OutputStream out =
            openOutput(
                spec,
                path,
                StandardOpenOption.CREATE,
                StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE);
        yield new StreamEndpoint(name, null, false, new ConsoleOutput.Sink(out, true), null);
      }
      case INPUT_FILE -> {
        Path path = existing(spec, context);
        yield new StreamEndpoint(name, () -> Files.newInputStream(path), true, null, null);
      }
      case FILE -> {
        Path path = existing(spec, context);
        // Meant for FIFOs and tty devices; on a regular file, output goes after what is there.
        OutputStream out =
            openOutput(spec, path, StandardOpenOption.WRITE, StandardOpenOption.APPEND);
        yield new StreamEndpoint(
            name, () -> Files.newInputStream(path), true, new ConsoleOutput.Sink(out, true), null);
      }
      case PIPE -> {
        Process process = startPipe(spec);
        yield new StreamEndpoint(
            name, null, false, new ConsoleOutput.Sink(process.getOutputStream(), true), process);
      }
      case TCP -> throw new IllegalArgumentException("tcp is a TcpEndpoint");
    };
  }

  private static ConsoleOutput.Sink stdout(VdevContext context) {
    return new ConsoleOutput.Sink(context.hostStdout(), false);
  }

  private static Path existing(HostdevSpec spec, VdevContext context) throws ConfigException {
    Path path = context.resolvePath(spec.target(), spec.location());
    if (!Files.exists(path)) {
      throw new ConfigException(spec.location(), "hostdev: no such file: " + path);
    }
    return path;
  }

  private static OutputStream openOutput(HostdevSpec spec, Path path, StandardOpenOption... options)
      throws ConfigException {
    try {
      return Files.newOutputStream(path, options);
    } catch (NoSuchFileException e) {
      throw new ConfigException(spec.location(), "hostdev: cannot create " + path);
    } catch (IOException e) {
      throw new ConfigException(spec.location(), "hostdev: cannot open " + path + ": " + e);
    }
  }

  private static Process startPipe(HostdevSpec spec) throws ConfigException {
    try {
      return new ProcessBuilder("/bin/sh", "-c", spec.target())
          .redirectOutput(ProcessBuilder.Redirect.INHERIT)
          .redirectError(ProcessBuilder.Redirect.INHERIT)
          .start();
    } catch (IOException e) {
      throw new ConfigException(
          spec.location(), "hostdev: cannot start '" + spec.target() + "': " + e.getMessage());
    }
  }

  @Override
  public ConsoleOutput.Sink output() {
    return output;
  }

  @Override
  public void startInput(RxReceiver receiver) {
    if (input != null && pump == null) {
      pump = InputPump.start("pl011-" + name + "-rx", input, ownsInput, receiver, null);
    }
  }

  @Override
  public void close() {
    if (pump != null) {
      // A read of qvm's stdin cannot be interrupted; the thread is a daemon and dies with qvm.
      pump.interrupt();
    }
    if (process != null) {
      // ConsoleOutput.close() closed the command's stdin; let it finish with what it was sent.
      try {
        if (!process.waitFor(PIPE_EXIT_WAIT_MS, TimeUnit.MILLISECONDS)) {
          LOG.warn("pl011 {}: output command still running after close; leaving it", name);
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
