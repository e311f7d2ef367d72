package dev.qvm.cpu.trace;

import dev.qvm.cpu.exec.Cpu;

/**
 * What a debugger (the GDB stub) decides for the {@link DebugLoop} of each vCPU: whether to halt,
 * where breakpoints and watchpoints are, and what to do on resume. All-stop: when one vCPU stops,
 * the controller halts all. Called on the vCPU threads; implementations synchronise.
 */
public interface DebugControl {

  /** Resume action: run freely. */
  int CONTINUE = 0;

  /** Resume action: execute one instruction, then stop. */
  int STEP = 1;

  /** The vCPU's thread entered its loop (it can now be halted and inspected). */
  void started(int vcpu, Cpu cpu);

  /** The vCPU's thread left its loop (stopped, powered off). */
  void exited(int vcpu);

  /** Whether every vCPU should halt now; read once per instruction, so a volatile read. */
  boolean haltPending();

  /**
   * Parks the calling vCPU until the debugger resumes it or the VM stops.
   *
   * @return {@link #CONTINUE} or {@link #STEP}
   */
  int halt(int vcpu, Cpu cpu);

  /**
   * Whether the stop request the vCPU sees is a kick of the debugger (to leave WFI so that it can
   * halt) rather than a real stop; clears the kick.
   */
  boolean consumeKick(int vcpu);

  /** Whether the VM is stopping (then a kick must not hide the real stop). */
  boolean vmStopping();

  /** Whether a software or hardware breakpoint is set at {@code pc}. */
  boolean breakpointAt(long pc);

  /** Whether any watchpoint is set (the MMU must then skip its TLB). */
  boolean watching();

  /** Whether an access hits a watchpoint; records it for the stop report when it does. */
  boolean watchpointHit(int vcpu, long va, int size, boolean write);

  /**
   * The vCPU stopped by itself: {@code reason} is {@link StopReason#BREAKPOINT}, {@link
   * StopReason#STEP} or {@link StopReason#WATCHPOINT}. The controller halts the others; the
   * caller then halts at the top of its loop.
   *
   * @return whether this stop is the one reported to the debugger (in all-stop mode the first
   *     of several simultaneous stops wins; the others are seen again after the resume)
   */
  boolean stopped(int vcpu, StopReason reason);

  /** Why a vCPU stopped by itself. */
  enum StopReason {
    BREAKPOINT,
    STEP,
    WATCHPOINT
  }
}
