package dev.qvm.core.vm;

import dev.qvm.core.config.VcpuLayout;
import dev.qvm.core.config.VmLayout;
import dev.qvm.core.irq.InterruptController;
import dev.qvm.core.irq.InterruptStatistics;
import dev.qvm.core.irq.PeSignals;
import dev.qvm.core.irq.VmInterrupts;
import dev.qvm.core.memory.PhysicalMemory;
import dev.qvm.core.semihosting.HeapInfo;
import dev.qvm.core.semihosting.Semihosting;
import dev.qvm.core.vdev.Vdev;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One assembled virtual machine and its life cycle: vdevs started, {@code vcpu0} started at the
 * entry point (the others powered off until PSCI CPU_ON), one platform thread per running vCPU,
 * and a stop that ends every vCPU and closes every vdev. Built by {@link VmAssembler}.
 */
public final class Vm implements VmControl {
  private static final Logger log = LoggerFactory.getLogger(Vm.class);

  /** A vCPU thread's state as PSCI AFFINITY_INFO reports it. */
  private static final int OFF = 1;

  private static final int ON = 0;

  /** Between a CPU_ON and the start of the vCPU's thread. */
  private static final int ON_PENDING = 2;

  private final VmLayout layout;
  private final PhysicalMemory memory;
  private final List<Vdev> vdevs;
  private final long entry;
  private final VirtualCpu[] vcpus;
  private final Thread[] threads;
  private final AtomicInteger[] power;
  private final Semihosting semihosting;
  private final Psci psci;
  private final AtomicReference<StopReason> stop = new AtomicReference<>();
  private final CountDownLatch stopped = new CountDownLatch(1);
  private final AtomicInteger running = new AtomicInteger();
  private final VmInterrupts interrupts;
  private long startNanos;

  /** Why the VM stopped: the exit code and a message for the log. */
  public record StopReason(int exitCode, String message) {}

  Vm(VmLayout layout, PhysicalMemory memory, List<Vdev> vdevs, VcpuFactory factory, long entry, boolean semihostingOn, HeapInfo heap, VmAssembler.Options options, VmInterrupts interrupts) {
    this.layout = layout;
    this.interrupts = interrupts;
    this.memory = memory;
    this.vdevs = vdevs;
    this.entry = entry;
    // SYS_GET_CMDLINE returns the config's cmdline, as QEMU returns its -append text (after the
    // kernel's name) to a semihosting guest: test guests read their parameters from it.
    this.semihosting = semihostingOn
        ? new Semihosting(this, java.io.InputStream.nullInputStream(), options.stdout(), options.stdout(), heap,
            layout.config().cmdline().orElse(""), dev.qvm.core.semihosting.HostClock.SYSTEM)
        : null;
    this.psci = new Psci(new PowerControl());
    List<VcpuLayout> cpus = layout.vcpus();
    this.vcpus = new VirtualCpu[cpus.size()];
    this.threads = new Thread[cpus.size()];
    this.power = new AtomicInteger[cpus.size()];
    this.cpuNanos = new java.util.concurrent.atomic.AtomicLongArray(cpus.size());
    VcpuExits exits = new Exits();
    for (int i = 0; i < vcpus.length; i++) {
      vcpus[i] = factory.create(i, cpus.get(i).mpidr(), memory, exits, layout.config().unsupported());
      power[i] = new AtomicInteger(OFF);
    }
    // A ROM device switching modes changes stage 2 under running vCPUs: each drops what it cached.
    memory.addStage2Listener(
        (ipa, size) -> {
          for (VirtualCpu c : vcpus) {
            c.invalidateStage2(ipa, size);
          }
        });
    InterruptController gic = interrupts.controller();
    if (gic != null) {
      // ARCHITECTURE.md section 5: each vCPU's ICC_* registers reach its CPU interface, the GIC
      // drives its IRQ/FIQ inputs, and its timers drive PPIs 27/30 on its own redistributor.
      for (int i = 0; i < vcpus.length; i++) {
        PeSignals pe = vcpus[i].connectInterruptController(gic.cpuInterface(i));
        gic.attach(i, pe);
        vcpus[i].connectTimerInterrupts(gic.ppi(i, 27), gic.ppi(i, 30));
      }
    }
  }

  /** The interrupt controller, or null when none is installed. */
  public InterruptController interruptController() {
    return interrupts.controller();
  }

  /** Per-INTID interrupt statistics ({@code --stats}). */
  public InterruptStatistics interruptStatistics() {
    return interrupts.statistics();
  }

