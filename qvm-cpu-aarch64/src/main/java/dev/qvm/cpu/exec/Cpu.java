package dev.qvm.cpu.exec;

import dev.qvm.core.vm.VcpuExits;
import dev.qvm.cpu.CpuModel;
import dev.qvm.cpu.decode.A64Decoder;
import dev.qvm.cpu.exception.Esr;
import dev.qvm.cpu.exception.GuestException;
import dev.qvm.cpu.mmu.Mmu;
import dev.qvm.cpu.sysreg.SystemRegisters;
import java.util.concurrent.locks.LockSupport;

/**
 * The architectural state of one AArch64 processing element at EL0/EL1 and the interpreter loop
 * that runs it. Instruction semantics live in the group classes of this package (one per
 * encoding group of ARM ARM C4.1) and read and write these fields directly: this class is the
 * hot path, so it has plain fields, no virtual calls and no allocation per instruction
 * (ARCHITECTURE.md section 7).
 */
public final class Cpu {

  /** Scratch for DecodeBitMasks() results {wmask, tmask}, so that decoding them allocates nothing. */
  final long[] bitMasks = new long[2];

  /**
   * X0..X30; index 31 always holds 0 so that a read of XZR needs no test, and index
   * {@link #XZR_SINK} takes the writes of pre-decoded instructions whose destination is XZR, so
   * that they need none either (its value is never read).
   */
  public final long[] x = new long[33];

  /** The register slot a write to XZR goes to in pre-decoded instructions ({@link Predecoder}). */
  static final int XZR_SINK = 32;

  /**
   * The SIMD&amp;FP registers V0..V31, 128 bits each: V[n] bits [63:0] in {@code v[2n]}, bits
   * [127:64] in {@code v[2n + 1]}. FPCR and FPSR are in {@link SystemRegisters}.
   */
  public final long[] v = new long[64];

  /** The stack pointer PSTATE selects now (SP_EL0 or SP_EL1). */
  public long sp;

  /** The banked stack pointers while not selected. */
  long spEl0;

  long spEl1;

  /** Address of the next instruction to execute. */
  public long pc;

  /**
   * PSTATE.{N,Z,C,V} in bits 31..28, as in the NZCV register and SPSR, while {@link #flagsFrom}
   * is {@link #FLAGS_KNOWN}. Read it through {@link #nzcv()}, write it through {@link #setNzcv}.
   */
  private int nzcvBits;

  /**
   * Lazy NZCV (ARCHITECTURE.md section 7): a flag-setting add or subtract (ADDS, SUBS, CMP, CMN,
   * ADCS, SBCS) only records its operands, AddWithCarry(flagX, flagY, flagCarry) at 64 or 32
   * bits; the flags are computed when something reads them. The usual reader is the next B.cond,
   * CSEL or CCMP, and {@link #conditionHolds} answers the comparisons of a subtract (EQ, HS, HI,
   * GE, GT and their negations) straight from the operands, as a host compare, without the four
   * flags.
   */
  private int flagsFrom;

  private static final int FLAGS_KNOWN = 0;
  private static final int FLAGS_ADD64 = 1;
  private static final int FLAGS_ADD32 = 2;
  private long flagX;
  private long flagY;
  private int flagCarry;

  /**
   * PSTATE.NZCV in bits 31..28. It changes nothing (the flags are not cached), so status reports
   * may call it from other threads without disturbing what the vCPU recorded.
   */
  public int nzcv() {
    if (flagsFrom == FLAGS_KNOWN) {
      return nzcvBits;
    }
    return Alu.addFlags(flagsFrom == FLAGS_ADD64 ? 1 : 0, flagX, flagY, flagCarry);
  }

  /** Sets PSTATE.NZCV (bits 31..28 of {@code value}). */
  public void setNzcv(int value) {
    nzcvBits = value;
    flagsFrom = FLAGS_KNOWN;
  }

