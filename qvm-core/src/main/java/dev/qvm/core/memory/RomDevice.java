package dev.qvm.core.memory;

/**
 * A device whose window is memory for reads in one mode and registers in the others: NOR flash
 * (read-array mode versus its command modes), and QEMU's "ROM device" regions, which call the
 * first mode ROMD. While the device is in ROMD mode stage 2 maps its {@link #romdMemory()} read
 * and execute, so the guest fetches and loads at RAM speed without an exit, and only writes trap
 * (to {@link #write}); in the other modes the whole window traps, reads included. The device
 * switches modes through the {@link RomdWindow} it is given.
 *
 * <p>The window starts in ROMD mode: flash powers up in read-array mode (Intel StrataFlash
 * datasheets, "Read Array"), which is how firmware can execute from it at reset.
 */
public interface RomDevice extends MmioDevice {

  /** The array stage 2 maps in ROMD mode; it covers the whole window, at the window's IPA. */
  RomDeviceMemory romdMemory();

  /**
   * Called once, when the memory map is built, with the switch for this device's window; the
   * device then calls {@link RomdWindow#setRomd} whenever it enters or leaves ROMD mode.
   */
  void attachRomdWindow(RomdWindow window);
}
