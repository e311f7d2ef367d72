package dev.qvm.core.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The VM a config describes, placed and checked: the memory map, the vCPUs, the GIC, the vdevs
 * with their windows and INTIDs, the loads with their files found. Everything the VM assembler
 * needs, and everything {@code qvm check} prints. Produced by {@link VmLayoutPlanner}.
 *
 * @param memoryMap every region of the IPA space, ordered by address; no two overlap
 * @param vdevs the vdevs other than the GIC, in file order
 * @param acceptedHints one line per option that is accepted and has no effect in qvm (host
 *     scheduling hints), for {@code qvm check} to report
 */
public record VmLayout(
    QvmConfig config,
    ConfigPaths paths,
    List<MemoryMapEntry> memoryMap,
    List<VcpuLayout> vcpus,
    GicLayout gic,
    List<VdevLayout> vdevs,
    List<LoadLayout> loads,
    List<String> acceptedHints) {

  public VmLayout {
    memoryMap = List.copyOf(memoryMap);
    vcpus = List.copyOf(vcpus);
    vdevs = List.copyOf(vdevs);
    loads = List.copyOf(loads);
    acceptedHints = List.copyOf(acceptedHints);
  }

  /** The VM's name ({@code system}, else the config file's name). */
  public String name() {
    return config.systemName();
  }

  /** The RAM and ROM regions, by address. */
  public List<MemoryMapEntry> ramRegions() {
    return memoryMap.stream()
        .filter(e -> e.kind() == MemoryMapEntry.Kind.RAM || e.kind() == MemoryMapEntry.Kind.ROM)
        .toList();
  }

  /** The pass-through contexts as written (their windows are in {@link #memoryMap()}). */
  public List<PassConfig> passes() {
    return config.passes();
  }

  /** The {@code set} variables, defaults filled in. */
  public ConfigVariables variables() {
    return config.variables();
  }

  /** Where {@code set fdt-dump-file} asks the DTB to go, resolved. */
  public Optional<Path> fdtDumpPath() {
    return config.variables().fdtDumpFile().map(paths::resolve);
  }

  /**
   * Every INTID claimed by a vdev or a pass-through interrupt, with its owner as {@code qvm check}
   * prints it ({@code "vdev pl011-0 (automatic)"}), by INTID.
   */
  public SortedMap<Integer, String> interruptMap() {
    SortedMap<Integer, String> m = new TreeMap<>();
    for (VdevLayout v : vdevs) {
      if (v.intid() >= 0) {
        m.put(v.intid(), "vdev " + v.name() + (v.intidAutomatic() ? " (automatic)" : ""));
      }
    }
    for (PassConfig p : config.passes()) {
      p.intr().ifPresent(i -> m.put(i.intid(), "pass at " + p.location()));
    }
    return m;
  }

  /** The config variables as {@code name -> value}, for listing. */
  public Map<String, String> variableMap() {
    return config.variables().asMap();
  }
}
