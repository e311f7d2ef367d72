package dev.qvm.cpu.gdb;

import dev.qvm.core.vm.VmControl;
import dev.qvm.cpu.exec.Cpu;
import dev.qvm.cpu.trace.DebugControl;
import java.util.Arrays;
import java.util.List;

/**
 * The all-stop state of a VM under the GDB stub: which vCPUs run, which are halted, the
 * breakpoints and watchpoints, and the stop to report. When one vCPU stops (breakpoint, step,
 * watchpoint) or the debugger interrupts, every vCPU halts at its next instruction boundary; a
 * vCPU waiting in WFI is kicked out of it with a stop request that its {@link
 * dev.qvm.cpu.trace.DebugLoop} recognises as a kick ({@link #consumeKick}). The vCPU threads park
 * in {@link #halt}; the stub's thread reads and writes their registers only while they are parked
 * there (every hand-over goes through this object's monitor, which also publishes the writes).
 */
public final class GdbSession implements DebugControl {

  /** GDB's signal numbers in stop replies (gdb/signals.def). */
  public static final int SIGINT = 2;

  public static final int SIGTRAP = 5;

  /** Watchpoint kinds, numbered as the Z packet numbers them. */
  public static final int WATCH_WRITE = 2;

  public static final int WATCH_READ = 3;
  public static final int WATCH_ACCESS = 4;

  /** A resume action that leaves the vCPU halted (vCont without an action for it). */
  public static final int STAY = -1;

  private static final int OFF = 0;
  private static final int RUNNING = 1;
  private static final int HALTED = 2;

  /** Why the target stopped, as the stub reports it. */
  public record StopEvent(int vcpu, int signal, StopReason reason, long watchAddress, int watchKind) {}

  private record Watchpoint(long va, long length, int kind) {}

  private final VmControl vm;
  private final List<Cpu> cpus;
  private final int[] state;
  private final boolean[] released;
  private final boolean[] kicked;
  private final int[] action;
  private final long[] hitAddress;
  private final int[] hitKind;
  private volatile boolean haltPending;
  private volatile long[] breakpoints = new long[0];
  private volatile Watchpoint[] watchpoints = new Watchpoint[0];
  private StopEvent stop;
  private Integer exitCode;

  /**
   * @param vm the VM, to stop it ({@code k}) and to see it stopping
   * @param cpus every vCPU's interpreter, in vCPU order
   * @param startHalted whether the vCPUs halt before their first instruction ({@code --gdb-wait})
   */
  public GdbSession(VmControl vm, List<Cpu> cpus, boolean startHalted) {
    this.vm = vm;
    this.cpus = List.copyOf(cpus);
    int n = cpus.size();
    state = new int[n];
    released = new boolean[n];
    kicked = new boolean[n];
    action = new int[n];
    hitAddress = new long[n];
    hitKind = new int[n];
    if (startHalted) {
      haltPending = true;
      stop = new StopEvent(0, SIGTRAP, null, 0, 0);
    } else {
      Arrays.fill(released, true);
    }
  }

  /** The number of vCPUs (GDB threads 1..n). */
  public int vcpuCount() {
    return cpus.size();
  }

  /** The interpreter of vCPU {@code index}; read it only while the target is halted. */
  public Cpu cpu(int index) {
    return cpus.get(index);
  }

  // ---- the vCPU side (DebugControl) ----

  @Override
  public synchronized void started(int vcpu, Cpu cpu) {
    state[vcpu] = RUNNING;
    notifyAll();
  }

  @Override
  public synchronized void exited(int vcpu) {
    state[vcpu] = OFF;
    notifyAll();
  }

  @Override
  public boolean haltPending() {
    return haltPending;
  }

