package dev.qvm.core.memory;

/**
 * Told when stage 2 changes at run time (a {@link RomdWindow} switching): the VM makes every
 * vCPU drop what it cached of the range — soft TLB entries and decoded code — as a hypervisor
 * issues TLBI IPAS2E1IS and invalidates the instruction cache after changing stage-2 descriptors
 * (ARM ARM D8.14, "TLB maintenance requirements").
 */
@FunctionalInterface
public interface Stage2Listener {

  /**
   * The stage-2 translation, or the memory behind it, of [{@code ipa}, {@code ipa + size}) has
   * changed. Called on the thread that made the change, which may be a vCPU's own.
   */
  void stage2Changed(long ipa, long size);
}