  /** The flags of AddWithCarry(x, y, carryIn) at {@code sf} (1: 64-bit), computed when read. */
  void deferAddFlags(int sf, long x, long y, int carryIn) {
    flagsFrom = sf != 0 ? FLAGS_ADD64 : FLAGS_ADD32;
    flagX = x;
    flagY = y;
    flagCarry = carryIn;
  }

  /** PSTATE.{D,A,I,F} in bits 9..6, as in the DAIF register and SPSR. */
  public int daif;

  /** PSTATE.EL: 0 or 1. Change it only through {@link #setElAndSpsel} or {@link #reset}: the MMU tags its TLB with it. */
  public int el;

  /** PSTATE.SP: 0 selects SP_EL0 at every EL, 1 selects SP_ELx. */
  public int spsel;

  /** PSTATE.IL: set by an illegal exception return; the next instruction takes an exception. */
  public boolean illegalState;

  public final CpuModel model;
  public final SystemRegisters sys;
  public final Mmu mmu;
  public final VcpuExits exits;
  final CodeCache code;

  /** The VM's decoded code pages (IC maintenance re-decodes them). */
  public final CodePages codePages;

  /** Set by another thread (the GIC, a stop request) to end the current slice early. */
  private volatile boolean attention;

  /** Asserted IRQ/FIQ lines into this PE, from the interrupt controller. */
  private volatile boolean irqLine;

  private volatile boolean fiqLine;

  private volatile boolean stopRequested;

  /** The thread running this CPU, to unpark it from WFI. */
  private volatile Thread runner;

  /** Instructions retired so far. */
  public long instructionsRetired;

  /** Exits, exceptions, TLB misses and code-page lookups of this PE ({@code --stats}). */
  public final dev.qvm.core.stats.VcpuCounters counters = new dev.qvm.core.stats.VcpuCounters();

  /** Remaining instructions in the current slice; an instruction sets 0 to end it early. */
  int sliceBudget;

  /** The GIC CPU interface behind ICC_* system registers; null when the VM has none. */
  public dev.qvm.core.irq.CpuInterface gicCpuInterface;

  /** The context handed to exits (this vCPU, viewed from the host). */
  public dev.qvm.core.vm.VcpuContext context;

  public Cpu(CpuModel model, Mmu mmu, CodePages codePages, VcpuExits exits) {
    this.model = model;
    this.sys = new SystemRegisters(model);
    this.mmu = mmu;
    this.exits = exits;
    this.code = new CodeCache(mmu, codePages, counters);
    this.codePages = codePages;
    codePages.register(mmu);
    mmu.attach(this);
    reset();
  }

  /** The state after a cold reset into AArch64 EL1h with all interrupts masked. */
  public void reset() {
    java.util.Arrays.fill(x, 0);
    java.util.Arrays.fill(v, 0);
    sp = spEl0 = spEl1 = 0;
    pc = 0;
    setNzcv(0);
    daif = 0x3c0;
    el = 1;
    mmu.elChanged(1);
    spsel = 1;
    illegalState = false;
    sys.reset();
    translationChanged();
  }

  /** After TLB maintenance or a write to SCTLR/TCR/TTBR/MAIR: drop every cached translation. */
  public void translationChanged() {
    mmu.systemRegistersChanged();
    code.flushAll();
    sliceBudget = 0; // the instruction loop holds a decoded page: make it look the PC up again
  }

  /**
   * TLBI by VA on this PE ({@code va} from Xt[43:0], sign-extended from bit 55): only that page's
   * translations and decoded-code lookup go, unless it lies in a cached block (Mmu.invalidatePage).
   * Linux issues one per page when it unmaps kernel memory (flush_tlb_kernel_range: tens of
   * thousands in a boot), so a full flush for each cost a second of refills.
   */
  public void invalidateVa(long va) {
    if (mmu.invalidatePage(va)) {
      code.invalidatePage(va);
    } else {
      code.flushAll();
    }
    sliceBudget = 0; // the loop may hold the page just invalidated
  }

  // ---- register access helpers used by the semantic classes ----

  /** Writes Xr; a write to register 31 (XZR) is discarded. */
  public void setX(int r, long value) {
    if (r != 31) {
      x[r] = value;
    }
  }

