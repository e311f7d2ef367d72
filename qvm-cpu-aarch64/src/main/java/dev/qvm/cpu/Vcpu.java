package dev.qvm.cpu;

import dev.qvm.core.memory.AccessType;
import dev.qvm.core.memory.IpaSpace;
import dev.qvm.core.memory.PageMapping;
import dev.qvm.core.vm.VirtualCpu;
import dev.qvm.core.vm.VcpuExits;
import dev.qvm.cpu.exec.CodePages;
import dev.qvm.cpu.exec.Cpu;
import dev.qvm.cpu.mmu.Mmu;

/**
 * One virtual CPU: an AArch64 processing element at EL0/EL1 and the host's handle on it. The VM
 * creates one per {@code cpu} in the config and runs {@link #run()} on a platform thread named
 * {@code vcpuN}.
 */
public final class Vcpu implements VirtualCpu {

  private final int index;
  private final Cpu cpu;
  private final CodePages codePages;

  /** The thread in {@link #run()}, else null. */
  private volatile Thread owner;

  /**
   * @param index the vCPU number ({@code vcpu0} is 0)
   * @param model the processor model
   * @param ipaSpace the VM's stage-2-translated address space
   * @param codePages the VM's decoded-code pages, shared by all its vCPUs
   * @param exits where semihosting and SMCCC calls go
   */
  public Vcpu(int index, CpuModel model, IpaSpace ipaSpace, CodePages codePages, VcpuExits exits) {
    this.index = index;
    this.codePages = codePages;
    Mmu mmu = new Mmu(ipaSpace, codePages);
    this.cpu = new Cpu(model, mmu, codePages, exits);
    cpu.context = this;
  }

  /** Connects the GIC CPU interface (ICC_* registers) and returns the PE's interrupt inputs. */
  @Override
  public dev.qvm.core.irq.PeSignals connectInterruptController(dev.qvm.core.irq.CpuInterface cpuInterface) {
    cpu.gicCpuInterface = cpuInterface;
    return new dev.qvm.core.irq.PeSignals() {
      @Override
      public void setIrq(boolean asserted) {
        cpu.setIrqLine(asserted);
      }

      @Override
      public void setFiq(boolean asserted) {
        cpu.setFiqLine(asserted);
      }
    };
  }

  /** Drives PPIs 27/30 from the generic timer (see {@link dev.qvm.cpu.timer.TimerInterrupts}). */
  @Override
  public void connectTimerInterrupts(dev.qvm.core.irq.InterruptLine virtualTimer, dev.qvm.core.irq.InterruptLine physicalTimer) {
    var outputs = new dev.qvm.cpu.timer.TimerInterrupts(cpu.sys.timer, virtualTimer, physicalTimer);
    cpu.timerListener = outputs::update;
    outputs.update();
  }

  /** The interpreter state (tests, the GDB stub and tracing read it). */
  public Cpu cpu() {
    return cpu;
  }

  /**
   * Resets the PE (EL1h, MMU off, DAIF masked: the state the Linux boot protocol and PSCI
   * CPU_ON require) and sets where execution starts and X0 (x1..x3 = 0).
   */
  @Override
  public void setEntry(long pc, long x0) {
    cpu.reset();
    cpu.clearStop();
    cpu.pc = pc;
    cpu.x[0] = x0;
    cpu.x[1] = cpu.x[2] = cpu.x[3] = 0;
    Runnable timers = cpu.timerListener;
    if (timers != null) {
      timers.run(); // the reset changed the timer registers: their outputs follow
    }
  }

  @Override
  public String describeState() {
    return String.format("vcpu%d PC=0x%x EL%d DAIF=%s ESR_EL1=0x%x FAR_EL1=0x%x %s", index, cpu.pc, cpu.el,
        daifLetters(cpu.daif), cpu.sys.esrEl1, cpu.sys.farEl1, cpu.activity());
  }

