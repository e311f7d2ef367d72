package dev.qvm.core.config;

import dev.qvm.core.vdev.VdevProvider;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Turns a {@link QvmConfig} into a {@link VmLayout}: places what the config leaves unplaced
 * (address-less RAM, the implicit GIC, windows without {@code loc}, interrupts without {@code
 * intr}) and checks what options say about each other (QVMCONF.md "Errors and exit codes"):
 * overlapping regions, regions outside the IPA space, duplicate INTIDs, unknown PICs and vdev
 * types and sub-options, missing files, images that do not fit, the order rules.
 */
public final class VmLayoutPlanner {

  /** The built-in interrupt controller's vdev type. */
  public static final String GIC_TYPE = "gic";

  /** The stage-2 input address size qvm gives every guest: 40 bits, 1 TiB (VTCR_EL2.T0SZ 24). */
  public static final int IPA_BITS = 40;

  /** QEMU virt's RAM base: where address-less RAM goes when none precedes it. */
  public static final long DEFAULT_RAM_IPA = 0x4000_0000L;

  /** QEMU virt's device area, where vdev windows without {@code loc} are placed. */
  static final long DEVICE_AREA_START = 0x0900_0000L;

  static final long DEVICE_AREA_END = 0x4000_0000L;

  /** Stage 2 maps RAM in 4 KiB granules. */
  static final long GRANULE = 0x1000;

  private static final Set<String> GIC_OPTIONS = Set.of("version", "redist", "spis");

  /** Host-scheduling sub-options QNX puts in vdev contexts: accepted and reported. */
  private static final Set<String> HOST_HINTS = Set.of("sched");

  private final QvmConfig config;
  private final Function<String, Optional<VdevProvider>> providers;
  private final ConfigPaths paths;
  private final List<MemoryMapEntry> regions = new ArrayList<>();
  private final List<String> hints = new ArrayList<>();

  private VmLayoutPlanner(
      QvmConfig config, Function<String, Optional<VdevProvider>> providers, ConfigPaths paths) {
    this.config = config;
    this.providers = providers;
    this.paths = paths;
  }

  /**
   * Plans {@code config}, finding vdev types with {@code providers} (normally {@link
   * VdevCatalog#fromServiceLoader()}; a {@link VdevCatalog} also lets errors list the known
   * types). Relative paths resolve against the config file's directory.
   */
  public static VmLayout plan(
      QvmConfig config, Function<String, Optional<VdevProvider>> providers)
      throws ConfigException {
    return plan(config, providers, ConfigPaths.forConfig(config.file()));
  }

  /** Like {@link #plan(QvmConfig, Function)} with explicit path resolution. */
  public static VmLayout plan(
      QvmConfig config, Function<String, Optional<VdevProvider>> providers, ConfigPaths paths)
      throws ConfigException {
    return new VmLayoutPlanner(config, providers, paths).run();
  }

  private VmLayout run() throws ConfigException {
    List<VcpuLayout> vcpus = vcpus();
    placeMemory();
    GicLayout gic = gic(vcpus.size());
    regions.add(new MemoryMapEntry(MemoryMapEntry.Kind.GIC_DISTRIBUTOR, gic.name(),
        gic.distributorIpa(), GicLayout.DISTRIBUTOR_SIZE, "", gic.location().orElse(null)));
    regions.add(new MemoryMapEntry(MemoryMapEntry.Kind.GIC_REDISTRIBUTORS, gic.name(),
        gic.redistributorIpa(), gic.redistributorSize(), "", gic.location().orElse(null)));
    int pass = 0;
    for (PassConfig p : config.passes()) {
      for (PassLoc w : p.windows()) {
        regions.add(new MemoryMapEntry(MemoryMapEntry.Kind.PASS, "pass" + pass++, w.ipa(),
            w.length(), w.flags(), w.location()));
      }
    }
    List<PendingVdev> pending = vdevs();
    for (PendingVdev v : pending) {
      if (v.config.loc().isPresent()) {
        regions.add(v.window(v.config.loc().getAsLong()));
      }
    }
    checkRegions();
    List<VdevLayout> vdevs = assignInterrupts(gic, placeWindows(pending));
    List<MemoryMapEntry> ram =
        regions.stream()
            .filter(r -> r.kind() == MemoryMapEntry.Kind.RAM || r.kind() == MemoryMapEntry.Kind.ROM)
            .toList();
    List<LoadLayout> loads = new ArrayList<>();
    for (LoadConfig l : config.loads()) {
      loads.add(LoadPlanner.plan(l, paths, ram));
    }
    checkEntry();
    checkOutputPaths();
    regions.sort(Comparator.comparing(MemoryMapEntry::ipa, Long::compareUnsigned));
    return new VmLayout(config, paths, regions, vcpus, gic, vdevs, loads, hints);
  }

