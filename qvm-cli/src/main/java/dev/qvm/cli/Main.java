package dev.qvm.cli;

import dev.qvm.core.vm.ExitCodes;
import java.io.PrintStream;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import picocli.CommandLine;

/**
 * The {@code qvm} command. Besides its subcommands it accepts QNX's own form {@code qvm
 * @board.qvmconf [OPTION WORDS]}, which means {@code qvm run board.qvmconf [OPTION WORDS]}.
 */
public final class Main {

  /** Runs the command and returns its exit code (tests call this instead of {@link #main}). */
  public static int run(String[] args, PrintStream out, PrintStream err) {
    String[] effective = args;
    if (args.length > 0 && args[0].startsWith("@") && args[0].length() > 1) {
      List<String> rewritten = new ArrayList<>();
      rewritten.add("run");
      rewritten.add(args[0].substring(1));
      rewritten.addAll(Arrays.asList(args).subList(1, args.length));
      effective = rewritten.toArray(String[]::new);
    }
    CommandLine cl = new CommandLine(new QvmCommand(out, err));
    cl.setOut(new java.io.PrintWriter(out, true));
    cl.setErr(new java.io.PrintWriter(err, true));
    cl.setExecutionExceptionHandler(
        (e, commandLine, parseResult) -> {
          if (e instanceof dev.qvm.core.memory.GuestMemoryAllocationException) {
            // Issue 10: check/dtb assemble too; the host's shortfall is fatal before start.
            err.println("qvm: " + e.getMessage());
            return ExitCodes.FATAL_BEFORE_START;
          }
          err.println("qvm: internal error: " + e);
          Logging.debugStackTrace(e);
          return ExitCodes.UNEXPECTED;
        });
    cl.setParameterExceptionHandler(
        (e, args1) -> {
          err.println("qvm: " + e.getMessage());
          err.println("Try 'qvm --help'.");
          return 2;
        });
    return cl.execute(effective);
  }

  public static void main(String[] args) {
    int code = run(args, System.out, System.err);
    System.out.flush();
    System.exit(code);
  }

  private Main() {}
}
