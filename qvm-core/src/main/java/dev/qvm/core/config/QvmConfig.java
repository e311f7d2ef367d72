package dev.qvm.core.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * A parsed {@code .qvmconf}: every option as written, in file order, each with its location.
 * Nothing here is placed or checked against anything else yet; {@code VmLayoutPlanner} does
 * that.
 *
 * @param file the config file (paths in it resolve against its directory)
 * @param memory the {@code ram} and {@code rom} lines in file order
 * @param cmdline the guest command line (last {@code cmdline} wins)
 * @param tolerance the timer slack in microseconds, when written
 * @param entry (qvm) where vCPU 0 starts, overriding the loaded image
 */
public record QvmConfig(
    Path file,
    Optional<String> system,
    List<RamConfig> memory,
    List<CpuConfig> cpus,
    List<LoadConfig> loads,
    Optional<String> cmdline,
    List<PassConfig> passes,
    List<ReservedRegion> reservedRegions,
    List<ReservedIntid> reservedIntids,
    List<VdevConfig> vdevs,
    ConfigVariables variables,
    LoggerConfig logger,
    UnsupportedPolicy unsupported,
    OptionalLong tolerance,
    boolean dryrun,
    boolean semihosting,
    PsciConduit psci,
    Optional<EntryPoint> entry) {

  public QvmConfig {
    memory = List.copyOf(memory);
    cpus = List.copyOf(cpus);
    loads = List.copyOf(loads);
    passes = List.copyOf(passes);
    reservedRegions = List.copyOf(reservedRegions);
    reservedIntids = List.copyOf(reservedIntids);
    vdevs = List.copyOf(vdevs);
  }

  /** The VM's name: {@code system}, else the file name without {@code .qvmconf}. */
  public String systemName() {
    return system.orElseGet(
        () -> {
          String n = file.getFileName() == null ? "qvm" : file.getFileName().toString();
          return n.endsWith(".qvmconf") ? n.substring(0, n.length() - ".qvmconf".length()) : n;
        });
  }
}