  /**
   * The paths qvm creates or opens only when the VM is assembled (fdt-dump-file, pass backends
   * and interrupt sources) must at least be paths on this host, so that assembly cannot fail on
   * their spelling.
   */
  private void checkOutputPaths() throws ConfigException {
    if (config.variables().fdtDumpFile().isPresent()) {
      paths.resolveChecked(config.variables().fdtDumpFile().get());
    }
    for (PassConfig p : config.passes()) {
      if (p.backendFile().isPresent()) {
        paths.resolveChecked(p.backendFile().get());
      }
      if (p.irq().isPresent() && p.irq().get() instanceof PassConfig.IrqSource.Channel ch) {
        paths.resolveChecked(ch.path());
      }
    }
  }

  /** One vCPU per {@code cpu}, or one when none is written. */
  private List<VcpuLayout> vcpus() throws ConfigException {
    List<VcpuLayout> out = new ArrayList<>();
    if (config.cpus().isEmpty()) {
      out.add(new VcpuLayout(0, defaultMpidr(0), Optional.empty()));
      return out;
    }
    Map<Long, CpuConfig> byMpidr = new HashMap<>();
    for (int i = 0; i < config.cpus().size(); i++) {
      CpuConfig c = config.cpus().get(i);
      long mpidr = c.mpidrAffinity().orElse(defaultMpidr(i));
      CpuConfig other = byMpidr.putIfAbsent(mpidr, c);
      if (other != null) {
        throw new ConfigException(c.location(), "cpu " + i + " has the same affinity (MPIDR 0x"
            + Long.toHexString(mpidr) + ") as the cpu at " + other.location());
      }
      out.add(new VcpuLayout(i, mpidr, Optional.of(c)));
      reportCpuHints(i, c);
    }
    return out;
  }

  /** As QEMU virt with a GICv3: 16 vCPUs per Aff1 cluster, so Aff0 stays within 0..15. */
  private static long defaultMpidr(int index) {
    return ((long) (index / 16) << 8) | (index % 16);
  }

  private void reportCpuHints(int index, CpuConfig c) {
    String at = "cpu " + index + " at " + c.location() + ": ";
    c.sched().ifPresent(s -> hints.add(at + "sched " + s + " accepted; a JVM thread has no QNX"
        + " priority"));
    if (!c.runmask().isEmpty()) {
      hints.add(at + "runmask " + c.runmask() + " accepted; qvm does not pin threads");
    }
    c.cluster().ifPresent(s -> hints.add(at + "cluster " + s + " accepted; no effect"));
    c.partition().ifPresent(s -> hints.add(at + "partition " + s + " accepted; no effect"));
  }