  /** Writes Wr: the upper 32 bits become zero (ARM ARM B1.2.1). */
  public void setW(int r, long value) {
    if (r != 31) {
      x[r] = value & 0xffff_ffffL;
    }
  }

  /** Writes Xr or Wr by {@code sf} (1: 64-bit). */
  public void setReg(int sf, int r, long value) {
    if (r != 31) {
      x[r] = sf != 0 ? value : value & 0xffff_ffffL;
    }
  }

  /** Reads Xr where register 31 means SP (base registers, ADD/SUB immediate). */
  public long xOrSp(int r) {
    return r == 31 ? sp : x[r];
  }

  /** Writes Xr where register 31 means SP. */
  public void setXOrSp(int r, long value) {
    if (r == 31) {
      sp = value;
    } else {
      x[r] = value;
    }
  }

  /** ARM ARM J1 ConditionHolds(): evaluates a 4-bit condition against PSTATE.NZCV. */
  public boolean conditionHolds(int cond) {
    // One table lookup instead of the branches below: a hot B.cond or CSEL costs no mispredicted
    // branch of its own inside the interpreter.
    if (flagsFrom != FLAGS_KNOWN && flagCarry == 1) {
      // A subtract x - b (SUBS, CMP: y = NOT b, carry in 1): the conditions that compare x with
      // b are that comparison (ARM ARM C1.2.4, the condition code table's meanings).
      long x = flagX;
      long b = ~flagY;
      if (flagsFrom == FLAGS_ADD32) {
        x = (int) x;
        b = (int) b;
      }
      boolean unsignedWide = flagsFrom == FLAGS_ADD64;
      boolean holds;
      switch (cond >>> 1) {
        case 0 -> holds = x == b; // EQ / NE
        case 1 -> holds = unsignedWide ? Long.compareUnsigned(x, b) >= 0 : Integer.compareUnsigned((int) x, (int) b) >= 0; // HS / LO
        case 4 -> holds = unsignedWide ? Long.compareUnsigned(x, b) > 0 : Integer.compareUnsigned((int) x, (int) b) > 0; // HI / LS
        case 5 -> holds = x >= b; // GE / LT
        case 6 -> holds = x > b; // GT / LE
        default -> {
          return ((CONDITION_TABLE[cond] >>> (nzcv() >>> 28)) & 1) != 0; // MI, PL, VS, VC, AL, NV
        }
      }
      return (cond & 1) != 0 ? !holds : holds;
    }
    return ((CONDITION_TABLE[cond] >>> (nzcv() >>> 28)) & 1) != 0;
  }

  /** Bit i of entry {@code cond}: whether condition {@code cond} holds when PSTATE.NZCV = i. */
  private static final int[] CONDITION_TABLE = new int[16];

  static {
    for (int cond = 0; cond < 16; cond++) {
      for (int flags = 0; flags < 16; flags++) {
        if (conditionHolds(cond, flags << 28)) {
          CONDITION_TABLE[cond] |= 1 << flags;
        }
      }
    }
  }

  /** ConditionHolds() as the ARM ARM writes it, for NZCV in bits [31:28] of {@code f}. */
  static boolean conditionHolds(int cond, int f) {
    boolean n = f < 0;
    boolean z = (f & 0x4000_0000) != 0;
    boolean c = (f & 0x2000_0000) != 0;
    boolean v = (f & 0x1000_0000) != 0;
    boolean result =
        switch (cond >>> 1) {
          case 0 -> z; // EQ/NE
          case 1 -> c; // CS/CC
          case 2 -> n; // MI/PL
          case 3 -> v; // VS/VC
          case 4 -> c && !z; // HI/LS
          case 5 -> n == v; // GE/LT
          case 6 -> n == v && !z; // GT/LE
          default -> true; // AL, and NV which also means "always" in A64
        };
    return (cond & 1) != 0 && cond != 15 ? !result : result;
  }


  // ---- PSTATE as one word ----

