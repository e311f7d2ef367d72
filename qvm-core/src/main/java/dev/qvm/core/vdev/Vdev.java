package dev.qvm.core.vdev;

import dev.qvm.core.memory.MmioDevice;

/**
 * A virtual device: a register window the guest reaches through an exit (its {@link
 * MmioDevice} side) plus a life cycle. Created by a {@link VdevProvider}.
 */
public interface Vdev extends MmioDevice {

  /** Called once the whole VM is assembled, before the first vCPU runs (start host threads here). */
  default void start() {}

  /** Called when the VM stops: flush output, stop host threads, release host resources. */
  default void close() {}
}
