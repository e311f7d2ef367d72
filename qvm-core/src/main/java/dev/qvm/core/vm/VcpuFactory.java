package dev.qvm.core.vm;

import dev.qvm.core.config.UnsupportedPolicy;
import dev.qvm.core.memory.IpaSpace;

/**
 * Makes the VM's vCPUs. The CPU module implements it; core does not know any instruction set
 * (ARCHITECTURE.md section 2), and the CLI hands the AArch64 factory to the VM.
 */
public interface VcpuFactory {

  /**
   * @param index vCPU number ({@code vcpu0} is 0)
   * @param mpidr the MPIDR_EL1 value (affinity) the guest sees
   * @param memory the VM's IPA space, shared by all vCPUs
   * @param exits where the vCPU's hypercalls and semihosting calls go
   * @param unsupported what unsupported guest operations do
   */
  VirtualCpu create(int index, long mpidr, IpaSpace memory, VcpuExits exits, UnsupportedPolicy unsupported);
}
