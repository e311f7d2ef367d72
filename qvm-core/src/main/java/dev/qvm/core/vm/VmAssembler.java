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
import dev.qvm.core.irq.InterruptLine;
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
        throw new ConfigException(e.location(), ex.getMessage());
      } catch (IllegalArgumentException ex) {
        throw new ConfigException(e.location(), ex.getMessage());
      }
    }
    for (PassConfig pass : layout.passes()) {
      addPassWindows(mem, pass);
    }
    for (VdevLayout v : layout.vdevs()) {
      Vdev vdev = v.provider().create(new Context(v));
      vdevs.add(vdev);
      mem.addMmio(v.name(), v.ipa(), v.size(), vdev);
    }
    PhysicalMemory memory = mem.build();

    long entry = -1;
    List<HeapInfo.Occupied> occupied = new ArrayList<>();
    for (LoadLayout load : layout.loads()) {
      LoadedImage image = load(memory, load);
      for (LoadedImage.Extent x : image.extents()) {
        occupied.add(new HeapInfo.Occupied(x.ipa(), x.memoryBytes()));
      }
      if (entry < 0 && load.type() == LoadConfig.Type.IMAGE) {
        entry = image.entryIpa();
      }
    }
    if (layout.config().entry().isPresent()) {
      entry = layout.config().entry().get().ipa();
    }
    if (entry < 0) {
      throw new ConfigException(fileLocation(), "nothing to run: no 'load' gives an entry point (add a load, or 'entry ADDR')");
    }
    HeapInfo heap = HeapInfo.NONE;
    List<MemoryMapEntry> rams = layout.ramRegions();
    if (!rams.isEmpty()) {
      heap = HeapInfo.largestFreeGap(rams.getFirst().ipa(), rams.getFirst().size(), occupied);
    }
    boolean semihosting = layout.config().semihosting() || options.forceSemihosting();
    return new Vm(layout, memory, List.copyOf(vdevs), factory, entry, semihosting, heap, options);
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
      // The GIC is the interrupt issue's work; until then a vdev's line goes nowhere.
      return InterruptLine.NONE;
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
    public Path resolvePath(String text, Location where) {
      return layout.paths().resolve(text, where);
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
