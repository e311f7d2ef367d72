package dev.qvm.core.irq;

import java.util.List;

/**
 * A VM's interrupt side as the assembler builds it and the VM runs it: the controller (null when
 * no provider is installed), the statistics, the host gates of pass-through interrupts and the
 * backends that raise them.
 */
public final class VmInterrupts {

  private final InterruptController controller;
  private final InterruptStatistics statistics;
  private final List<HostInterruptGate> gates;
  private final List<HostIrqSource> backends;

  public VmInterrupts(InterruptController controller, InterruptStatistics statistics, List<HostInterruptGate> gates, List<? extends HostIrqSource> backends) {
    this.controller = controller;
    this.statistics = statistics;
    this.gates = List.copyOf(gates);
    this.backends = List.copyOf(backends);
  }

  /** No interrupt controller at all (tests of the bare CPU). */
  public static VmInterrupts none() {
    return new VmInterrupts(null, new InterruptStatistics(), List.of(), List.of());
  }

  /** The controller, or null. */
  public InterruptController controller() {
    return controller;
  }

  public InterruptStatistics statistics() {
    return statistics;
  }

  public List<HostInterruptGate> gates() {
    return gates;
  }

  /** The guest is shutting down: every host-owned source stays masked from now on. */
  public void shutdown() {
    gates.forEach(HostInterruptGate::shutdown);
  }

  /** Stops the backends (they were started when the VM was assembled). */
  public void close() {
    shutdown();
    backends.forEach(HostIrqSource::close);
  }
}
