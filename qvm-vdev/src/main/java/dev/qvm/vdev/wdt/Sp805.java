package dev.qvm.vdev.wdt;

import dev.qvm.core.boot.FdtBuilder;
import dev.qvm.core.irq.InterruptLine;
import dev.qvm.core.vdev.DeviceTreeNode;
import dev.qvm.core.vdev.Vdev;
import dev.qvm.core.vdev.VmAware;
import dev.qvm.core.vm.ExitCodes;
import dev.qvm.core.vm.VmControl;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ARM Watchdog Module (SP805), as the ARM Watchdog Module (SP805) Technical Reference Manual,
 * ARM DDI 0270, describes it.
 *
 * <p>A 32-bit down-counter clocked by WDOGCLK ({@code frequency}) runs while WdogControl.INTEN is
 * set. When it reaches zero it is reloaded from WdogLoad and, if the interrupt was clear, sets it
 * (WDOGINT = WdogRIS and INTEN); if the interrupt was still set and RESEN is set, the reset output
 * WDOGRES fires, and qvm does the configured {@link Sp805Action} (TRM 2.2, "Functional
 * description"). Writing WdogIntClr clears the interrupt and reloads the counter: that is the
 * guest's "kick". WdogLock (TRM 3.3.7) write-protects every other register unless 0x1ACCE551 was
 * written to it.
 *
 * <p>The counter is not ticked: its value is computed from the host clock when read, and one
 * timer task is scheduled for the next time-out. Accesses: the SP805 is an APB slave without byte
 * strobes, so a narrow read returns the addressed bytes of the 32-bit register, a narrow write at a
 * register's offset writes its value zero-extended, and a 64-bit access is two word accesses, low
 * word first (as {@code pl011}). Thread-safe: one lock guards the state.
 */
public final class Sp805 implements Vdev, DeviceTreeNode, VmAware {
  private static final Logger LOG = LoggerFactory.getLogger(Sp805.class);

  // TRM 3.2, summary of registers.
  static final int WDOG_LOAD = 0x000;
  static final int WDOG_VALUE = 0x004;
  static final int WDOG_CONTROL = 0x008;
  static final int WDOG_INTCLR = 0x00C;
  static final int WDOG_RIS = 0x010;
  static final int WDOG_MIS = 0x014;
  static final int WDOG_LOCK = 0xC00;
  static final int WDOG_ITCR = 0xF00;
  static final int WDOG_ITOP = 0xF04;
  static final int WDOG_PERIPH_ID0 = 0xFE0;

  // TRM 3.3.3 WdogControl.
  static final int CONTROL_INTEN = 1 << 0;
  static final int CONTROL_RESEN = 1 << 1;

  // TRM 3.3.9 WdogITOP: the values driven on the outputs in integration test mode.
  static final int ITOP_WDOGRES = 1 << 0;
  static final int ITOP_WDOGINT = 1 << 1;

  /** TRM 3.3.7: the value that unlocks write access. */
  static final int UNLOCK_KEY = 0x1ACC_E551;

  /** TRM 3.3.10-3.3.17 WdogPeriphID0-3 (part 0x805, designer ARM, revision 1) then PCellID0-3. */
  private static final int[] ID_REGISTERS = {0x05, 0x18, 0x14, 0x00, 0x0D, 0xF0, 0x05, 0xB1};

  private static final long NANOS_PER_SECOND = 1_000_000_000L;

  /** The largest WDOGCLK qvm accepts: nanosecond arithmetic stays exact in a long below it. */
  static final long MAX_FREQUENCY_HZ = NANOS_PER_SECOND;

  private final String name;
  private final InterruptLine interrupt;
  private final long frequencyHz;
  private final Sp805Action action;
  private final WatchdogClock clock;
  private final ReentrantLock lock = new ReentrantLock();

  private volatile VmControl control;
  private volatile Supplier<List<String>> vcpuStates = List::of;

  // Register state, guarded by lock. Reset values: TRM 3.2.
  private long load = 0xFFFF_FFFFL;
  private int controlBits;
  private boolean ris;
  private boolean locked;
  private boolean integrationTest;
  private int itop;

  /** Counting: the counter held {@link #periodTicks} at {@link #periodStartNanos}. */
  private boolean counting;

  private long periodStartNanos;
  private long periodTicks;

  /** The value WdogValue reads while the counter is stopped. */
  private long heldValue = 0xFFFF_FFFFL;

  private boolean lineHigh;
  private boolean resetFired;
  private WatchdogClock.Scheduled pending;
  private boolean closed;

  /**
   * Creates a watchdog in its reset state: counter stopped, WdogLoad and WdogValue all ones.
   *
   * @param frequencyHz WDOGCLK, 1 to {@link #MAX_FREQUENCY_HZ}
   */
  Sp805(String name, InterruptLine interrupt, long frequencyHz, Sp805Action action, WatchdogClock clock) {
    if (frequencyHz < 1 || frequencyHz > MAX_FREQUENCY_HZ) {
      throw new IllegalArgumentException("frequency out of range: " + frequencyHz);
    }
    this.name = name;
    this.interrupt = interrupt;
    this.frequencyHz = frequencyHz;
    this.action = action;
    this.clock = clock;
  }

  @Override
  public void attachVm(VmControl control, Supplier<List<String>> vcpuStates) {
    this.control = control;
    this.vcpuStates = vcpuStates;
  }

  @Override
  public long read(long offset, int size) {
    if (size == 8) {
      return (readWord(offset) & 0xFFFF_FFFFL) | (readWord(offset + 4) & 0xFFFF_FFFFL) << 32;
    }
    long word = readWord(offset & ~3L) & 0xFFFF_FFFFL;
    long shifted = word >>> (8 * (offset & 3));
    return size >= 4 ? shifted : shifted & ((1L << (8 * size)) - 1);
  }

  @Override
  public void write(long offset, int size, long value) {
    if (size == 8) {
      writeWord(offset, (int) value);
      writeWord(offset + 4, (int) (value >>> 32));
    } else if ((offset & 3) == 0) {
      writeWord(offset, (int) (size >= 4 ? value : value & ((1L << (8 * size)) - 1)));
    }
  }

  private int readWord(long offset) {
    int o = (int) offset;
    if (o >= WDOG_PERIPH_ID0 && o < WDOG_PERIPH_ID0 + 4 * ID_REGISTERS.length) {
      return ID_REGISTERS[(o - WDOG_PERIPH_ID0) >> 2];
    }
    boolean reset;
    int result;
    lock.lock();
    try {
      long now = clock.nanoTime();
      reset = catchUp(now);
      result =
          switch (o) {
            case WDOG_LOAD -> (int) load;
            case WDOG_VALUE -> (int) value(now);
            case WDOG_CONTROL -> controlBits;
            case WDOG_RIS -> ris ? 1 : 0;
            case WDOG_MIS -> ris && (controlBits & CONTROL_INTEN) != 0 ? 1 : 0;
            case WDOG_LOCK -> locked ? 1 : 0; // TRM 3.3.7: bit 0 reads 1 while writes are disabled
            case WDOG_ITCR -> integrationTest ? 1 : 0;
            default -> 0; // WdogIntClr and WdogITOP are write-only; reserved offsets read as zero
          };
    } finally {
      lock.unlock();
    }
    if (reset) {
      fireReset();
    }
    return result;
  }

  private void writeWord(long offset, int value) {
    boolean reset;
    lock.lock();
    try {
      long now = clock.nanoTime();
      reset = catchUp(now);
      if (offset == WDOG_LOCK) {
        locked = value != UNLOCK_KEY;
      } else if (locked) {
        LOG.debug("wdt {}: write to 0x{} ignored: WdogLock is set", name, Long.toHexString(offset));
      } else {
        switch ((int) offset) {
          case WDOG_LOAD -> writeLoad(now, value & 0xFFFF_FFFFL);
          case WDOG_CONTROL -> writeControl(now, value & (CONTROL_INTEN | CONTROL_RESEN));
          case WDOG_INTCLR -> {
            // TRM 3.3.4: any value clears the interrupt and reloads the counter.
            ris = false;
            reload(now);
          }
          case WDOG_ITCR -> integrationTest = (value & 1) != 0;
          case WDOG_ITOP -> itop = value & (ITOP_WDOGRES | ITOP_WDOGINT);
          default -> {} // read-only and reserved offsets ignore writes
        }
        updateLine();
      }
      reschedule();
    } finally {
      lock.unlock();
    }
    if (reset) {
      fireReset();
    }
  }

  /** TRM 3.3.1: writing WdogLoad restarts the count from the new value at once. */
  private void writeLoad(long now, long value) {
    load = value;
    reload(now);
  }

  /**
   * TRM 3.3.3: INTEN enables the counter and the interrupt; setting it after it was clear reloads
   * the counter from WdogLoad. Clearing it stops the counter where it stands.
   */
  private void writeControl(long now, int value) {
    boolean wasEnabled = (controlBits & CONTROL_INTEN) != 0;
    boolean enable = (value & CONTROL_INTEN) != 0;
    controlBits = value;
    if (enable && !wasEnabled) {
      counting = true;
      reload(now);
    } else if (!enable && wasEnabled) {
      heldValue = value(now);
      counting = false;
    }
  }

  /** The counter restarts from WdogLoad (a stopped counter just reads it). */
  private void reload(long now) {
    if (counting) {
      periodStartNanos = now;
      periodTicks = load;
    } else {
      heldValue = load;
    }
  }

  /** The counter's value at {@code now}; time-outs up to {@code now} were already applied. */
  private long value(long now) {
    if (!counting) {
      return heldValue;
    }
    long ticks = nanosToTicks(now - periodStartNanos);
    return Math.max(0, periodTicks - ticks);
  }

  /**
   * Applies every time-out up to {@code now} (TRM 2.2): the first sets the interrupt, the next
   * with the interrupt still set fires WDOGRES if RESEN is set; each reloads the counter. Returns
   * true when WDOGRES fired now, so that the caller acts on it outside the lock.
   */
  private boolean catchUp(long now) {
    while (counting && !resetFired) {
      long period = ticksToNanos(Math.max(1, periodTicks));
      long deadline = periodStartNanos + period;
      if (now - deadline < 0) {
        return false;
      }
      if (!ris) {
        ris = true;
        periodStartNanos = deadline;
        periodTicks = load;
        updateLine();
      } else if ((controlBits & CONTROL_RESEN) != 0) {
        resetFired = true;
        counting = false;
        heldValue = 0;
        return true;
      } else {
        // Further time-outs change nothing while the interrupt stays set: skip whole periods.
        long periods = (now - periodStartNanos) / period;
        periodStartNanos += periods * period;
        periodTicks = load;
      }
    }
    return false;
  }

  private void updateLine() {
    boolean high =
        integrationTest
            ? (itop & ITOP_WDOGINT) != 0
            : ris && (controlBits & CONTROL_INTEN) != 0;
    if (high != lineHigh) {
      lineHigh = high;
      if (high) {
        interrupt.raise();
      } else {
        interrupt.lower();
      }
    }
  }

  /** One timer task for the next time-out, so that an unread watchdog still fires. */
  private void reschedule() {
    if (pending != null) {
      pending.cancel();
      pending = null;
    }
    if (counting && !resetFired && !closed) {
      long deadline = periodStartNanos + ticksToNanos(Math.max(1, periodTicks));
      pending = clock.schedule(deadline, this::timerExpired);
    }
  }

  private void timerExpired() {
    boolean reset;
    lock.lock();
    try {
      reset = catchUp(clock.nanoTime());
      reschedule();
    } finally {
      lock.unlock();
    }
    if (reset) {
      fireReset();
    }
  }

  /** WDOGRES: what QNX's {@code action} asks for (QVMCONF.md, {@code vdev wdt-sp805}). */
  private void fireReset() {
    VmControl vm = control;
    String why = "watchdog " + name + " expired twice with its interrupt uncleared (SP805 WDOGRES)";
    switch (action) {
      case FIQ -> {
        LOG.warn("{}: action fiq: an edge on its interrupt line; the guest keeps running", why);
        lock.lock();
        try {
          // The line may already be high (WdogRIS is set): a falling then rising edge.
          interrupt.pulse();
          if (lineHigh) {
            interrupt.raise();
          }
          // The counter goes on from WdogLoad, so an unkicked guest gets an edge every period.
          resetFired = false;
          counting = (controlBits & CONTROL_INTEN) != 0;
          periodStartNanos = clock.nanoTime();
          periodTicks = load;
          reschedule();
        } finally {
          lock.unlock();
        }
      }
      case DUMP_TERMINATE, TERMINATE -> {
        if (action == Sp805Action.DUMP_TERMINATE) {
          List<String> states = vcpuStates.get();
          for (int i = 0; i < states.size(); i++) {
            String state = states.get(i);
            LOG.error("{}: {}", name, state.startsWith("vcpu") ? state : "vcpu" + i + " " + state);
          }
        }
        if (vm == null) {
          LOG.error("{}; no VM attached to stop", why);
        } else {
          vm.requestStop(ExitCodes.WATCHDOG, why);
        }
      }
    }
  }

  /** Floor of the WDOGCLK ticks in {@code nanos}, exact for periods up to 2^32 ticks. */
  long nanosToTicks(long nanos) {
    return nanos / NANOS_PER_SECOND * frequencyHz + nanos % NANOS_PER_SECOND * frequencyHz / NANOS_PER_SECOND;
  }

  /** Ceiling of the nanoseconds {@code ticks} of WDOGCLK take. */
  long ticksToNanos(long ticks) {
    long whole = ticks / frequencyHz * NANOS_PER_SECOND;
    long rest = ticks % frequencyHz * NANOS_PER_SECOND;
    return whole + (rest + frequencyHz - 1) / frequencyHz;
  }

  @Override
  public void close() {
    lock.lock();
    try {
      closed = true;
      if (pending != null) {
        pending.cancel();
        pending = null;
      }
    } finally {
      lock.unlock();
    }
    clock.close();
  }

  /**
   * Linux's sp805 binding (Documentation/devicetree/bindings/watchdog/arm,sp805.yaml): the
   * PrimeCell compatible pair, WDOGCLK first then the APB clock. WDOGCLK gets its own fixed clock
   * at {@code frequency}, so the driver computes the same time-outs that qvm counts.
   */
  @Override
  public String writeDeviceTree(FdtBuilder fdt, Placement placement) {
    int clockPhandle = fdt.allocatePhandle();
    fdt.beginNode(String.format("wdt-clk@%x", placement.loc()));
    fdt.strings("compatible", "fixed-clock");
    fdt.cells("#clock-cells", 0);
    fdt.cells("clock-frequency", (int) frequencyHz);
    fdt.property("clock-output-names", "wdog_clk_" + name);
    fdt.cells("phandle", clockPhandle);
    fdt.endNode();
    String node = String.format("watchdog@%x", placement.loc());
    fdt.beginNode(node);
    fdt.strings("compatible", "arm,sp805", "arm,primecell");
    fdt.longs("reg", placement.loc(), placement.size());
    if (placement.intid() >= 32) {
      fdt.cells("interrupts", placement.spiInterrupt());
    }
    fdt.cells("clocks", clockPhandle, placement.apbClockPhandle());
    fdt.strings("clock-names", "wdog_clk", "apb_pclk");
    fdt.endNode();
    return "/" + node;
  }
}