  @Override
  public synchronized int halt(int vcpu, Cpu cpu) {
    state[vcpu] = HALTED;
    notifyAll();
    try {
      while (!released[vcpu] && !vm.stopping()) {
        wait(50); // a VM stop does not notify this monitor: poll for it
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    state[vcpu] = RUNNING;
    return action[vcpu];
  }

  @Override
  public synchronized boolean consumeKick(int vcpu) {
    boolean k = kicked[vcpu];
    kicked[vcpu] = false;
    return k;
  }

  @Override
  public boolean vmStopping() {
    return vm.stopping();
  }

  @Override
  public boolean breakpointAt(long pc) {
    for (long b : breakpoints) {
      if (b == pc) {
        return true;
      }
    }
    return false;
  }

  @Override
  public boolean watching() {
    return watchpoints.length != 0;
  }

  @Override
  public boolean watchpointHit(int vcpu, long va, int size, boolean write) {
    for (Watchpoint w : watchpoints) {
      boolean overlaps = va < w.va + w.length && w.va < va + size;
      boolean kindMatches = w.kind == WATCH_ACCESS || (w.kind == WATCH_WRITE) == write;
      if (overlaps && kindMatches) {
        synchronized (this) {
          hitAddress[vcpu] = Math.max(va, w.va);
          hitKind[vcpu] = w.kind;
        }
        return true;
      }
    }
    return false;
  }

  @Override
  public synchronized boolean stopped(int vcpu, StopReason reason) {
    boolean first = stop == null;
    if (first) {
      stop = new StopEvent(vcpu, SIGTRAP, reason, hitAddress[vcpu], hitKind[vcpu]);
    }
    haltAllLocked();
    return first;
  }

  private void haltAllLocked() {
    haltPending = true;
    Arrays.fill(released, false);
    for (int i = 0; i < state.length; i++) {
      if (state[i] == RUNNING) {
        kicked[i] = true;
        cpus.get(i).requestStop(); // leaves WFI/WFE; the DebugLoop turns it back into a halt
      }
    }
    notifyAll();
  }

  // ---- the stub side ----

  /** Ctrl-C, or a debugger attaching to a running VM: halt every vCPU with {@code signal}. */
  public synchronized void interrupt(int signal) {
    if (stop == null) {
      int reporter = 0;
      for (int i = 0; i < state.length; i++) {
        if (state[i] == RUNNING) {
          reporter = i;
          break;
        }
      }
      stop = new StopEvent(reporter, signal, null, 0, 0);
    }
    haltAllLocked();
  }

  /**
   * Waits up to {@code millis} for the stop of every vCPU; returns the event to report, or null
   * when the target still runs (or the VM is stopping: see {@link #exitCode()}).
   */
  public synchronized StopEvent awaitStop(long millis) throws InterruptedException {
    long deadline = System.nanoTime() + millis * 1_000_000L;
    while (!vm.stopping()) {
      if (stop != null && allHalted()) {
        return stop;
      }
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        return null;
      }
      wait(Math.max(1, left / 1_000_000L));
    }
    return null;
  }

  private boolean allHalted() {
    boolean any = false;
    for (int s : state) {
      if (s == RUNNING) {
        return false;
      }
      any |= s == HALTED;
    }
    return any;
  }

  /**
   * Resumes the halted target: {@code actions[i]} is {@link #CONTINUE}, {@link #STEP} or {@link
   * #STAY} for vCPU i.
   */
  public synchronized void resume(int[] actions) {
    stop = null;
    for (int i = 0; i < actions.length; i++) {
      if (actions[i] != STAY) {
        action[i] = actions[i];
        released[i] = true;
      }
    }
    haltPending = false;
    notifyAll();
  }

  /** Whether vCPU {@code index} is running guest code now (it has a thread and is not off). */
  public synchronized boolean online(int index) {
    return state[index] != OFF;
  }

  /** Sets or clears a breakpoint (software and hardware ones are the same here: a PC check). */
  public synchronized void setBreakpoint(long va, boolean present) {
    long[] old = breakpoints;
    long[] without = Arrays.stream(old).filter(b -> b != va).toArray();
    if (present) {
      without = Arrays.copyOf(without, without.length + 1);
      without[without.length - 1] = va;
    }
    breakpoints = without;
  }

  /** Sets or clears a watchpoint of {@code kind} ({@link #WATCH_WRITE}, ...) on a range. */
  public synchronized void setWatchpoint(long va, long length, int kind, boolean present) {
    Watchpoint w = new Watchpoint(va, length, kind);
    Watchpoint[] without = Arrays.stream(watchpoints).filter(x -> !x.equals(w)).toArray(Watchpoint[]::new);
    if (present) {
      without = Arrays.copyOf(without, without.length + 1);
      without[without.length - 1] = w;
    }
    watchpoints = without;
  }

  /** Removes every breakpoint and watchpoint (detach). */
  public synchronized void clearAll() {
    breakpoints = new long[0];
    watchpoints = new Watchpoint[0];
  }

  /** The VM stopped with {@code code}; the stub reports it as {@code W} when asked to wait. */
  public synchronized void vmStopped(int code) {
    exitCode = code;
    notifyAll();
  }

  /** The VM's exit code once known, else null. */
  public synchronized Integer exitCode() {
    return exitCode;
  }

  /** Waits up to {@code millis} for {@link #vmStopped}; returns the code or null. */
  public synchronized Integer awaitExitCode(long millis) throws InterruptedException {
    long deadline = System.nanoTime() + millis * 1_000_000L;
    while (exitCode == null) {
      long left = deadline - System.nanoTime();
      if (left <= 0) {
        break;
      }
      wait(Math.max(1, left / 1_000_000L));
    }
    return exitCode;
  }

  /** Whether the VM is stopping or stopped. */
  public boolean stopping() {
    return vm.stopping();
  }

  /** Stops the VM (the {@code k} packet). */
  public void kill() {
    vm.requestStop(dev.qvm.core.vm.ExitCodes.SIGINT, "killed by the debugger");
    synchronized (this) {
      notifyAll();
    }
  }
}
