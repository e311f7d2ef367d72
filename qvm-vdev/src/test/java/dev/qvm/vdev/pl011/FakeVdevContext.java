package dev.qvm.vdev.pl011;

import dev.qvm.core.config.Location;
import dev.qvm.core.config.SubOption;
import dev.qvm.core.irq.InterruptLine;
import dev.qvm.core.vdev.VdevContext;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** A VM assembler's view of one vdev, for tests: options, captured stdout, a recorded line. */
final class FakeVdevContext implements VdevContext {
  static final Path CONFIG = Path.of("test.qvmconf");

  final RecordingLine line = new RecordingLine();
  final ByteArrayOutputStream stdout = new ByteArrayOutputStream();
  final List<SubOption> options = new ArrayList<>();
  private final Path directory;
  private InputStream stdin = new ByteArrayInputStream(new byte[0]);
  private int nextLine = 2;

  FakeVdevContext(Path directory) {
    this.directory = directory;
  }

  /** Adds {@code NAME ARGS...} as if written on the next line of the config, at column 5. */
  FakeVdevContext option(String name, String... args) {
    options.add(new SubOption(name, Arrays.asList(args), new Location(CONFIG, nextLine++, 5)));
    return this;
  }

  FakeVdevContext stdin(InputStream in) {
    this.stdin = in;
    return this;
  }

  @Override
  public String name() {
    return "uart0";
  }

  @Override
  public long loc() {
    return 0x0900_0000L;
  }

  @Override
  public int intid() {
    return 33;
  }

  @Override
  public InterruptLine interrupt() {
    return line;
  }

  @Override
  public Location location() {
    return new Location(CONFIG, 1, 1);
  }

  @Override
  public List<SubOption> options() {
    return options;
  }

  @Override
  public Path resolvePath(String text, Location where) {
    return directory.resolve(text);
  }

  @Override
  public OutputStream hostStdout() {
    return stdout;
  }

  @Override
  public InputStream hostStdin() {
    return stdin;
  }

  /** A level interrupt line that remembers its level and how often it changed. */
  static final class RecordingLine implements InterruptLine {
    private boolean high;
    private int raises;
    private int lowers;

    @Override
    public synchronized void raise() {
      high = true;
      raises++;
    }

    @Override
    public synchronized void lower() {
      high = false;
      lowers++;
    }

    synchronized boolean high() {
      return high;
    }

    synchronized int raises() {
      return raises;
    }

    synchronized int lowers() {
      return lowers;
    }
  }
}