  /** PSTATE packed as SPSR_EL1 holds it for an AArch64 state (ARM ARM C5.2.18). */
  public long pstateAsSpsr() {
    long m = ((long) el << 2) | spsel;
    return (nzcv() & 0xf000_0000L) | (daif & 0x3c0) | (illegalState ? 1L << 20 : 0) | m;
  }

  /** Switches to another EL/SPSel pair, banking SP. */
  public void setElAndSpsel(int newEl, int newSpsel) {
    storeSp();
    el = newEl;
    mmu.elChanged(newEl);
    spsel = newSpsel;
    loadSp();
  }

  private void storeSp() {
    if (spsel == 0 || el == 0) {
      spEl0 = sp;
    } else {
      spEl1 = sp;
    }
  }

  private void loadSp() {
    sp = (spsel == 0 || el == 0) ? spEl0 : spEl1;
  }

  /** SP_EL0 regardless of which SP is selected (MRS/MSR SP_EL0). */
  public long spEl0() {
    return (spsel == 0 || el == 0) ? sp : spEl0;
  }

  public void setSpEl0(long value) {
    if (spsel == 0 || el == 0) {
      sp = value;
    } else {
      spEl0 = value;
    }
  }

  /** SP_EL1 regardless of selection (for the GDB stub and status dumps). */
  public long spEl1() {
    return (spsel == 1 && el == 1) ? sp : spEl1;
  }

  public void setSpEl1(long value) {
    if (spsel == 1 && el == 1) {
      sp = value;
    } else {
      spEl1 = value;
    }
  }

  // ---- exceptions (ARM ARM D1.10) ----

  /** Vector offsets within a VBAR_EL1 group (ARM ARM D1.10.2). */
  public static final int VECTOR_SYNC = 0x000;

  public static final int VECTOR_IRQ = 0x080;
  public static final int VECTOR_FIQ = 0x100;
  public static final int VECTOR_SERROR = 0x180;

  /**
   * Takes an exception to EL1: saves PSTATE to SPSR_EL1 and {@code preferredReturn} to ELR_EL1,
   * masks DAIF, selects SP_EL1 and jumps to the vector.
   */
  public void enterEl1(int vectorOffset, long preferredReturn) {
    long spsr = pstateAsSpsr();
    int base;
    if (el == 0) {
      base = 0x400; // lower EL using AArch64
    } else {
      base = spsel == 0 ? 0x000 : 0x200; // current EL with SP_EL0 / SP_ELx
    }
    setElAndSpsel(1, 1);
    sys.spsrEl1 = spsr;
    sys.elrEl1 = preferredReturn;
    daif = 0x3c0;
    illegalState = false;
    mmu.clearExclusive();
    pc = sys.vbarEl1 + base + vectorOffset;
    sliceBudget = 0;
    loopDetector.exceptionTaken(vectorOffset);
  }

  /** Stops a guest whose exceptions raise exceptions forever (issue 10). */
  public final ExceptionLoopDetector loopDetector = new ExceptionLoopDetector(this);

  /** A synchronous exception with syndrome {@code esr}, returning to {@code pc}. */
  public void takeSynchronous(long esr, long preferredReturn) {
    counters.synchronousExceptions[(int) (esr >>> 26) & 0x3f]++;
    sys.esrEl1 = esr;
    enterEl1(VECTOR_SYNC, preferredReturn);
  }

  /** A synchronous exception that also reports a fault address in FAR_EL1. */
  public void takeSynchronous(long esr, long far, long preferredReturn) {
    sys.farEl1 = far;
    takeSynchronous(esr, preferredReturn);
  }

  /** UNDEFINED: EC 0x00 "Unknown reason", IL=1 (ARM ARM D1.10.4). */
  public void undefinedInstruction(long insnPc) {
    if (abortOnUndefined) {
      exits.unsupportedAbort(context, String.format("UNDEFINED instruction at PC 0x%x", insnPc));
      requestStop();
    }
    takeSynchronous(Esr.of(Esr.EC_UNKNOWN, 0), insnPc);
  }

  /** {@code unsupported instruction abort}: an UNDEFINED instruction stops the VM (exit 5). */
  public boolean abortOnUndefined;

