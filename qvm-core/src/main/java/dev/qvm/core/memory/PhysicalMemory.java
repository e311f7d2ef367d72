package dev.qvm.core.memory;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;

/**
 * The guest's physical memory map: its regions, the stage-2 tables built from them, and the PA
 * space those tables map to. {@link #lookup} is what a vCPU calls on a TLB miss; the {@code
 * read}/{@code write} accessors serve host-side code (loaders, tests, vdevs doing DMA) and ignore
 * guest permissions.
 *
 * <p>PA space: qvm has no host physical addresses, so each RAM, ROM and pass-through region gets
 * PA = IPA, and a PA-to-region map (sorted bases, binary search) turns a descriptor's output
 * address back into a buffer.
 */
public final class PhysicalMemory implements IpaSpace {

  private static final long PAGE = 4096;

  /** What a trap descriptor's index names: a device and the IPA its offsets count from. */
  private record TrapTarget(MmioDevice device, long ipaBase) {}

  private final Stage2Tables tables;
  private final MemoryRegion[] regions;
  /** The config's RAM, ROM and pass regions: what the host-side accessors reach. */
  private final HostMemoryRegion[] hostByPa;
  private final long[] hostPaBases;
  /** Every stage-2 output: the regions above plus the arrays of ROM devices. */
  private final HostMemoryRegion[] outputByPa;
  private final long[] outputPaBases;
  private final TrapTarget[] traps;
  private final MmioBus bus;
  private final RomdWindow[] romdWindows;
  private final List<Stage2Listener> listeners;

  private PhysicalMemory(
      Stage2Tables tables,
      List<MemoryRegion> regions,
      List<TrapTarget> traps,
      MmioBus bus,
      List<RomdWindow> romdWindows,
      List<Stage2Listener> listeners) {
    this.tables = tables;
    this.regions = regions.toArray(MemoryRegion[]::new);
    this.hostByPa =
        regions.stream()
            .filter(r -> r instanceof HostMemoryRegion)
            .map(HostMemoryRegion.class::cast)
            .sorted(Comparator.comparingLong(HostMemoryRegion::pa))
            .toArray(HostMemoryRegion[]::new);
    this.hostPaBases = Arrays.stream(hostByPa).mapToLong(HostMemoryRegion::pa).toArray();
    this.outputByPa =
        java.util.stream.Stream.concat(
                Arrays.stream(hostByPa), romdWindows.stream().map(RomdWindow::memory))
            .sorted(Comparator.comparingLong(HostMemoryRegion::pa))
            .toArray(HostMemoryRegion[]::new);
    this.outputPaBases = Arrays.stream(outputByPa).mapToLong(HostMemoryRegion::pa).toArray();
    this.traps = traps.toArray(TrapTarget[]::new);
    this.bus = bus;
    this.romdWindows = romdWindows.toArray(RomdWindow[]::new);
    this.listeners = listeners;
  }

  /** Starts an empty memory map. */
  public static Builder builder() {
    return new Builder();
  }

  // ---- the guest's view: stage 2 ----

  @Override
  public PageMapping lookup(long ipa) {
    long ipaPage = ipa & -PAGE;
    long result = tables.resolve(ipa, null);
    int level = Stage2Tables.resultLevel(result);
    long descriptor = Stage2Tables.resultDescriptor(result);
    if (!Stage2Descriptor.isValid(descriptor)) {
      if (Stage2Descriptor.isTrap(descriptor)) {
        TrapTarget t = traps[Stage2Descriptor.trapIndex(descriptor)];
        // Registers are never code: a fetch from a trap page is a stage-2 permission fault.
        return new PageMapping(
            PageMapping.Kind.MMIO, ipaPage, null, 0, true, true, false, t.device(),
            ipaPage - t.ipaBase(), 0);
      }
      return new PageMapping(
          PageMapping.Kind.FAULT, ipaPage, null, 0, false, false, false, null, 0, level);
    }
    long pa = paOf(descriptor, level, ipaPage);
    HostMemoryRegion region = hostRegionAtPa(pa);
    long offset = pa - region.pa();
    MmioDevice writes = null;
    if (region instanceof RomDeviceMemory) {
      // A ROM device in ROMD mode: the array for reads and fetches, the device for writes.
      writes = romdWindowOf(region).device();
    }
    return new PageMapping(
        PageMapping.Kind.RAM,
        ipaPage,
        region.chunk(offset),
        region.chunkOffset(offset),
        Stage2Descriptor.readable(descriptor),
        Stage2Descriptor.writable(descriptor),
        Stage2Descriptor.executable(descriptor),
        writes,
        writes == null ? 0 : offset,
        0);
  }

