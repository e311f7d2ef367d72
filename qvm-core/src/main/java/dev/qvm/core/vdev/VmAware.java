package dev.qvm.core.vdev;

import dev.qvm.core.vm.VmControl;
import java.util.List;
import java.util.function.Supplier;

/**
 * Implemented by a vdev that acts on the whole VM rather than on the guest alone, as a watchdog
 * does when its reset output fires (QNX: the SP805 vdev terminates the qvm process). The VM
 * assembler calls {@link #attachVm} once the VM exists, before {@link Vdev#start()}.
 */
public interface VmAware {

  /**
   * Hands the vdev the VM's stop control and a way to describe every vCPU's state (one line per
   * vCPU, {@link dev.qvm.core.vm.VirtualCpu#describeState()}) for a report.
   */
  void attachVm(VmControl control, Supplier<List<String>> vcpuStates);
}