  /** Takes the exception and abandons the current instruction (no write-back happens). */
  public GuestException undefinedAbort(long insnPc) {
    undefinedInstruction(insnPc);
    return GuestException.INSTANCE;
  }

  /** ERET from EL1 (ARM ARM C6.2.79 and D1.11 "Exception return"). */
  public void exceptionReturn() {
    long spsr = sys.spsrEl1;
    long target = sys.elrEl1;
    int m = (int) (spsr & 0x1f);
    boolean legal = m == 0b00000 || m == 0b00100 || m == 0b00101;
    setNzcv((int) (spsr & 0xf000_0000L));
    daif = (int) (spsr & 0x3c0);
    if (legal) {
      setElAndSpsel(m >>> 2, m & 1);
      illegalState = (spsr & (1L << 20)) != 0;
    } else {
      // D1.11.4: an illegal return keeps EL and SP selection and sets PSTATE.IL.
      illegalState = true;
    }
    mmu.clearExclusive();
    pc = target;
    sliceBudget = 0;
    loopDetector.exceptionReturned();
    counters.exceptionReturns++;
  }

  // ---- interrupts and waiting ----

  /** ISR_EL1: which of IRQ (bit 7) and FIQ (bit 6) are pending, whatever PSTATE masks. */
  public long interruptStatus() {
    return (irqLine ? 0x80 : 0) | (fiqLine ? 0x40 : 0);
  }

  /** Ends the current slice after this instruction (PSTATE.DAIF changed: interrupts may be due). */
  public void endSlice() {
    sliceBudget = 0;
  }

  /** A timer register changed: the timer's interrupt outputs and the WFI deadline may change. */
  public void timerChanged() {
    sliceBudget = 0;
    if (timerListener != null) {
      timerListener.run();
    }
  }

  /** The event register of WFE/SEV (D1.16.1); set by SEV, SEVL, exception return, a monitor clear. */
  public volatile boolean eventRegister;

  /** Broadcasts SEV to the other vCPUs of the VM; set by the VM (null: this PE only). */
  public Runnable sendEventBroadcast;

  /**
   * WFE (C6.2.365): if the event register is set, clears it and goes on; otherwise waits for an
   * event, an interrupt or a stop, bounded so that a missed wake-up costs at most a millisecond.
   */
  public void waitForEvent() {
    if (eventRegister) {
      eventRegister = false;
      return;
    }
    if (!stopRequested && !irqLine && !fiqLine) {
      waitingForEvent = true;
      if (!eventRegister) {
        parked = true;
        LockSupport.parkNanos(this, 1_000_000L);
        parked = false;
      }
      waitingForEvent = false;
    }
    eventRegister = false;
    sliceBudget = 0;
  }

  /**
   * A store by this PE that clears the global exclusive monitor of others (a store-exclusive that
   * succeeded, a store-release, an atomic): B2.9 makes that an event for PEs waiting in WFE, so
   * they are woken. Broadcasting to all is a superset of "those whose monitor was cleared": a
   * spurious WFE wake-up is always permitted.
   */
  public void monitorCleared() {
    Runnable broadcast = sendEventBroadcast;
    if (broadcast != null) {
      broadcast.run();
    }
  }

  // ---- broadcast TLB maintenance (TLBI ...IS) ----

  /** This PE's side of TLBI ...IS: requests from other PEs, and the waits of its own DSBs. */
  public final TlbShootdown shootdown = new TlbShootdown(this);

  /** Whether this PE cannot be holding stale translations in use: not running, or parked. */
  boolean idleForShootdown() {
    return runner == null || parked;
  }

  /** What this PE is doing, for status reports (read from any thread, so only a snapshot). */
  public String activity() {
    if (runner == null) {
      return stopRequested ? "stopped" : "not started";
    }
    if (waitingForEvent) {
      return "waiting in WFE";
    }
    return parked ? "waiting in WFI" : "running";
  }

  /** True while this PE's thread is parked in WFI or WFE. */
  private volatile boolean parked;