  private RomdWindow romdWindowOf(HostMemoryRegion memory) {
    for (RomdWindow w : romdWindows) {
      if (w.memory() == memory) {
        return w;
      }
    }
    throw new IllegalStateException("no ROM device owns " + memory.name());
  }

  /** The ROMD switches of the ROM devices' windows, in IPA order. */
  public List<RomdWindow> romdWindows() {
    return List.of(romdWindows);
  }

  /**
   * Adds a listener told whenever stage 2 changes at run time; the VM registers one that makes
   * every vCPU drop its cached translations and decoded code.
   */
  public void addStage2Listener(Stage2Listener listener) {
    listeners.add(listener);
  }

  private static long paOf(long descriptor, int level, long ipa) {
    return Stage2Descriptor.outputAddress(descriptor, level)
        | (ipa & (Stage2Tables.blockSize(level) - 1));
  }

  private HostMemoryRegion hostRegionAtPa(long pa) {
    int i = Arrays.binarySearch(outputPaBases, pa);
    if (i < 0) {
      i = -i - 2;
    }
    if (i < 0 || pa - outputByPa[i].pa() >= outputByPa[i].size()) {
      throw new IllegalStateException(String.format("stage 2 maps to PA 0x%x, no region", pa));
    }
    return outputByPa[i];
  }

  /** Walks stage 2 for {@code ipa}, recording each step, with no permission check. */
  public Walk walk(long ipa) {
    return walk(ipa, null);
  }

  /**
   * Walks stage 2 for {@code ipa}, recording each step; when {@code access} is given and the
   * final descriptor forbids it, the outcome is a Permission fault.
   */
  public Walk walk(long ipa, AccessType access) {
    List<Walk.Step> steps = new ArrayList<>(3);
    long result = tables.resolve(ipa, steps);
    int level = Stage2Tables.resultLevel(result);
    long descriptor = Stage2Tables.resultDescriptor(result);
    Walk.Outcome outcome;
    if (!Stage2Descriptor.isValid(descriptor)) {
      if (Stage2Descriptor.isTrap(descriptor)) {
        TrapTarget t = traps[Stage2Descriptor.trapIndex(descriptor)];
        MmioWindow window = bus.windowAt(ipa);
        outcome =
            access == AccessType.FETCH
                ? new Walk.Fault(Walk.FaultKind.PERMISSION, level)
                : new Walk.Mmio(
                    window,
                    t.device(),
                    window == null ? ipa - t.ipaBase() : ipa - window.ipaBase(),
                    level);
      } else {
        outcome = new Walk.Fault(Walk.FaultKind.TRANSLATION, level);
      }
    } else {
      long pa = paOf(descriptor, level, ipa);
      Walk.Mapped mapped =
          new Walk.Mapped(
              pa,
              level,
              hostRegionAtPa(pa),
              Stage2Descriptor.readable(descriptor),
              Stage2Descriptor.writable(descriptor),
              Stage2Descriptor.executable(descriptor),
              Stage2Descriptor.memAttr(descriptor),
              Stage2Descriptor.sh(descriptor));
      boolean allowed =
          access == null
              || switch (access) {
                case READ -> mapped.readable();
                case WRITE -> mapped.writable();
                case FETCH -> mapped.executable();
              };
      outcome = allowed ? mapped : new Walk.Fault(Walk.FaultKind.PERMISSION, level);
    }
    return new Walk(ipa, access, steps, outcome);
  }

  /** The stage-2 tables (for {@code qvm check} and for tests reading raw descriptors). */
  public Stage2Tables stage2() {
    return tables;
  }

  /** The vdev windows. */
  public MmioBus mmioBus() {
    return bus;
  }

  // ---- the map, for qvm check and loaders ----

  /** Every region, in IPA order. */
  public List<MemoryRegion> regions() {
    return List.of(regions);
  }

  /** RAM regions only (not ROM), in IPA order. */
  public List<GuestRam> ramRegions() {
    return Arrays.stream(regions)
        .filter(r -> r.kind() == MemoryRegion.Kind.RAM)
        .map(GuestRam.class::cast)
        .toList();
  }

  /** The region named {@code name}, or null. */
  public MemoryRegion region(String name) {
    for (MemoryRegion r : regions) {
      if (r.name().equals(name)) {
        return r;
      }
    }
    return null;
  }

