package dev.qvm.core.vm;

import dev.qvm.core.boot.ImageLoadException;
import dev.qvm.core.boot.LoadedImage;
import dev.qvm.core.boot.Loaders;
import dev.qvm.core.config.ConfigException;
import dev.qvm.core.config.Location;
import dev.qvm.core.config.LoadConfig;
import dev.qvm.core.config.LoadLayout;
import dev.qvm.core.config.MemoryMapEntry;
import dev.qvm.core.config.PassConfig;
import dev.qvm.core.config.PassLoc;
import dev.qvm.core.config.SubOption;
import dev.qvm.core.config.VdevLayout;
import dev.qvm.core.config.VmLayout;
import dev.qvm.core.config.GicLayout;
import dev.qvm.core.config.VcpuLayout;
import dev.qvm.core.irq.HostInterruptGate;
import dev.qvm.core.irq.HostIrqBackend;
import dev.qvm.core.irq.HostIrqSource;
import dev.qvm.core.irq.PeriodicHostIrq;
import dev.qvm.core.irq.InterruptController;
import dev.qvm.core.irq.InterruptControllerProvider;
import dev.qvm.core.irq.InterruptLine;
import dev.qvm.core.irq.InterruptStatistics;
import dev.qvm.core.irq.VmInterrupts;
import dev.qvm.core.memory.GuestMemoryAllocationException;
import dev.qvm.core.memory.PhysicalMemory;
import dev.qvm.core.semihosting.HeapInfo;
import dev.qvm.core.vdev.Vdev;
import dev.qvm.core.vdev.VdevContext;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.List;
import java.util.OptionalLong;

/**
 * Assembles a {@link Vm} from a planned {@link VmLayout}, as QNX's qvm does before the guest
 * runs (seeds: "VM assembly and configuration"): allocates RAM and ROM, builds the stage-2
 * tables over RAM, ROM, pass-through windows and vdev windows, creates the vdevs, loads the
 * images and creates the vCPUs. Every error is a {@link ConfigException} at the config line
 * responsible, and whatever was created so far is closed again.
 */
public final class VmAssembler {

  /** Host-side settings that are not part of the config. */
  public record Options(OutputStream stdout, InputStream stdin, boolean forceSemihosting) {}

  private final VmLayout layout;
  private final VcpuFactory factory;
  private final Options options;
  private final List<Vdev> vdevs = new ArrayList<>();
  private InterruptController gic;
  private final List<HostIrqSource> backends = new ArrayList<>();

  private VmAssembler(VmLayout layout, VcpuFactory factory, Options options) {
    this.layout = layout;
    this.factory = factory;
    this.options = options;
  }

  /** Builds the VM; nothing runs until {@link Vm#run}. */
  public static Vm assemble(VmLayout layout, VcpuFactory factory, Options options) throws ConfigException {
    VmAssembler a = new VmAssembler(layout, factory, options);
    try {
      return a.build();
    } catch (ConfigException | RuntimeException e) {
      a.vdevs.forEach(Vdev::close);
      a.backends.forEach(HostIrqSource::close);
      throw e;
    }
  }

  private Location fileLocation() {
    return new Location(layout.config().file(), 1, 1);
  }