  /** RAM and ROM in file order; an address-less one goes after the highest one so far. */
  private void placeMemory() throws ConfigException {
    long highestEnd = -1;
    int[] counts = new int[RamConfig.Kind.values().length];
    for (RamConfig r : config.memory()) {
      String what = r.kind().word();
      if (r.size() % GRANULE != 0) {
        throw new ConfigException(r.location(),
            what + " size " + r.size() + " is not a multiple of 4 KiB (sizes are decimal"
                + " unless 0x; K, M, G multiply)");
      }
      long ipa;
      if (r.ipa().isPresent()) {
        ipa = r.ipa().getAsLong();
        if (ipa % GRANULE != 0) {
          throw new ConfigException(r.location(),
              what + " address 0x" + Long.toHexString(ipa) + " is not 4 KiB aligned");
        }
      } else {
        ipa = skipReserved(highestEnd < 0 ? DEFAULT_RAM_IPA : highestEnd, r.size(), GRANULE);
      }
      MemoryMapEntry.Kind kind =
          r.kind() == RamConfig.Kind.RAM ? MemoryMapEntry.Kind.RAM : MemoryMapEntry.Kind.ROM;
      MemoryMapEntry e = new MemoryMapEntry(kind, what + counts[r.kind().ordinal()]++, ipa,
          r.size(), r.kind() == RamConfig.Kind.RAM ? "rwx" : "rx", r.location());
      checkIpaRange(e);
      regions.add(e);
      if (Long.compareUnsigned(e.end(), highestEnd) > 0 || highestEnd < 0) {
        highestEnd = e.end();
      }
    }
  }

  /** The first {@code align}-aligned address from {@code from} clear of every reserved region. */
  private long skipReserved(long from, long size, long align) {
    long ipa = alignUp(from, align);
    boolean moved = true;
    while (moved) {
      moved = false;
      for (ReservedRegion r : config.reservedRegions()) {
        if (Long.compareUnsigned(ipa, r.ipa() + r.length()) < 0
            && Long.compareUnsigned(r.ipa(), ipa + size) < 0) {
          ipa = alignUp(r.ipa() + r.length(), align);
          moved = true;
        }
      }
    }
    return ipa;
  }

  private static long alignUp(long value, long align) {
    return (value + align - 1) & -align;
  }

  private GicLayout gic(int vcpus) throws ConfigException {
    VdevConfig gic = null;
    for (VdevConfig v : config.vdevs()) {
      if (v.type().equals(GIC_TYPE)) {
        if (gic != null) {
          throw new ConfigException(v.location(),
              "a VM has one GIC; the first vdev gic is at " + gic.location());
        }
        gic = v;
      }
    }
    if (gic == null) {
      return new GicLayout(GIC_TYPE, GicLayout.DEFAULT_DISTRIBUTOR_IPA,
          GicLayout.DEFAULT_REDISTRIBUTOR_IPA, GicLayout.DEFAULT_SPIS, vcpus, Optional.empty());
    }
    if (gic.intr().isPresent()) {
      throw new ConfigException(gic.intr().get().location(),
          "the GIC raises no interrupt of its own; intr does not apply to vdev gic");
    }
    String name = gic.name().orElse(GIC_TYPE);
    if (name.contains(":")) {
      throw new ConfigException(gic.location(), "a PIC's name must not contain ':' (" + name + ")");
    }
    long redist = GicLayout.DEFAULT_REDISTRIBUTOR_IPA;
    int spis = GicLayout.DEFAULT_SPIS;
    for (List<Word> group : VdevOptionGrouper.group(gic, GIC_OPTIONS)) {
      Word option = group.getFirst();
      if (group.size() != 2) {
        throw new ConfigException(option.location(), option.text() + " takes one value");
      }
      Word value = group.get(1);
      switch (option.text()) {
        case "version" -> {
          if (value.text().equals("2")) {
            throw new ConfigException(value.location(),
                "GICv2 not supported: qvm emulates a GICv3 (write version 3 or leave it out)");
          } else if (!value.text().equals("3")) {
            throw new ConfigException(value.location(),
                "GIC version " + value.text() + " is not supported; qvm emulates a GICv3");
          }
        }
        case "redist" -> redist = ConfigNumbers.address(value.text(), value.location());
        default -> spis = ConfigNumbers.plainInRange(value.text(), value.location(), 1,
            GicLayout.MAX_SPIS, "spis");
      }
    }
    return new GicLayout(name, gic.loc().orElse(GicLayout.DEFAULT_DISTRIBUTOR_IPA), redist, spis,
        vcpus, Optional.of(gic.location()));
  }