  /** PSTATE.{D,A,I,F} as a debugger shows them: a letter for each masked exception, "-" if none. */
  private static String daifLetters(int daif) {
    StringBuilder sb = new StringBuilder();
    if ((daif & 0x200) != 0) sb.append('D');
    if ((daif & 0x100) != 0) sb.append('A');
    if ((daif & 0x080) != 0) sb.append('I');
    if ((daif & 0x040) != 0) sb.append('F');
    return sb.isEmpty() ? "-" : sb.toString();
  }

  /** Runs until {@link #requestStop()}; call on the vCPU's own thread. */
  @Override
  public void run() {
    owner = Thread.currentThread();
    try {
      cpu.run();
    } finally {
      owner = null;
    }
  }

  /**
   * Drops the decoded code of the range from the VM's shared pages, and this PE's soft TLB and
   * fetch lookups: at once on its own thread (its store switched a ROM device, and the next
   * access must see the new mapping), else at its next slice, as a broadcast TLBI does.
   */
  @Override
  public void invalidateStage2(long ipa, long size) {
    codePages.drop(ipa, size);
    if (Thread.currentThread() == owner) {
      cpu.translationChanged();
    } else {
      cpu.shootdown.request(dev.qvm.cpu.exec.TlbShootdown.ALL_PAGES);
    }
  }

  /** Asks the vCPU to stop at the next instruction boundary (any thread). */
  @Override
  public void requestStop() {
    cpu.requestStop();
  }

  @Override
  public long instructionsRetired() {
    return cpu.instructionsRetired;
  }

  @Override
  public dev.qvm.core.stats.VcpuCounters counters() {
    // The hits live in the MMU, next to the TLB arrays its fast paths touch anyway.
    cpu.counters.tlbReadHits = cpu.mmu.tlbReadHits();
    cpu.counters.tlbWriteHits = cpu.mmu.tlbWriteHits();
    return cpu.counters;
  }

  @Override
  public int index() {
    return index;
  }

  @Override
  public long x(int n) {
    return n >= 31 ? 0 : cpu.x[n];
  }

  @Override
  public void setX(int n, long value) {
    cpu.setX(n, value);
  }

  @Override
  public long pc() {
    // During an exit the CPU has already advanced PC past the trapping instruction.
    return cpu.pc - 4;
  }

  /** PSCI CPU_SUSPEND (standby): waits as WFI does, on this vCPU's own thread. */
  @Override
  public void waitForInterrupt() {
    dev.qvm.cpu.exec.SystemInstructions.waitForInterrupt(cpu);
  }

  @Override
  public boolean readVirtual(long va, byte[] dst, int offset, int length) {
    for (int i = 0; i < length; i++) {
      long ipa = translateQuietly(va + i, AccessType.READ);
      if (ipa < 0) {
        return false;
      }
      PageMapping m = cpu.mmu.ipaSpace().lookup(ipa);
      if (m.kind() == PageMapping.Kind.RAM && m.readable()) {
        dst[offset + i] = m.buffer().get(m.bufferOffset() + ((int) ipa & 0xfff));
      } else if (m.kind() == PageMapping.Kind.MMIO) {
        dst[offset + i] = (byte) m.device().read(m.deviceOffset() + (ipa & 0xfff), 1);
      } else {
        return false;
      }
    }
    return true;
  }

  @Override
  public boolean writeVirtual(long va, byte[] src, int offset, int length) {
    for (int i = 0; i < length; i++) {
      long ipa = translateQuietly(va + i, AccessType.WRITE);
      if (ipa < 0) {
        return false;
      }
      PageMapping m = cpu.mmu.ipaSpace().lookup(ipa);
      if (m.kind() != PageMapping.Kind.RAM || !m.writable()) {
        return false;
      }
      m.buffer().put(m.bufferOffset() + ((int) ipa & 0xfff), src[offset + i]);
    }
    return true;
  }

  /** Stage 1 without taking an exception: -1 on a fault. */
  private long translateQuietly(long va, AccessType type) {
    long par = cpu.mmu.translateForAt(va, type == AccessType.WRITE, 1);
    if ((par & 1) != 0) {
      return -1;
    }
    return (par & 0x0000_ffff_ffff_f000L) | (va & 0xfff);
  }
}