  private Vm build() throws ConfigException {
    PhysicalMemory.Builder mem = PhysicalMemory.builder();
    for (MemoryMapEntry e : layout.memoryMap()) {
      try {
        switch (e.kind()) {
          case RAM -> mem.addRam(e.name(), e.ipa(), e.size());
          case ROM -> mem.addRom(e.name(), e.ipa(), e.size());
          default -> {} // pass, vdev and GIC windows are added below, with their devices
        }
      } catch (GuestMemoryAllocationException ex) {
        // Issue 10: the host, not the config, fell short; qvm run reports it as fatal before
        // start (64), not as a configuration error (65). The line still names the ram option.
        throw new GuestMemoryAllocationException(
            (e.location() == null ? "" : e.location() + ": ") + ex.getMessage(), ex.getCause());
      } catch (IllegalArgumentException ex) {
        throw new ConfigException(e.location(), ex.getMessage());
      }
    }
    for (PassConfig pass : layout.passes()) {
      addPassWindows(mem, pass);
    }
    InterruptStatistics stats = new InterruptStatistics();
    addInterruptController(mem, stats);
    for (VdevLayout v : layout.vdevs()) {
      Vdev vdev = v.provider().create(new Context(v));
      vdevs.add(vdev);
      mem.addMmio(v.name(), v.ipa(), v.size(), vdev);
    }
    PhysicalMemory memory = mem.build();
    VmInterrupts interrupts = passInterrupts(stats);

    BootImages boot = loadImages(memory);
    long entry = boot.entry();
    HeapInfo heap = HeapInfo.NONE;
    List<MemoryMapEntry> rams = layout.ramRegions();
    if (!rams.isEmpty()) {
      heap = HeapInfo.largestFreeGap(rams.getFirst().ipa(), rams.getFirst().size(), boot.occupied());
    }
    boolean semihosting = layout.config().semihosting() || options.forceSemihosting();
    Vm vm = new Vm(layout, memory, List.copyOf(vdevs), factory, entry, semihosting, heap, options, interrupts);
    vm.setBootArgument(placeDeviceTree(memory, boot));
    attachVmAwareVdevs(vm);
    return vm;
  }

  /** Issue 10: a vdev that acts on the whole VM (the SP805's reset output) gets its control. */
  private void attachVmAwareVdevs(Vm vm) {
    for (Vdev v : vdevs) {
      if (v instanceof dev.qvm.core.vdev.VmAware aware) {
        aware.attachVm(vm, () -> vm.vcpus().stream().map(VirtualCpu::describeState).toList());
      }
    }
  }

  /**
   * Creates the GICv3 the layout plans (ARCHITECTURE.md section 5) and maps its distributor and
   * redistributor windows; without a provider on the module path the VM has no interrupt
   * controller and every line goes nowhere.
   */
  private void addInterruptController(PhysicalMemory.Builder mem, InterruptStatistics stats) throws ConfigException {
    InterruptControllerProvider provider = InterruptControllerProvider.find();
    if (provider == null) {
      return;
    }
    GicLayout g = layout.gic();
    List<Long> mpidrs = layout.vcpus().stream().map(VcpuLayout::mpidr).toList();
    gic = provider.create(g, mpidrs);
    gic.addObserver(stats);
    Location where = g.location().orElse(fileLocation());
    try {
      mem.addMmio(g.name() + " distributor", g.distributorIpa(), GicLayout.DISTRIBUTOR_SIZE, gic.distributor());
      mem.addMmio(g.name() + " redistributors", g.redistributorIpa(), g.redistributorSize(), gic.redistributors());
    } catch (IllegalArgumentException ex) {
      throw new ConfigException(where, ex.getMessage());
    }
  }