  /** The region covering {@code ipa}, or null. */
  public MemoryRegion regionAt(long ipa) {
    for (MemoryRegion r : regions) {
      if (r.contains(ipa)) {
        return r;
      }
    }
    return null;
  }

  /**
   * True when every byte of [{@code ipa}, {@code ipa + length}) is host memory (RAM, ROM or pass
   * windows, possibly several adjacent ones).
   */
  public boolean isHostMemory(long ipa, long length) {
    long end = ipa + length;
    if (length < 0 || end < ipa) {
      return false;
    }
    while (ipa < end) {
      HostMemoryRegion r = hostRegionAt(ipa);
      if (r == null) {
        return false;
      }
      ipa = r.ipaEnd();
    }
    return true;
  }

  /** The RAM, ROM or pass region covering {@code ipa}, or null. */
  public HostMemoryRegion hostRegionAt(long ipa) {
    // PA = IPA for every host region, so the PA map answers IPA questions too.
    int i = Arrays.binarySearch(hostPaBases, ipa);
    if (i < 0) {
      i = -i - 2;
    }
    return i >= 0 && hostByPa[i].contains(ipa) ? hostByPa[i] : null;
  }

  private HostMemoryRegion hostRegionOrThrow(long ipa) {
    HostMemoryRegion r = hostRegionAt(ipa);
    if (r == null) {
      MemoryRegion other = regionAt(ipa);
      throw new MemoryAccessException(
          String.format(
              "IPA 0x%x is not guest RAM, ROM or a pass window%s",
              ipa,
              other == null ? " (nothing is mapped there)" : " (it is vdev " + other.name() + ")"));
    }
    return r;
  }

  // ---- host-side accessors (no guest permission checks; ROM is writable here) ----

  /** Copies guest memory at {@code ipa} into {@code dst}; may span adjacent regions. */
  public void read(long ipa, byte[] dst, int dstOffset, int length) {
    int done = 0;
    while (done < length) {
      HostMemoryRegion r = hostRegionOrThrow(ipa + done);
      int n = (int) Math.min(length - done, r.ipaEnd() - (ipa + done));
      r.read(ipa + done - r.ipaBase(), dst, dstOffset + done, n);
      done += n;
    }
  }

  /** Reads {@code length} bytes at {@code ipa}. */
  public byte[] readBytes(long ipa, int length) {
    byte[] bytes = new byte[length];
    read(ipa, bytes, 0, length);
    return bytes;
  }

  /** Copies {@code src} to guest memory at {@code ipa}; may span adjacent regions. */
  public void write(long ipa, byte[] src, int srcOffset, int length) {
    int done = 0;
    while (done < length) {
      HostMemoryRegion r = hostRegionOrThrow(ipa + done);
      int n = (int) Math.min(length - done, r.ipaEnd() - (ipa + done));
      r.write(ipa + done - r.ipaBase(), src, srcOffset + done, n);
      done += n;
    }
  }

  /** Copies all of {@code src} to guest memory at {@code ipa}. */
  public void write(long ipa, byte[] src) {
    write(ipa, src, 0, src.length);
  }

  /** Sets {@code length} bytes at {@code ipa} to {@code value}; may span adjacent regions. */
  public void fill(long ipa, long length, byte value) {
    long done = 0;
    while (done < length) {
      HostMemoryRegion r = hostRegionOrThrow(ipa + done);
      long n = Math.min(length - done, r.ipaEnd() - (ipa + done));
      r.fill(ipa + done - r.ipaBase(), n, value);
      done += n;
    }
  }

  /**
   * Reads {@code width} (1, 2, 4, 8) bytes at {@code ipa}, little-endian, zero-extended. An
   * access must lie in one region.
   */
  public long read(long ipa, int width) {
    HostMemoryRegion r = hostRegionOrThrow(ipa);
    return r.read(ipa - r.ipaBase(), width);
  }

  /** Writes the low {@code width} (1, 2, 4, 8) bytes of {@code value} at {@code ipa}. */
  public void write(long ipa, int width, long value) {
    HostMemoryRegion r = hostRegionOrThrow(ipa);
    r.write(ipa - r.ipaBase(), width, value);
  }

  /** An unsigned byte at {@code ipa}. */
  public int read8(long ipa) {
    return (int) read(ipa, 1);
  }

  /** An unsigned little-endian halfword at {@code ipa}. */
  public int read16(long ipa) {
    return (int) read(ipa, 2);
  }

