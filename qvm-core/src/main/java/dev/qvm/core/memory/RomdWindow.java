package dev.qvm.core.memory;

import java.util.List;

/**
 * The stage-2 switch of one {@link RomDevice}'s window: in ROMD mode its pages are mapped to the
 * device's {@link RomDeviceMemory} with S2AP read-only and execute allowed, so reads and fetches
 * run at RAM speed and a write is a stage-2 permission fault that the hypervisor hands to the
 * device (as KVM does with a read-only memory slot); otherwise every page is a trap descriptor and
 * every access is an exit. Each switch rewrites the window's leaf descriptors in place and then
 * tells the {@link Stage2Listener}s, so every vCPU drops the translations and decoded code it
 * cached from the old mapping. Created by {@link PhysicalMemory.Builder#build()}.
 */
public final class RomdWindow {

  private final MmioWindow window;
  private final RomDevice device;
  private final RomDeviceMemory memory;
  private final Stage2Tables tables;
  private final long trapDescriptor;
  private final List<Stage2Listener> listeners;
  private boolean romd = true;
  private long switches;

  RomdWindow(
      MmioWindow window,
      RomDevice device,
      RomDeviceMemory memory,
      Stage2Tables tables,
      long trapDescriptor,
      List<Stage2Listener> listeners) {
    this.window = window;
    this.device = device;
    this.memory = memory;
    this.tables = tables;
    this.trapDescriptor = trapDescriptor;
    this.listeners = listeners;
  }

  /** The stage-2 leaf for a ROMD page or block: read-only, executable, Normal write-back. */
  static long romdLeaf(int level, long ipa) {
    // PA = IPA, as for every host region (see Stage2Tables).
    return Stage2Descriptor.leaf(
        level,
        ipa,
        Stage2Descriptor.S2AP_READ_ONLY,
        Stage2Descriptor.MEMATTR_NORMAL_WB,
        Stage2Descriptor.SH_INNER,
        false);
  }

  /** The window as the configuration declared it. */
  public MmioWindow window() {
    return window;
  }

  /** The device that takes the writes, and every access outside ROMD mode. */
  public RomDevice device() {
    return device;
  }

  /** The array mapped in ROMD mode. */
  public RomDeviceMemory memory() {
    return memory;
  }

  /** True while stage 2 maps the array (reads and fetches do not exit). */
  public synchronized boolean isRomd() {
    return romd;
  }

  /** How many times the window has switched (statistics and tests). */
  public synchronized long switches() {
    return switches;
  }

  /**
   * Maps the array ({@code true}: ROMD mode) or makes the whole window trap ({@code false}); no
   * change when already so. Every switch, either way, makes every vCPU drop its cached
   * translations and the code it decoded from the window — in particular, leaving ROMD mode for a
   * program or erase and coming back drops code decoded from the old contents.
   */
  public void setRomd(boolean mapped) {
    synchronized (this) {
      if (mapped == romd) {
        return;
      }
      romd = mapped;
      switches++;
      tables.remap(window.ipaBase(), window.size(), mapped ? RomdWindow::romdLeaf : (level, ipa) -> trapDescriptor);
    }
    for (Stage2Listener l : listeners) {
      l.stage2Changed(window.ipaBase(), window.size());
    }
  }
}