  /** A host gate (mask-until-EOI) and its backend for every {@code pass intr}. */
  private VmInterrupts passInterrupts(InterruptStatistics stats) throws ConfigException {
    List<HostInterruptGate> gates = new ArrayList<>();
    for (PassConfig pass : layout.passes()) {
      if (pass.intr().isEmpty()) {
        continue;
      }
      var intr = pass.intr().get();
      if (gic == null) {
        throw new ConfigException(intr.location(), "pass intr needs the GIC, and no interrupt controller is installed");
      }
      if (intr.intid() < GicLayout.FIRST_SPI || intr.intid() > layout.gic().lastSpi()) {
        throw new ConfigException(intr.location(), "pass intr gic:" + intr.intid() + " is not an SPI of this GIC (32.." + layout.gic().lastSpi() + ")");
      }
      HostInterruptGate gate = new HostInterruptGate(gic, intr.intid(), intr.unmaskAtOnce(), stats);
      gates.add(gate);
      if (pass.irq().isPresent()) {
        PassConfig.IrqSource src = pass.irq().get();
        HostIrqSource source =
            switch (src) {
              case PassConfig.IrqSource.Channel ch ->
                  new HostIrqBackend(ch.kind() == PassConfig.IrqSource.Kind.FIFO ? HostIrqBackend.Kind.FIFO : HostIrqBackend.Kind.UNIX, layout.paths().resolve(ch.path()), gate);
              case PassConfig.IrqSource.Periodic p -> new PeriodicHostIrq(gate, p.periodMicros(), p.count());
            };
        try {
          // Created now, so that a bad path is a configuration error; assertions that arrive
          // before the guest has enabled the INTID are held by the gate.
          source.start();
        } catch (IOException ex) {
          String what = src instanceof PassConfig.IrqSource.Channel ch ? ch.path().text() : "";
          throw new ConfigException(src.location(), "cannot open pass-through interrupt " + what + ": " + ex.getMessage());
        }
        backends.add(source);
      }
    }
    return new VmInterrupts(gic, stats, gates, backends);
  }

  /** What the loads produced: the entry point, the occupied extents, the initrd and a given DTB. */
  private record BootImages(long entry, List<HeapInfo.Occupied> occupied, long imagesEnd, BoardDeviceTree.Initrd initrd, byte[] givenDtb, long givenDtbIpa, Location dtbLocation) {}

  /**
   * Loads every {@code load}: images first (the first one with an entry point gives vCPU 0's
   * start), then an {@code initrd} without an address 2 MiB-aligned after them, as QEMU's virt
   * board places it; an {@code fdt load} replaces the generated device tree.
   */
  private BootImages loadImages(PhysicalMemory memory) throws ConfigException {
    long entry = -1;
    long imagesEnd = 0;
    List<HeapInfo.Occupied> occupied = new ArrayList<>();
    BoardDeviceTree.Initrd initrd = null;
    byte[] givenDtb = null;
    long givenDtbIpa = -1;
    Location dtbLocation = null;
    List<LoadLayout> deferredInitrds = new ArrayList<>();
    for (LoadLayout load : layout.loads()) {
      if (load.type() == LoadConfig.Type.INITRD && load.ipa().isEmpty()) {
        deferredInitrds.add(load);
        continue;
      }
      if (load.type() == LoadConfig.Type.FDT) {
        givenDtb = readFile(load);
        givenDtbIpa = load.ipa().orElse(-1);
        dtbLocation = load.location();
        continue;
      }
      LoadedImage image = load(memory, load);
      for (LoadedImage.Extent x : image.extents()) {
        occupied.add(new HeapInfo.Occupied(x.ipa(), x.memoryBytes()));
      }
      if (inRam(image.extents().getFirst().ipa())) {
        // Only images in RAM push the initrd and device tree along: a load into a ROM (firmware
        // data, a marker) must not move them out of RAM.
        imagesEnd = Math.max(imagesEnd, image.ipaEnd());
      }
      if (load.type() == LoadConfig.Type.INITRD) {
        initrd = new BoardDeviceTree.Initrd(image.extents().getFirst().ipa(), image.ipaEnd());
      }
      if (entry < 0 && load.type() == LoadConfig.Type.IMAGE) {
        entry = image.entryIpa();
      }
    }
    for (LoadLayout load : deferredInitrds) {
      byte[] bytes = readFile(load);
      long at = alignUp(Math.max(imagesEnd, ramBase(entry)), 2 << 20);
      if (!memory.isHostMemory(at, bytes.length)) {
        throw new ConfigException(load.location(), String.format("initrd %s (%d bytes) does not fit in RAM after the images (at 0x%x)", load.path().getFileName(), bytes.length, at));
      }
      memory.write(at, bytes);
      occupied.add(new HeapInfo.Occupied(at, bytes.length));
      initrd = new BoardDeviceTree.Initrd(at, at + bytes.length);
      imagesEnd = at + bytes.length;
    }
    if (layout.config().entry().isPresent()) {
      entry = layout.config().entry().get().ipa();
    }
    if (entry < 0) {
      throw new ConfigException(fileLocation(), "nothing to run: no 'load' gives an entry point (add a load, or 'entry ADDR')");
    }
    return new BootImages(entry, occupied, imagesEnd, initrd, givenDtb, givenDtbIpa, dtbLocation);
  }