  /** A vdev other than the GIC with its provider found and its sub-options grouped. */
  private record PendingVdev(
      VdevConfig config, VdevProvider provider, String name, List<List<Word>> groups) {

    MemoryMapEntry window(long ipa) {
      return new MemoryMapEntry(MemoryMapEntry.Kind.VDEV, name, ipa, provider.windowSize(), "",
          config.location());
    }
  }

  private List<PendingVdev> vdevs() throws ConfigException {
    List<PendingVdev> out = new ArrayList<>();
    Map<String, Integer> perType = new HashMap<>();
    Map<String, Location> names = new HashMap<>();
    config.vdevs().stream().filter(v -> v.type().equals(GIC_TYPE))
        .forEach(v -> names.put(v.name().orElse(GIC_TYPE), v.location()));
    for (VdevConfig v : config.vdevs()) {
      if (v.type().equals(GIC_TYPE)) {
        continue;
      }
      VdevProvider provider = providers.apply(v.type()).orElseThrow(() -> unknownType(v));
      Set<String> known = new HashSet<>(provider.options());
      known.addAll(HOST_HINTS);
      List<List<Word>> groups = VdevOptionGrouper.group(v, known);
      int index = perType.merge(v.type(), 1, Integer::sum) - 1;
      String name = v.name().orElse(v.type() + "-" + index);
      Location other = names.putIfAbsent(name, v.location());
      if (other != null) {
        throw new ConfigException(v.location(),
            "a vdev named '" + name + "' already exists at " + other);
      }
      out.add(new PendingVdev(v, provider, name, groups));
    }
    return out;
  }

  private ConfigException unknownType(VdevConfig v) {
    Set<String> known = new TreeSet<>(Set.of(GIC_TYPE));
    if (providers instanceof VdevCatalog catalog) {
      known.addAll(catalog.knownTypes());
    }
    return new ConfigException(v.location(),
        "unknown vdev type '" + v.type() + "'" + Suggestions.didYouMean(v.type(), known)
            + " (known: " + String.join(", ", known) + ")");
  }

  /** Puts address-less windows in the device area, clear of every region and reservation. */
  private List<PendingVdevPlaced> placeWindows(List<PendingVdev> pending) throws ConfigException {
    List<PendingVdevPlaced> out = new ArrayList<>();
    for (PendingVdev v : pending) {
      if (v.config.loc().isPresent()) {
        out.add(new PendingVdevPlaced(v, v.config.loc().getAsLong(), false));
        continue;
      }
      long size = v.provider.windowSize();
      long align = Long.bitCount(size) == 1 ? Math.max(size, GRANULE) : GRANULE;
      long ipa = DEVICE_AREA_START;
      boolean moved = true;
      while (moved) {
        ipa = skipReserved(ipa, size, align);
        moved = false;
        for (MemoryMapEntry r : regions) {
          if (r.overlaps(ipa, size)) {
            ipa = alignUp(r.end(), align);
            moved = true;
          }
        }
      }
      if (Long.compareUnsigned(ipa + size, DEVICE_AREA_END) > 0) {
        throw new ConfigException(v.config.location(),
            "no room for vdev " + v.name + "'s window in the device area; write loc ADDR");
      }
      regions.add(v.window(ipa));
      out.add(new PendingVdevPlaced(v, ipa, true));
    }
    return out;
  }

  private record PendingVdevPlaced(PendingVdev vdev, long ipa, boolean locAutomatic) {}

