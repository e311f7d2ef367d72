package dev.qvm.cpu.trace;

import dev.qvm.cpu.exception.GuestException;
import dev.qvm.cpu.exec.Cpu;

/**
 * The instruction loop of one vCPU while a debugger or tracer is attached: {@link Cpu#run()} runs
 * this instead of its own loop when {@link Cpu#debugLoop} is set. It checks, before every
 * instruction, for a halt request, a breakpoint and a pending interrupt; it traces the
 * instruction; it executes exactly one instruction with {@link Cpu#step(int)}; and it stops after
 * a single step or a watchpoint hit. The normal loop of {@link Cpu} is left untouched, so none of
 * this costs anything when nobody debugs (ARCHITECTURE.md section 7).
 *
 * <p>Watchpoints (and the mmio/mmu trace kinds) are seen through the MMU's {@link
 * MemoryObserver}: this loop installs itself as the observer and, while watchpoints exist, makes
 * the MMU skip its TLB so that every access reaches it. A watched access abandons its instruction
 * before the access, as an ARM watchpoint does (ARM ARM D2.10: the watchpoint exception is taken
 * before the access), and the resume executes that instruction with watchpoints ignored once.
 */
public final class DebugLoop implements MemoryObserver {

  /** How often (in instructions) the generic timer is polled under {@code --icount}. */
  private static final int TIMER_POLL = 256;

  private final int vcpu;
  private final DebugControl control;
  private final VcpuTracer tracer;
  private Cpu cpu;
  private boolean watchHit;
  private boolean ignoreWatchpoints;

  /**
   * @param vcpu the vCPU's index
   * @param control the debugger, or null when only tracing
   * @param tracer the vCPU's tracer, or null when only debugging
   */
  public DebugLoop(int vcpu, DebugControl control, VcpuTracer tracer) {
    this.vcpu = vcpu;
    this.control = control;
    this.tracer = tracer;
  }

  /** Runs {@code cpu} until a real stop request (not a debugger's kick). */
  public void run(Cpu cpu) {
    this.cpu = cpu;
    if (control != null) {
      control.started(vcpu, cpu);
    }
    boolean stepping = false;
    long skipBreakpointAt = -1;
    int timerPoll = 0;
    try {
      configureMmu();
      while (true) {
        if (cpu.stopRequested()) {
          if (control == null || !control.consumeKick(vcpu)) {
            break;
          }
          cpu.clearStop();
          if (control.vmStopping()) {
            cpu.requestStop(); // the VM's own stop arrived with the kick: keep it
            break;
          }
        }
        if (control != null && control.haltPending()) {
          stepping = control.halt(vcpu, cpu) == DebugControl.STEP;
          configureMmu(); // watchpoints may have changed while halted
          continue;
        }
        cpu.mmu.serviceRequests();
        if (cpu.timerListener != null && cpu.sys.timer.icount() && ++timerPoll >= TIMER_POLL) {
          timerPoll = 0;
          cpu.timerListener.run();
        }
        // A single step executes exactly one instruction of the program, so it takes no
        // interrupt (as QEMU's gdbstub does by default).
        if (!stepping && cpu.takeInterruptIfDeliverable() && tracer != null) {
          tracer.interruptTaken(cpu);
        }
        long pc = cpu.pc;
        if (control != null) {
          if (pc != skipBreakpointAt && control.breakpointAt(pc)) {
            if (control.stopped(vcpu, DebugControl.StopReason.BREAKPOINT)) {
              skipBreakpointAt = pc; // resuming executes the instruction under the breakpoint
            }
            continue;
          }
          skipBreakpointAt = -1;
        }
        if (tracer != null && !tracer.beforeInstruction(cpu)) {
          continue; // the fetch faulted: the abort was taken, PC is at its vector
        }
        watchHit = false;
        long retired = cpu.instructionsRetired;
        cpu.step(1);
        if (retired == cpu.instructionsRetired && cpu.pc == pc) {
          continue; // a kick arrived first: step() executed nothing
        }
        ignoreWatchpoints = false;
        if (watchHit) {
          // The instruction was abandoned before its access: make it the next one again.
          cpu.pc = pc;
          cpu.instructionsRetired--;
          if (control.stopped(vcpu, DebugControl.StopReason.WATCHPOINT)) {
            ignoreWatchpoints = true;
          }
          stepping = false;
          continue;
        }
        if (tracer != null) {
          tracer.afterInstruction(cpu);
        }
        if (stepping) {
          stepping = false;
          control.stopped(vcpu, DebugControl.StopReason.STEP);
        }
      }
    } finally {
      cpu.mmu.observer = null;
      if (cpu.mmu.bypassTlb) {
        cpu.mmu.bypassTlb = false;
        cpu.mmu.flushAll();
      }
      if (control != null) {
        control.exited(vcpu);
      }
      if (tracer != null) {
        tracer.flush();
      }
    }
  }

  /** Installs this loop as the MMU's observer when someone needs to see accesses. */
  private void configureMmu() {
    boolean watching = control != null && control.watching();
    boolean tracing = tracer != null && tracer.observesMemory();
    cpu.mmu.observer = watching || tracing ? this : null;
    if (cpu.mmu.bypassTlb != watching) {
      cpu.mmu.bypassTlb = watching;
      cpu.mmu.flushAll(); // entries cached before would let watched accesses skip the observer
    }
  }

  @Override
  public void access(long va, long ipa, int size, boolean write, long value) {
    if (control != null && !ignoreWatchpoints && control.watchpointHit(vcpu, va, size, write)) {
      watchHit = true;
      throw GuestException.INSTANCE;
    }
    if (tracer != null) {
      tracer.access(cpu, va, ipa, size, write, value);
    }
  }
}