  /**
   * Places the device tree (generated from the VM, or the one {@code fdt load} named) and returns
   * its IPA, which vCPU 0 receives in X0. As on QEMU's virt board: at the base of RAM when vCPU 0
   * starts outside RAM (firmware in flash), else 2 MiB-aligned after the images and initrd.
   * {@code set fdt-dump-file} also writes it to a file.
   */
  private long placeDeviceTree(PhysicalMemory memory, BootImages boot) throws ConfigException {
    byte[] dtb = boot.givenDtb() != null ? boot.givenDtb() : BoardDeviceTree.build(layout, vdevs, boot.initrd());
    if (boot.givenDtb() == null && layout.fdtDumpPath().isPresent()) {
      Path dump = layout.fdtDumpPath().get();
      try {
        java.nio.file.Files.write(dump, dtb);
      } catch (IOException e) {
        throw new ConfigException(layout.config().variables().fdtDumpFile().map(w -> w.location()).orElse(fileLocation()), "cannot write fdt-dump-file " + dump + ": " + e.getMessage());
      }
    }
    long at;
    if (boot.givenDtbIpa() >= 0) {
      at = boot.givenDtbIpa();
    } else if (inRam(boot.entry())) {
      at = alignUp(Math.max(boot.imagesEnd(), ramBase(boot.entry())), 2 << 20);
    } else {
      at = ramBase(boot.entry());
    }
    if (at < 0 || !memory.isHostMemory(at, dtb.length)) {
      Location where = boot.dtbLocation() != null ? boot.dtbLocation() : fileLocation();
      throw new ConfigException(where, String.format("the device tree (%d bytes) does not fit in RAM at 0x%x", dtb.length, at));
    }
    memory.write(at, dtb);
    return at;
  }

  private boolean inRam(long ipa) {
    return layout.ramRegions().stream().anyMatch(r -> r.kind() == MemoryMapEntry.Kind.RAM && ipa >= r.ipa() && ipa < r.end());
  }

  /** The base of the RAM region holding {@code ipa}, else of the first RAM region (-1: none). */
  private long ramBase(long ipa) {
    for (MemoryMapEntry r : layout.ramRegions()) {
      if (r.kind() == MemoryMapEntry.Kind.RAM && ipa >= r.ipa() && ipa < r.end()) {
        return r.ipa();
      }
    }
    return layout.ramRegions().stream().filter(r -> r.kind() == MemoryMapEntry.Kind.RAM).mapToLong(MemoryMapEntry::ipa).findFirst().orElse(-1);
  }

  private static long alignUp(long v, long alignment) {
    return (v + alignment - 1) & -alignment;
  }

  private static byte[] readFile(LoadLayout load) throws ConfigException {
    try {
      return Loaders.readImage(load.path());
    } catch (ImageLoadException e) {
      throw new ConfigException(load.location(), load.path().getFileName() + ": " + e.getMessage());
    }
  }