  /** SEV: sets the event register of every PE. */
  public void sendEvent() {
    eventRegister = true;
    Runnable broadcast = sendEventBroadcast;
    if (broadcast != null) {
      broadcast.run();
    }
  }

  /** Sets this PE's event register from another thread and wakes it (SEV from another vCPU). */
  public void signalEvent() {
    eventRegister = true;
    if (waitingForEvent) { // unpark only a PE parked in WFE: release stores are frequent
      Thread t = runner;
      if (t != null) {
        LockSupport.unpark(t);
      }
    }
  }

  /** True while this PE is parked in WFE. */
  private volatile boolean waitingForEvent;

  /** Told when this PE's timer registers change (the GIC wiring of PPIs 27/30 listens here). */
  public Runnable timerListener;

  /** Called by the interrupt controller (any thread) when this PE's IRQ line changes. */
  public void setIrqLine(boolean asserted) {
    irqLine = asserted;
    if (asserted) {
      poke();
    }
  }

  public void setFiqLine(boolean asserted) {
    fiqLine = asserted;
    if (asserted) {
      poke();
    }
  }

  /** Ends the current slice soon and wakes the CPU if it waits (WFI/WFE). */
  public void poke() {
    attention = true;
    // The run loop reads `attention` only between pages; the budget it counts down is re-read
    // after every instruction, so zeroing it ends the slice within one instruction or block
    // instead of up to 4,096 later. A TLBI ...IS issuer spins in its DSB until this vCPU has
    // flushed, and an interrupt waits for the same boundary. The owner's own decrement may
    // overwrite the zero (a lost race); `attention` still ends the slice at the page's end.
    sliceBudget = 0;
    Thread t = runner;
    if (t != null) {
      LockSupport.unpark(t);
    }
  }

  /** Asks the CPU to return from {@link #run()} at the next instruction boundary. */
  public void requestStop() {
    stopRequested = true;
    poke();
  }

  /** Makes a stopped CPU runnable again (PSCI CPU_ON after CPU_OFF). */
  public void clearStop() {
    stopRequested = false;
  }

  public boolean stopRequested() {
    return stopRequested;
  }

  private boolean interruptDeliverable() {
    return (irqLine && (daif & 0x080) == 0) || (fiqLine && (daif & 0x040) == 0);
  }

  /**
   * WFI (ARM ARM C6.2.366): parks the thread until an interrupt is asserted (even if masked by
   * PSTATE, per D1.16.2 "WFI wake-up events"), a stop request, or {@code deadlineNanos}.
   */
  public void waitForInterrupt(long deadlineNanos) {
    while (!stopRequested && !irqLine && !fiqLine) {
      long now = System.nanoTime();
      if (deadlineNanos != Long.MAX_VALUE && now >= deadlineNanos) {
        return;
      }
      attention = false;
      if (stopRequested || irqLine || fiqLine) {
        return;
      }
      parked = true;
      LockSupport.parkNanos(this, deadlineNanos == Long.MAX_VALUE ? 10_000_000L : deadlineNanos - now);
      parked = false;
    }
    sliceBudget = 0;
  }

  // ---- the interpreter loop ----

  /** Instructions per slice between checks for interrupts and stop requests. */
  static final int SLICE = 4096;

  /** Runs until {@link #requestStop()}. */
  public void run() {
    runner = Thread.currentThread();
    try {
      if (debugLoop != null) {
        debugLoop.run(this); // a debugger or tracer is attached: per-instruction checks
        return;
      }
      while (!stopRequested) {
        if (interruptDeliverable()) {
          takePendingInterrupt();
        }
        attention = false;
        runSlice();
      }
    } finally {
      runner = null;
    }
  }

  /** Runs at most {@code count} instructions (tests, single-step); interrupts are not taken. */
  public void step(int count) {
    for (int i = 0; i < count && !stopRequested; i++) {
      sliceBudget = 1;
      try {
        executeOne();
      } catch (GuestException e) {
        // The exception was already taken; PC is at its vector.
      }
    }
  }

  // ---- debugging and tracing (dev.qvm.cpu.trace.DebugLoop; see ARCHITECTURE.md section 7) ----

