package dev.qvm.vdev.cfiflash;

import dev.qvm.core.config.Location;
import dev.qvm.core.config.SubOption;
import dev.qvm.core.irq.InterruptLine;
import dev.qvm.core.vdev.VdevContext;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The VM assembler's view of one {@code vdev cfi-flash} at 0x04000000, for tests. */
final class FlashContext implements VdevContext {
  static final Path CONFIG = Path.of("flash.qvmconf");

  private final Path directory;
  private final List<SubOption> options = new ArrayList<>();
  private int nextLine = 2;
  private long loc = 0x0400_0000L;

  FlashContext(Path directory) {
    this.directory = directory;
  }

  /** Adds {@code NAME ARGS...} as if written on the next line of the config, at column 5. */
  FlashContext option(String name, String... args) {
    options.add(new SubOption(name, Arrays.asList(args), new Location(CONFIG, nextLine++, 5)));
    return this;
  }

  @Override
  public String name() {
    return "flash1";
  }

  /** Moves the bank's window (default 0x04000000). */
  FlashContext at(long ipa) {
    this.loc = ipa;
    return this;
  }

  @Override
  public long loc() {
    return loc;
  }

  @Override
  public int intid() {
    return -1;
  }

  @Override
  public InterruptLine interrupt() {
    return InterruptLine.NONE;
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
    return OutputStream.nullOutputStream();
  }

  @Override
  public InputStream hostStdin() {
    return new ByteArrayInputStream(new byte[0]);
  }
}