  private LoadedImage load(PhysicalMemory memory, LoadLayout load) throws ConfigException {
    try {
      OptionalLong ipa = load.ipa();
      if (load.type() != LoadConfig.Type.IMAGE && ipa.isEmpty()) {
        throw new ConfigException(load.location(), load.type().name().toLowerCase() + " load needs an address here (automatic placement is not supported yet)");
      }
      if (load.type() == LoadConfig.Type.IMAGE) {
        return Loaders.load(memory, load.path(), ipa);
      }
      byte[] bytes = Loaders.readImage(load.path());
      long at = ipa.getAsLong();
      if (!memory.isHostMemory(at, bytes.length)) {
        throw new ConfigException(load.location(), String.format("%s (%d bytes) does not fit in RAM/ROM at 0x%x", load.path().getFileName(), bytes.length, at));
      }
      memory.write(at, bytes);
      return new LoadedImage(LoadedImage.Format.RAW, at, List.of(new LoadedImage.Extent(at, bytes.length, bytes.length)));
    } catch (ImageLoadException e) {
      throw new ConfigException(load.location(), load.path().getFileName() + ": " + e.getMessage());
    }
  }

  /**
   * Maps a {@code pass} context's windows. qvm has no real device behind them, so the host side is
   * a stub: the file named by {@code backend file:PATH}, mapped shared so that another program
   * can play the device (windows follow one another in the file), else private zeroed memory.
   * Stage 2 maps whole pages, as QNX does, so a window is rounded out to 4 KiB.
   */
  private void addPassWindows(PhysicalMemory.Builder mem, PassConfig pass) throws ConfigException {
    long total = 0;
    for (PassLoc w : pass.windows()) {
      total += pageEnd(w) - (w.ipa() & ~0xfffL);
    }
    ByteBuffer backing;
    if (pass.backendFile().isPresent()) {
      Path file = layout.paths().resolve(pass.backendFile().get());
      try (FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
        if (ch.size() < total) {
          ch.write(ByteBuffer.wrap(new byte[1]), total - 1);
        }
        backing = ch.map(FileChannel.MapMode.READ_WRITE, 0, total);
      } catch (IOException ex) {
        throw new ConfigException(pass.backendFile().get().location(), "cannot map pass-through backend " + file + ": " + ex.getMessage());
      }
    } else {
      backing = ByteBuffer.allocateDirect((int) total);
    }
    backing.order(ByteOrder.LITTLE_ENDIAN);
    long offset = 0;
    for (PassLoc w : pass.windows()) {
      long base = w.ipa() & ~0xfffL;
      long size = pageEnd(w) - base;
      ByteBuffer window = backing.slice((int) offset, (int) size).order(ByteOrder.LITTLE_ENDIAN);
      try {
        mem.addPass(String.format("pass@0x%x", w.ipa()), base, size, window, w.readable(), w.writable(), w.executable(), w.nonCacheable());
      } catch (IllegalArgumentException ex) {
        throw new ConfigException(w.location(), ex.getMessage());
      }
      offset += size;
    }
  }

  private static long pageEnd(PassLoc w) {
    return (w.ipa() + w.length() + 0xfff) & ~0xfffL;
  }

  /** What a vdev sees of the VM while it is created. */
  private final class Context implements VdevContext {
    private final VdevLayout v;

    Context(VdevLayout v) {
      this.v = v;
    }

    @Override
    public String name() {
      return v.name();
    }

    @Override
    public long loc() {
      return v.ipa();
    }

    @Override
    public int intid() {
      return v.intid();
    }

    @Override
    public InterruptLine interrupt() {
      int intid = v.intid();
      if (gic == null || intid < 0) {
        return InterruptLine.NONE;
      }
      return intid >= GicLayout.FIRST_SPI ? gic.spi(intid) : gic.ppi(0, intid);
    }

    @Override
    public Location location() {
      return v.location();
    }

    @Override
    public List<SubOption> options() {
      return v.options();
    }

    @Override
    public Path resolvePath(String text, Location where) throws ConfigException {
      // Issue 10 (config fuzzing): a vdev's path word the host cannot use is a located error.
      return layout.paths().resolveChecked(text, where);
    }

    @Override
    public OutputStream hostStdout() {
      return options.stdout();
    }

    @Override
    public InputStream hostStdin() {
      return options.stdin();
    }
  }
}