  /** A little-endian word at {@code ipa}. */
  public int read32(long ipa) {
    return (int) read(ipa, 4);
  }

  /** A little-endian doubleword at {@code ipa}. */
  public long read64(long ipa) {
    return read(ipa, 8);
  }

  /** Writes a byte. */
  public void write8(long ipa, int value) {
    write(ipa, 1, value);
  }

  /** Writes a little-endian halfword. */
  public void write16(long ipa, int value) {
    write(ipa, 2, value);
  }

  /** Writes a little-endian word. */
  public void write32(long ipa, int value) {
    write(ipa, 4, value);
  }

  /** Writes a little-endian doubleword. */
  public void write64(long ipa, long value) {
    write(ipa, 8, value);
  }

  /**
   * Collects regions, checks that none overlap, then builds the stage-2 tables. The RAM and ROM
   * buffers are allocated as each region is added.
   */
  public static final class Builder {

    private final List<MemoryRegion> regions = new ArrayList<>();
    private int chunkShift = HostMemoryRegion.DEFAULT_CHUNK_SHIFT;

    private Builder() {}

    /** Tests only: RAM chunks of {@code 2^shift} bytes, to cross chunks without 1 GiB. */
    Builder chunkShift(int shift) {
      HostMemoryRegion.checkChunkShift(shift);
      this.chunkShift = shift;
      return this;
    }

    /**
     * Adds zeroed guest RAM (read, write, execute; Normal Write-Back).
     *
     * @throws IllegalArgumentException if it overlaps another region, leaves the 40-bit IPA
     *     space, or is not 4 KiB aligned
     * @throws GuestMemoryAllocationException if the JVM cannot give the memory
     */
    public Builder addRam(String name, long ipa, long size) {
      checkPlace(name, ipa, size);
      regions.add(GuestRam.allocate(name, ipa, size, false, chunkShift));
      return this;
    }

    /** Adds zeroed guest ROM (read, execute; Normal Write-Back); loaders fill it. */
    public Builder addRom(String name, long ipa, long size) {
      checkPlace(name, ipa, size);
      regions.add(GuestRam.allocate(name, ipa, size, true, chunkShift));
      return this;
    }

    /**
     * Adds a pass-through window over {@code window} (shared, not copied), 4 KiB aligned.
     *
     * @param device true for flag {@code n}: Device-nGnRE rather than Normal Write-Back
     */
    public Builder addPass(
        String name,
        long ipa,
        long size,
        ByteBuffer window,
        boolean r,
        boolean w,
        boolean x,
        boolean device) {
      checkPlace(name, ipa, size);
      regions.add(PassWindow.wrap(name, ipa, size, window, r, w, x, device));
      return this;
    }

    /**
     * Adds a vdev window: every access traps to {@code device}. Any alignment: a page that small
     * windows share, or that a window covers only in part, traps to a router of that page. A
     * {@link RomDevice}'s window is instead mapped to its array while it is in ROMD mode; it must
     * be 4 KiB aligned and its array must cover exactly the window.
     */
    public Builder addMmio(String name, long ipa, long size, MmioDevice device) {
      checkPlace(name, ipa, size);
      if (device instanceof RomDevice rom) {
        RomDeviceMemory array = rom.romdMemory();
        if ((ipa & (PAGE - 1)) != 0 || (size & (PAGE - 1)) != 0) {
          throw new IllegalArgumentException(
              String.format("%s at 0x%x, size 0x%x: a ROM device's window must be 4K aligned", name, ipa, size));
        }
        if (array.ipaBase() != ipa || array.size() != size) {
          throw new IllegalArgumentException(
              String.format(
                  "%s: its array [0x%x, 0x%x) is not its window [0x%x, 0x%x)",
                  name, array.ipaBase(), array.ipaEnd(), ipa, ipa + size));
        }
      }
      regions.add(new MmioWindow(name, ipa, size, device));
      return this;
    }

    private void checkPlace(String name, long ipa, long size) {
      if (size <= 0) {
        throw new IllegalArgumentException(name + ": size must be positive, was " + size);
      }
      if (ipa < 0 || ipa + size > 1L << Stage2Tables.IPA_BITS || ipa + size < ipa) {
        throw new IllegalArgumentException(
            String.format(
                "%s [0x%x, 0x%x) lies outside the %d-bit IPA space",
                name, ipa, ipa + size, Stage2Tables.IPA_BITS));
      }
      for (MemoryRegion r : regions) {
        if (ipa < r.ipaEnd() && r.ipaBase() < ipa + size) {
          throw new IllegalArgumentException(
              String.format(
                  "%s [0x%x, 0x%x) overlaps %s [0x%x, 0x%x)",
                  name, ipa, ipa + size, r.name(), r.ipaBase(), r.ipaEnd()));
        }
      }
    }

