package dev.qvm.cli;

import dev.qvm.core.config.ConfigException;
import dev.qvm.core.config.VmLayout;
import dev.qvm.core.memory.GuestMemoryAllocationException;
import dev.qvm.core.vm.ExitCodes;
import dev.qvm.core.vm.Vm;
import dev.qvm.core.vm.VmAssembler;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code qvm run FILE.qvmconf [OPTION WORDS...]}: boot the VM and run it until the guest stops. */
@Command(
    name = "run",
    mixinStandardHelpOptions = true,
    description = "Assemble the VM a .qvmconf describes and run it until the guest stops.",
    footer = {
      "",
      "Exit codes: 0 guest powered off; a semihosting SYS_EXIT status passes through;",
      "3 power cut (SIGQUIT); 4 watchdog; 5 unsupported operation with 'abort'; 7 internal error;",
      "64 fatal before the guest started (e.g. the host cannot give the guest RAM); 65",
      "configuration error; 97 a vCPU stuck in an exception loop (e.g. no vector table);",
      "124 --timeout expired; 130/143 SIGINT/SIGTERM. SIGUSR1 prints the",
      "state of every vCPU on stderr."
    })
final class RunCommand implements Callable<Integer> {

  /** Stops whose reason qvm prints on stderr: those that the guest did not ask for itself. */
  private static final java.util.Set<Integer> REPORTED_STOPS =
      java.util.Set.of(
          ExitCodes.TIMEOUT, ExitCodes.UNEXPECTED, ExitCodes.WATCHDOG, ExitCodes.POWER_CUT, ExitCodes.EXCEPTION_LOOP,
          ExitCodes.UNSUPPORTED_ABORT,
          ExitCodes.SIGINT, ExitCodes.SIGTERM);

  @ParentCommand QvmCommand parent;

  @Parameters(index = "0", paramLabel = "FILE.qvmconf", description = "The VM configuration.")
  Path file;

  @Parameters(index = "1..*", paramLabel = "WORDS", description = "More .qvmconf option words, read as if at the end of the file (e.g. 'set fdt-dump-file b.dtb dryrun').")
  List<String> words = new ArrayList<>();

  @Option(names = "--semihosting", description = "Enable ARM semihosting (HLT #0xF000), as the config's 'semihosting' does.")
  boolean semihosting;

  @Option(names = "--icount", description = "Deterministic guest time: the generic timer counts instructions retired (1 ns each), and WFI skips to the next timer deadline, so runs of a single-vCPU guest print identical logs (as 'set icount on').")
  boolean icount;

  @Option(names = "--timeout", paramLabel = "DURATION", description = "Stop the VM after DURATION (e.g. 30s, 2m, 500ms) with exit code 124.")
  String timeout;

  @Option(names = "--stats", description = "Print statistics when the VM stops: per-vCPU instructions and MIPS; exits by reason (MMIO per vdev, HVC/PSCI, semihosting, WFI/WFE), guest exceptions by class, TLB hits and misses and code-page lookups, per vCPU and for the VM; interrupts per INTID with assert-to-acknowledge latency.")
  boolean stats;

  @Option(names = "--stats-json", paramLabel = "FILE", description = "Write the same statistics as JSON to FILE.")
  Path statsJson;

  @Option(names = {"-v", "--verbose"}, description = "More log output on stderr (-vv for debug).")
  boolean[] verbose = new boolean[0];

  /** --gdb, --gdb-wait, --trace and its filters (DebugOptions). */
  @picocli.CommandLine.Mixin DebugOptions debug = new DebugOptions();

  @Override
  public Integer call() {
    Logging.setVerbosity(verbose.length);
    Duration limit;
    try {
      limit = timeout == null ? null : Durations.parse(timeout);
    } catch (IllegalArgumentException e) {
      parent.err.println("qvm: --timeout: " + e.getMessage());
      return 2;
    }
    long deadline = limit == null ? 0 : System.nanoTime() + limit.toNanos();
    for (int boot = 0; ; boot++) {
      // A board booted again after a reset gets what is left of --timeout.
      Duration left = limit == null || boot == 0 ? limit : Duration.ofNanos(Math.max(1, deadline - System.nanoTime()));
      Integer code = bootOnce(left);
      if (code != ExitCodes.RESTART) {
        return code;
      }
      // PSCI SYSTEM_RESET under 'set system-reset restart': the board boots again from its
      // config, as after a power cycle (RAM, devices, and flash banks without a file start over).
      parent.err.println("qvm: the guest reset the board (PSCI SYSTEM_RESET): booting it again");
    }
  }

  /** Plans, assembles and runs the board once; returns the exit code or {@link ExitCodes#RESTART}. */
  private Integer bootOnce(Duration limit) {
    Vm vm;
    try {
      VmLayout layout = Board.plan(file, words);
      FileOutputStream stdout = new FileOutputStream(FileDescriptor.out);
      vm = Board.assemble(layout, new VmAssembler.Options(parent.out == System.out ? stdout : parent.out, System.in, semihosting), icount);
      if (layout.config().dryrun()) {
        parent.out.println("Exiting: dryrun completed");
        return 0;
      }
    } catch (ConfigException e) {
      parent.err.println(e.getMessage());
      return ExitCodes.CONFIG_ERROR;
    } catch (GuestMemoryAllocationException e) {
      // A valid config the host cannot give the memory for: not a config mistake (65) but fatal
      // before the guest started (64), one line naming the ram option (docs/isolation.md).
      parent.err.println("qvm: " + e.getMessage());
      return ExitCodes.FATAL_BEFORE_START;
    }
    Vm.StopReason reason;
    DebugAttachment debugging = debug.attach(vm, parent.err);
    if (debugging == null) {
      return 2; // a bad debugging option: the message is printed
    }
    Signals signals = Signals.install(vm, parent.err);
    try {
      reason = vm.run(limit);
      debugging.vmStopped(reason.exitCode());
    } finally {
      signals.close();
    }
    parent.out.flush();
    if (REPORTED_STOPS.contains(reason.exitCode())) {
      parent.err.println("qvm: " + reason.message());
    }
    if (stats) {
      RunStatistics.print(vm, parent.err);
    }
    if (statsJson != null) {
      try {
        RunStatistics.writeJson(vm, reason.message(), reason.exitCode(), statsJson);
      } catch (java.io.IOException e) {
        parent.err.println("qvm: cannot write --stats-json " + statsJson + ": " + e.getMessage());
      }
    }
    return reason.exitCode();
  }
}
