package dev.qvm.core.irq;

import java.io.IOException;

/**
 * What raises a pass-through host interrupt in place of real hardware (QVMCONF.md {@code pass
 * irq}): a channel another program writes to ({@link HostIrqBackend}) or a periodic source inside
 * qvm ({@link PeriodicHostIrq}). Each assertion goes to the source's {@link HostInterruptGate}.
 */
public interface HostIrqSource extends AutoCloseable {

  /** Opens what the source needs and starts its thread (when the VM is assembled). */
  void start() throws IOException;

  /** Stops the source; no assertion follows once the VM has stopped. */
  @Override
  void close();
}