  /**
   * Set before {@link #run()} when a debugger or tracer is attached: run() then hands the
   * instruction loop to it (breakpoint, step and trace checks per instruction). Null, the
   * default, keeps the loop above untouched, so debugging costs nothing when it is off.
   */
  public dev.qvm.cpu.trace.DebugLoop debugLoop;

  /** Takes a pending IRQ/FIQ that PSTATE does not mask; returns whether one was taken. */
  public boolean takeInterruptIfDeliverable() {
    if (!interruptDeliverable()) {
      return false;
    }
    takePendingInterrupt();
    return true;
  }

  private void takePendingInterrupt() {
    if (fiqLine && (daif & 0x040) == 0) {
      counters.fiqsTaken++;
      enterEl1(VECTOR_FIQ, pc);
    } else if (irqLine && (daif & 0x080) == 0) {
      counters.irqsTaken++;
      enterEl1(VECTOR_IRQ, pc);
    }
  }

  private void runSlice() {
    mmu.serviceRequests();
    shootdown.service();
    if (sys.timer.icount() && timerListener != null) {
      timerListener.run(); // icount: timers advance with instructions, so check them each slice
    }
    sliceBudget = SLICE;
    while (sliceBudget > 0 && !attention) {
      try {
        runInPage();
      } catch (GuestException e) {
        // A guest exception was taken mid-instruction; continue at its vector.
      }
    }
  }

  /**
   * Executes instructions for as long as they stay in one code page, at one EL, with the
   * translation unchanged: the page's decoded arrays and the PC live in locals, so the common
   * case costs no fetch-TLB probe per instruction (ARCHITECTURE.md section 7, after Sedna).
   * Anything that may change where the next instruction comes from (a branch out of the page,
   * an exception, ERET, TLB maintenance, a write to SCTLR/TCR/TTBR) leaves the loop; the next
   * call looks the page up again.
   */
  private void runInPage() {
    long insnPc = pc;
    if (illegalState || (insnPc & 3) != 0) {
      sliceBudget--;
      executeOne();
      return;
    }
    CodePage page = code.pageFor(insnPc, el);
    DecodedInsn[] decoded = page.decoded;
    long pageBase = insnPc & ~0xfffL;
    int pageEl = el;
    long head = insnPc; // where control last arrived other than by falling through: a block head
    while (sliceBudget-- > 0) {
      int slot = (int) (insnPc - pageBase) >>> 2;
      pc = insnPc + 4;
      instructionsRetired++;
      DecodedInsn insn = decoded[slot];
      if (insn == null) {
        insn = page.predecode(slot);
      }
      if (insnPc == head && ++insn.heat == BlockCompiler.HEAT_TRIGGER) {
        insn = page.compileBlock(slot, insn, counters);
      }
      insn.execute(this, insnPc);
      long next = pc;
      if (next != insnPc + 4) {
        head = next;
      }
      insnPc = next;
      if (((insnPc - pageBase) >>> 12) != 0 || el != pageEl || (insnPc & 3) != 0 || illegalState) {
        return;
      }
    }
  }

  private void executeOne() {
    long insnPc = pc;
    if (illegalState) {
      takeSynchronous(Esr.of(Esr.EC_ILLEGAL_STATE, 0), insnPc);
      return;
    }
    if ((insnPc & 3) != 0) {
      // D1.10.5: PC alignment fault, FAR_EL1 = the misaligned PC.
      takeSynchronous(Esr.of(Esr.EC_PC_ALIGNMENT, 0), insnPc, insnPc);
      return;
    }
    CodePage page = code.pageFor(insnPc, el);
    int slot = (int) (insnPc & 0xfff) >>> 2;
    pc = insnPc + 4;
    instructionsRetired++;
    A64Decoder.execute(this, page.ops[slot], page.words[slot], insnPc);
  }

  /** The instruction word at {@code va} as the CPU would fetch it (tracing, tests). */
  public int fetchWord(long va) {
    CodePage page = code.pageFor(va, el);
    return page.words[(int) (va & 0xfff) >>> 2];
  }

}
