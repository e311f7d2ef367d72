package dev.qvm.cpu;

import dev.qvm.core.config.UnsupportedPolicy;
import dev.qvm.core.memory.IpaSpace;
import dev.qvm.core.vm.VcpuExits;
import dev.qvm.core.vm.VcpuFactory;
import dev.qvm.core.vm.VirtualCpu;
import dev.qvm.cpu.exec.CodePages;
import dev.qvm.cpu.mmu.Mmu;

/**
 * Makes AArch64 vCPUs of one {@link CpuModel} for one VM; they share the VM's decoded code
 * pages.
 */
public final class Aarch64VcpuFactory implements VcpuFactory {
  private final CpuModel model;
  private final boolean icount;
  private final CodePages codePages = new CodePages();
  private final java.util.List<dev.qvm.cpu.exec.Cpu> cpus = new java.util.concurrent.CopyOnWriteArrayList<>();

  public Aarch64VcpuFactory(CpuModel model) {
    this(model, false);
  }

  /**
   * @param icount guest time from instructions retired (deterministic runs), else host time
   */
  public Aarch64VcpuFactory(CpuModel model, boolean icount) {
    this.model = model;
    this.icount = icount;
  }

  @Override
  public VirtualCpu create(int index, long mpidr, IpaSpace memory, VcpuExits exits, UnsupportedPolicy unsupported) {
    Vcpu vcpu = new Vcpu(index, model, memory, codePages, exits);
    dev.qvm.cpu.exec.Cpu self = vcpu.cpu();
    if (!cpus.isEmpty()) {
      self.sys.timer.shareCounterWith(cpus.get(0).sys.timer); // one system counter (D11.1.2)
    }
    cpus.add(self);
    // SEV, and a store that clears other PEs' exclusive monitors, set every other PE's event
    // register and wake it from WFE (D1.16.1): the way a spin_unlock wakes the waiters.
    self.shootdown.broadcast =
        (issuer, va) -> {
          for (dev.qvm.cpu.exec.Cpu other : cpus) {
            if (other != issuer) {
              issuer.shootdown.awaitAtNextDsb(other.shootdown, other.shootdown.request(va));
            }
          }
        };
    self.sendEventBroadcast =
        () -> {
          for (dev.qvm.cpu.exec.Cpu other : cpus) {
            if (other != self) {
              other.signalEvent();
            }
          }
        };
    vcpu.cpu().sys.mpidr = 0x8000_0000L | mpidr;
    if (icount) {
      var cpu = vcpu.cpu();
      cpu.sys.timer.useInstructionClock(() -> cpu.instructionsRetired);
    }
    self.abortOnUndefined = unsupported.instruction() == UnsupportedPolicy.Action.ABORT;
    self.mmu.abortHandler =
        (va, ipa, size, write) -> {
          exits.unsupportedAbort(self.context, String.format("unsupported reference: %d-byte %s at IPA 0x%x (VA 0x%x), PC 0x%x",
              size, write ? "write" : "read", ipa, va, self.pc - 4));
          self.requestStop();
        };
    vcpu.cpu().mmu.referencePolicy =
        switch (unsupported.reference()) {
          case IGNORE -> Mmu.ReferencePolicy.IGNORE;
          case FAIL -> Mmu.ReferencePolicy.FAIL;
          case ABORT -> Mmu.ReferencePolicy.ABORT;
        };
    return vcpu;
  }
}