  /** The host gates (mask-until-EOI) of the board's {@code pass intr} lines, in config order. */
  public List<dev.qvm.core.irq.HostInterruptGate> hostInterruptGates() {
    return interrupts.gates();
  }

  public VmLayout layout() {
    return layout;
  }

  public PhysicalMemory memory() {
    return memory;
  }

  public List<VirtualCpu> vcpus() {
    return List.of(vcpus);
  }

  /** X0 for vCPU 0 at entry: the device tree's IPA. */
  private long bootArgument;

  /** Sets X0 for vCPU 0 at entry (the device tree's IPA, as the Linux boot protocol wants). */
  void setBootArgument(long x0) {
    this.bootArgument = x0;
  }

  /** The device tree's IPA (X0 of vCPU 0 at entry). */
  public long deviceTreeIpa() {
    return bootArgument;
  }

  /** The entry point of vCPU 0. */
  public long entry() {
    return entry;
  }

  /**
   * Runs the guest until it stops (or {@code timeout} passes, if not null) and returns the exit
   * code: the guest's (semihosting or PSCI), or {@link ExitCodes#TIMEOUT}.
   */
  public StopReason run(Duration timeout) {
    startNanos = System.nanoTime();
    for (Vdev v : vdevs) {
      v.start();
    }
    vcpus[0].setEntry(entry, bootArgument);
    startVcpu(0);
    try {
      boolean done = timeout == null ? await() : stopped.await(timeout.toNanos(), TimeUnit.NANOSECONDS);
      if (!done) {
        // Say where each vCPU was: "it timed out" alone does not tell a CI user whether the
        // guest hung in a loop, waited for an interrupt or was still busy.
        StringBuilder where = new StringBuilder("timeout of " + timeout + " expired");
        for (VirtualCpu c : vcpus) {
          String state = c.describeState();
          where.append(System.lineSeparator()).append("qvm:   ")
              .append(state.startsWith("vcpu") ? "" : "vcpu" + c.index() + " ").append(state);
        }
        requestStop(ExitCodes.TIMEOUT, where.toString());
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      requestStop(ExitCodes.SIGINT, "interrupted");
    }
    for (Thread t : threads) {
      if (t != null) {
        try {
          t.join(2000);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
        }
      }
    }
    releaseHostResources();
    return stop.get();
  }

  /**
   * Releases what assembly opened on the host (interrupt backends, vdev files, sockets and
   * threads) for a VM that will not run or has run: {@code qvm check} and {@code qvm dtb} call
   * this. Idempotent.
   */
  public void close() {
    releaseHostResources();
  }

  private final java.util.concurrent.atomic.AtomicBoolean released = new java.util.concurrent.atomic.AtomicBoolean();

  private void releaseHostResources() {
    if (!released.compareAndSet(false, true)) {
      return;
    }
    interrupts.close();
    for (Vdev v : vdevs) {
      try {
        v.close();
      } catch (RuntimeException e) {
        log.warn("closing vdev failed: {}", e.toString());
      }
    }
  }

  private boolean await() throws InterruptedException {
    stopped.await();
    return true;
  }

  /** Wall time since {@link #run} started. */
  public Duration elapsed() {
    return Duration.ofNanos(System.nanoTime() - startNanos);
  }

  private void startVcpu(int index) {
    power[index].set(ON);
    running.incrementAndGet();
    VirtualCpu cpu = vcpus[index];
    Thread t = Thread.ofPlatform().name("vcpu" + index).unstarted(() -> runVcpu(index, cpu));
    threads[index] = t;
    t.start();
  }

  /** Host CPU time each vCPU's threads used, summed over its power-ons (nanoseconds). */
  private final java.util.concurrent.atomic.AtomicLongArray cpuNanos;

  /**
   * The host CPU time vCPU {@code index} has used so far, counted when its thread ends (so final
   * once {@link #run} has returned). Instructions per CPU-second measure the interpreter itself,
   * unlike wall-clock MIPS, which a busy host drags down.
   */
  public Duration cpuTime(int index) {
    return Duration.ofNanos(cpuNanos.get(index));
  }

  private void runVcpu(int index, VirtualCpu cpu) {
    try {
      cpu.run();
    } catch (Throwable t) {
      // A Java exception here is a bug in qvm, not something the guest did: report it with the
      // guest's state and stop, never leave the VM half alive.
      log.debug("vcpu{} failed", index, t);
      requestStop(ExitCodes.UNEXPECTED, "internal error on vcpu" + index + " (" + cpu.describeState() + "): " + t);
    } finally {
      var threadMx = java.lang.management.ManagementFactory.getThreadMXBean();
      if (threadMx.isCurrentThreadCpuTimeSupported()) {
        cpuNanos.addAndGet(index, threadMx.getCurrentThreadCpuTime());
      }
      power[index].set(OFF);
      if (running.decrementAndGet() == 0 && stop.get() == null) {
        requestStop(ExitCodes.GUEST_OFF, "every vCPU is off");
      }
    }
  }

  @Override
  public void requestStop(int exitCode, String reason) {
    if (stop.compareAndSet(null, new StopReason(exitCode, reason))) {
      // Seeds: the guest's interrupts are masked again when it starts shutting down.
      interrupts.shutdown();
      log.info("VM stopping: {} (exit code {})", reason, exitCode);
      for (VirtualCpu c : vcpus) {
        c.requestStop();
      }
      stopped.countDown();
    }
  }

  @Override
  public boolean stopping() {
    return stop.get() != null;
  }

  /** The exits every vCPU of this VM shares. */
  private final class Exits implements VcpuExits {
    @Override
    public boolean semihostingEnabled() {
      return semihosting != null;
    }

    @Override
    public void semihosting(VcpuContext vcpu) {
      semihosting.call(vcpu);
    }

    @Override
    public void hypercall(VcpuContext vcpu, boolean smc, int imm16) {
      dev.qvm.core.stats.VcpuCounters counters = vcpus[vcpu.index()].counters();
      if (imm16 != 0) {
        counters.otherSmcccCalls++;
        vcpu.setX(0, Psci.NOT_SUPPORTED); // SMCCC: the immediate must be 0
        return;
      }
      Psci.count(counters, (int) vcpu.x(0));
      psci.call(vcpu);
    }

    @Override
    public void exceptionLoop(VcpuContext vcpu, String report) {
      requestStop(ExitCodes.EXCEPTION_LOOP, report);
    }

    @Override
    public void unsupportedAbort(VcpuContext vcpu, String what) {
      requestStop(ExitCodes.UNSUPPORTED_ABORT, "vcpu" + vcpu.index() + ": " + what + " (unsupported ... abort)");
    }
  }

  private final class PowerControl implements Psci.Power {
    @Override
    public long cpuOn(long mpidr, long entryPoint, long contextId) {
      int index = indexOf(mpidr);
      if (index < 0) {
        return Psci.INVALID_PARAMETERS;
      }
      // DEN 0022 5.6: a vCPU that is on is ALREADY_ON; one being started by an earlier CPU_ON
      // is ON_PENDING. The compare-and-set makes two racing CPU_ONs start it once.
      if (!power[index].compareAndSet(OFF, ON_PENDING)) {
        return power[index].get() == ON_PENDING ? Psci.ON_PENDING : Psci.ALREADY_ON;
      }
      Thread old = threads[index];
      if (old != null) {
        try {
          old.join();
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return Psci.INTERNAL_FAILURE;
        }
      }
      vcpus[index].setEntry(entryPoint, contextId);
      startVcpu(index);
      return Psci.SUCCESS;
    }

    @Override
    public long cpuOff(int vcpu) {
      vcpus[vcpu].requestStop();
      return Psci.SUCCESS;
    }

    @Override
    public long affinityInfo(long mpidr) {
      int index = indexOf(mpidr);
      return index < 0 ? Psci.INVALID_PARAMETERS : power[index].get();
    }

    @Override
    public void systemOff() {
      requestStop(ExitCodes.GUEST_OFF, "PSCI SYSTEM_OFF");
    }

    @Override
    public void systemReset() {
      switch (layout.variables().systemReset()) {
        case RESTART -> requestStop(ExitCodes.RESTART, "PSCI SYSTEM_RESET: the board boots again");
        case EXIT -> requestStop(ExitCodes.GUEST_RESET, "PSCI SYSTEM_RESET (set system-reset exit)");
        // QNX's qvm ends on a guest's reboot (exit 0) and leaves the restart to whoever started it.
        default -> requestStop(ExitCodes.GUEST_OFF, "PSCI SYSTEM_RESET (set system-reset stop)");
      }
    }


    private int indexOf(long mpidr) {
      List<VcpuLayout> cpus = layout.vcpus();
      for (int i = 0; i < cpus.size(); i++) {
        if ((cpus.get(i).mpidr() & 0xff_00ff_ffffL) == (mpidr & 0xff_00ff_ffffL)) {
          return i;
        }
      }
      return -1;
    }
  }
}
