package dev.qvm.cli;

import java.io.PrintStream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** The top-level {@code qvm} command: a type-2 hypervisor for AArch64 guests. */
@Command(
    name = "qvm",
    mixinStandardHelpOptions = true,
    versionProvider = Version.class,
    description = {
      "A type-2 hypervisor in pure Java with its own AArch64 interpreter, modelled on the QNX"
          + " Hypervisor. QNX's form 'qvm @board.qvmconf [WORDS...]' means 'qvm run board.qvmconf"
          + " [WORDS...]'."
    },
    subcommands = {RunCommand.class, CheckCommand.class, DtbCommand.class, dev.qvm.cli.bench.BenchCommand.class})
public final class QvmCommand implements Runnable {
  final PrintStream out;
  final PrintStream err;

  @Spec CommandSpec spec;

  QvmCommand(PrintStream out, PrintStream err) {
    this.out = out;
    this.err = err;
  }

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "a subcommand is required (run, check)");
  }
}