    /** Builds the stage-2 tables and the memory map. */
    public PhysicalMemory build() {
      List<MemoryRegion> sorted = new ArrayList<>(regions);
      sorted.sort(Comparator.comparingLong(MemoryRegion::ipaBase));
      Stage2Tables tables = new Stage2Tables();
      List<TrapTarget> traps = new ArrayList<>();
      List<MmioWindow> windows = new ArrayList<>();
      TreeSet<Long> sharedPages = new TreeSet<>();
      List<Stage2Listener> listeners = new java.util.concurrent.CopyOnWriteArrayList<>();
      List<RomdWindow> romd = new ArrayList<>();
      for (MemoryRegion region : sorted) {
        switch (region) {
          case GuestRam ram -> {
            int s2ap =
                ram.readOnly() ? Stage2Descriptor.S2AP_READ_ONLY : Stage2Descriptor.S2AP_READ_WRITE;
            mapHost(tables, ram, s2ap, Stage2Descriptor.MEMATTR_NORMAL_WB,
                Stage2Descriptor.SH_INNER, false);
          }
          case PassWindow pass -> {
            int s2ap = (pass.readable() ? 0b01 : 0) | (pass.writable() ? 0b10 : 0);
            if (pass.device()) {
              // Device memory is Outer Shareable whatever SH says; write what hardware uses.
              mapHost(tables, pass, s2ap, Stage2Descriptor.MEMATTR_DEVICE_NGNRE,
                  Stage2Descriptor.SH_OUTER, !pass.executable());
            } else {
              mapHost(tables, pass, s2ap, Stage2Descriptor.MEMATTR_NORMAL_WB,
                  Stage2Descriptor.SH_INNER, !pass.executable());
            }
          }
          case RomDeviceMemory array ->
              // Only a RomDevice brings one, through its window (addMmio).
              throw new IllegalStateException(array.name() + " is not a region of its own");
          case MmioWindow window when window.device() instanceof RomDevice rom -> {
            windows.add(window);
            // Starts in ROMD mode (see RomDevice); the trap target serves the other modes.
            long trap = Stage2Descriptor.trap(traps.size());
            traps.add(new TrapTarget(rom, window.ipaBase()));
            tables.map(window.ipaBase(), window.size(), RomdWindow::romdLeaf);
            romd.add(new RomdWindow(window, rom, rom.romdMemory(), tables, trap, listeners));
          }
          case MmioWindow window -> {
            windows.add(window);
            long first = (window.ipaBase() + PAGE - 1) & -PAGE;
            long last = window.ipaEnd() & -PAGE;
            if (first < last) {
              long trap = Stage2Descriptor.trap(traps.size());
              traps.add(new TrapTarget(window.device(), window.ipaBase()));
              tables.map(first, last - first, (level, ipa) -> trap);
            }
            if ((window.ipaBase() & (PAGE - 1)) != 0 || first > last) {
              sharedPages.add(window.ipaBase() & -PAGE);
            }
            if ((window.ipaEnd() & (PAGE - 1)) != 0) {
              sharedPages.add(window.ipaEnd() & -PAGE);
            }
          }
        }
      }
      MmioBus bus = new MmioBus(windows);
      for (long page : sharedPages) {
        long trap = Stage2Descriptor.trap(traps.size());
        traps.add(new TrapTarget(new SharedTrapPage(page, bus), page));
        tables.map(page, PAGE, (level, ipa) -> trap);
      }
      PhysicalMemory memory = new PhysicalMemory(tables, sorted, traps, bus, romd, listeners);
      for (RomdWindow w : romd) {
        w.device().attachRomdWindow(w);
      }
      return memory;
    }

    private static void mapHost(
        Stage2Tables tables, HostMemoryRegion region, int s2ap, int memAttr, int sh, boolean xn) {
      // PA = IPA: the output address of every block or page is its own IPA.
      tables.map(
          region.ipaBase(),
          region.size(),
          (level, ipa) -> Stage2Descriptor.leaf(level, ipa, s2ap, memAttr, sh, xn));
    }
  }
}
