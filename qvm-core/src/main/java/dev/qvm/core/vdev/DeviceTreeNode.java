package dev.qvm.core.vdev;

import dev.qvm.core.boot.FdtBuilder;

/**
 * Implemented by a vdev that the guest finds through the device tree: it writes its own node
 * under the root (compatible strings, reg, interrupts), the way Firecracker's FDT builder asks
 * each device for its node.
 */
public interface DeviceTreeNode {

  /** Where the vdev is in the board, for its node. */
  record Placement(long loc, long size, int intid, int apbClockPhandle) {

    /** The GICv3 binding's 3-cell specifier for this vdev's SPI, level-high (IRQ_TYPE_LEVEL_HIGH). */
    public int[] spiInterrupt() {
      return new int[] {0, intid - 32, 4};
    }
  }

  /** Writes this vdev's node(s); returns the node's path (for {@code stdout-path}) or null. */
  String writeDeviceTree(FdtBuilder fdt, Placement placement);

  /** Whether this vdev can be the guest's console ({@code /chosen/stdout-path}). */
  default boolean isConsole() {
    return false;
  }
}