  /** Explicit claims first, in reading order so the later of two reports; then automatic ones. */
  private List<VdevLayout> assignInterrupts(GicLayout gic, List<PendingVdevPlaced> placed)
      throws ConfigException {
    InterruptPlanner irqs = new InterruptPlanner(gic, config.reservedIntids());
    record Claim(String pic, int intid, String owner, Location at) {}
    List<Claim> claims = new ArrayList<>();
    for (PendingVdevPlaced p : placed) {
      Optional<IntrSpec> intr = p.vdev.config.intr();
      if (intr.isPresent() && intr.get().intid().isPresent()) {
        claims.add(new Claim(intr.get().pic(), intr.get().intid().getAsInt(),
            "vdev " + p.vdev.name, intr.get().location()));
      }
    }
    for (PassConfig p : config.passes()) {
      p.intr().ifPresent(i -> claims.add(new Claim(i.pic(), i.intid(), "pass", i.location())));
    }
    claims.sort(Comparator.comparing(Claim::at, Locations.READING_ORDER));
    for (Claim c : claims) {
      irqs.checkPic(c.pic, c.at);
      irqs.claim(c.intid, c.owner, c.at);
    }
    List<VdevLayout> out = new ArrayList<>();
    for (PendingVdevPlaced p : placed) {
      PendingVdev v = p.vdev;
      Optional<IntrSpec> intr = v.config.intr();
      int intid = -1;
      boolean automatic = false;
      if (intr.isPresent() && intr.get().intid().isPresent()) {
        intid = intr.get().intid().getAsInt();
      } else if (intr.isPresent() || v.provider.usesInterrupt()) {
        Location at = intr.map(IntrSpec::location).orElse(v.config.location());
        if (intr.isPresent()) {
          irqs.checkPic(intr.get().pic(), at);
        }
        intid = irqs.assign("vdev " + v.name, at);
        automatic = true;
      }
      List<SubOption> options = new ArrayList<>();
      List<SubOption> hostHints = new ArrayList<>();
      for (List<Word> g : v.groups) {
        SubOption s = VdevOptionGrouper.toSubOption(g);
        if (HOST_HINTS.contains(s.name())) {
          hostHints.add(s);
          hints.add("vdev " + v.name + " at " + s.location() + ": " + s.name() + " "
              + String.join(" ", s.args()) + " accepted; a JVM thread has no QNX priority");
        } else {
          options.add(s);
        }
      }
      out.add(new VdevLayout(v.config.type(), v.name, p.ipa, v.provider.windowSize(),
          p.locAutomatic, intid, automatic, options, hostHints, v.provider, v.config.location()));
    }
    return out;
  }

  /** Every region inside the IPA space, and no two sharing a byte. */
  private void checkRegions() throws ConfigException {
    List<MemoryMapEntry> sorted = new ArrayList<>(regions);
    sorted.sort(Comparator.comparing(MemoryMapEntry::location, Locations.READING_ORDER));
    for (int j = 0; j < sorted.size(); j++) {
      MemoryMapEntry later = sorted.get(j);
      checkIpaRange(later);
      for (int i = 0; i < j; i++) {
        MemoryMapEntry earlier = sorted.get(i);
        if (earlier.overlaps(later.ipa(), later.size())) {
          String where =
              earlier.location() == null
                  ? " (the implicit GIC; vdev gic loc/redist moves it)"
                  : " at " + earlier.location();
          throw new ConfigException(later.location(),
              later.describe() + " overlaps " + earlier.describe() + where);
        }
      }
    }
  }

  private static void checkIpaRange(MemoryMapEntry e) throws ConfigException {
    long limit = 1L << IPA_BITS;
    if (Long.compareUnsigned(e.ipa(), limit) >= 0
        || Long.compareUnsigned(e.size(), limit - e.ipa()) > 0) {
      throw new ConfigException(e.location(),
          e.describe() + " is outside the " + IPA_BITS + "-bit IPA space (below 0x"
              + Long.toHexString(limit) + ")");
    }
  }

  private void checkEntry() throws ConfigException {
    Optional<EntryPoint> entry = config.entry();
    if (entry.isPresent()
        && regions.stream().noneMatch(r -> r.kind() != MemoryMapEntry.Kind.GIC_DISTRIBUTOR
            && r.kind() != MemoryMapEntry.Kind.GIC_REDISTRIBUTORS
            && r.overlaps(entry.get().ipa(), 1))) {
      throw new ConfigException(entry.get().location(), "entry 0x"
          + Long.toHexString(entry.get().ipa()) + " is in no ram, rom, pass or vdev region");
    }
  }
}
