package dev.qvm.core.vdev;

import dev.qvm.core.config.ConfigException;
import dev.qvm.core.config.Location;
import dev.qvm.core.config.SubOption;
import dev.qvm.core.irq.InterruptLine;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.List;

/** What the VM assembler hands a {@link VdevProvider} when it creates a vdev. */
public interface VdevContext {

  /** The instance name (from {@code name}, else the type plus an index). */
  String name();

  /** Where the register window starts in the guest's IPA space. */
  long loc();

  /** The GIC INTID this vdev raises, or -1 when it has none. */
  int intid();

  /** The line to raise; {@link InterruptLine#NONE} when {@link #intid()} is -1. */
  InterruptLine interrupt();

  /** Where {@code vdev TYPE} stands in the config. */
  Location location();

  /** Sub-options beyond {@code loc}, {@code intr} and {@code name}, in file order. */
  List<SubOption> options();

  /** Resolves a path written in the config (relative to the config file's directory). */
  Path resolvePath(String text, Location where) throws ConfigException;

  /** qvm's own standard output: where the guest console goes. Never used for log lines. */
  OutputStream hostStdout();

  /** qvm's own standard input. */
  InputStream hostStdin();
}
