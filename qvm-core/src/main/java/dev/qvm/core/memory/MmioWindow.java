package dev.qvm.core.memory;

import java.util.Objects;

/**
 * A vdev's register window: stage 2 maps it as a trap, so every guest access is an exit that
 * calls {@link #device()} with an offset from {@link #ipaBase()} — except a {@link RomDevice}'s
 * window while it is in ROMD mode (see {@link RomdWindow}).
 *
 * @param name the vdev's instance name
 * @param ipaBase first IPA of the window
 * @param size window length in bytes
 * @param device the device that handles the exits
 */
public record MmioWindow(String name, long ipaBase, long size, MmioDevice device)
    implements MemoryRegion {

  public MmioWindow {
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(device, "device");
  }

  @Override
  public Kind kind() {
    return Kind.MMIO;
  }

  @Override
  public String access() {
    // A ROM device's window is mapped read/execute in ROMD mode (its power-up mode).
    return device instanceof RomDevice ? "trap, romd r-x" : "trap";
  }
}
