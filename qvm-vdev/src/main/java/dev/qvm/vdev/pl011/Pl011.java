package dev.qvm.vdev.pl011;

import dev.qvm.core.irq.InterruptLine;
import dev.qvm.core.boot.FdtBuilder;
import dev.qvm.core.vdev.DeviceTreeNode;
import dev.qvm.core.vdev.Vdev;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.ObjIntConsumer;
import java.util.function.ToIntFunction;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The ARM PrimeCell UART (PL011), as the PrimeCell UART (PL011) Technical Reference Manual, ARM DDI
 * 0183, describes it, with QEMU's model as the oracle where the TRM leaves room.
 *
 * <p>Transmission is instantaneous: a character written to UARTDR goes straight to the host, so the
 * transmit FIFO is always empty (UARTFR.TXFE set, TXFF and BUSY clear) and UARTRIS.TXRIS is set by
 * every write, as QEMU does. The receive side is a real 16-entry FIFO (one holding register with
 * UARTLCR_H.FEN clear) with the IFLS trigger levels and a receive timeout. As in QEMU,
 * UARTCR.UARTEN, TXE and RXE do not gate anything: Linux's earlycon and many boot loaders write to
 * a UART they never enable, and QEMU deliberately keeps those working.
 *
 * <p>Register accesses: the PL011 is an APB slave decoding PADDR[11:2] with no byte strobes (TRM
 * "Functional overview", AMBA APB interface), so any access reaches the whole 32-bit register
 * holding its offset. A narrower read returns the addressed bytes of that register (side effects,
 * such as popping the FIFO, happen as for a word read); a narrower write at a register's offset
 * writes its value zero-extended (Linux drives the PL011 with 16-bit accesses, some firmware with
 * byte stores to UARTDR); a narrower write at any other offset has undefined byte lanes and is
 * ignored. A 64-bit access is split into two word accesses, low word first, as an AXI-to-APB bridge
 * does. Reserved offsets read as zero and ignore writes. These choices agree with QEMU for every
 * access a real driver makes; QEMU's model accepts at most 4-byte accesses.
 *
 * <p>Thread-safe: vCPU threads access the registers, host reader threads fill the FIFO, the timer
 * thread raises the receive timeout; one lock guards the state.
 */
public final class Pl011 implements Vdev, DeviceTreeNode, dev.qvm.core.vdev.VmAware {
  private static final Logger LOG = LoggerFactory.getLogger(Pl011.class);

  // TRM 3.2, summary of registers: offsets.
  static final int UARTDR = 0x000;
  static final int UARTRSR_ECR = 0x004;
  static final int UARTFR = 0x018;
  static final int UARTILPR = 0x020;
  static final int UARTIBRD = 0x024;
  static final int UARTFBRD = 0x028;
  static final int UARTLCR_H = 0x02C;
  static final int UARTCR = 0x030;
  static final int UARTIFLS = 0x034;
  static final int UARTIMSC = 0x038;
  static final int UARTRIS = 0x03C;
  static final int UARTMIS = 0x040;
  static final int UARTICR = 0x044;
  static final int UARTDMACR = 0x048;
  static final int UART_PERIPH_ID0 = 0xFE0;
  static final int UART_PCELL_ID0 = 0xFF0;

  // TRM 3.3 UARTRSR/UARTECR: the same flags, four bits lower.
  static final int RSR_OE = 1 << 3;

  // TRM 3.3 UARTDR: error flags above the data byte.
  static final int DR_FE = 1 << 8;
  static final int DR_PE = 1 << 9;
  static final int DR_BE = 1 << 10;
  static final int DR_OE = 1 << 11;

  // TRM 3.3 UARTFR.
  static final int FR_BUSY = 1 << 3;
  static final int FR_RXFE = 1 << 4;
  static final int FR_TXFF = 1 << 5;
  static final int FR_RXFF = 1 << 6;
  static final int FR_TXFE = 1 << 7;

  // TRM 3.3 UARTLCR_H.
  static final int LCR_H_FEN = 1 << 4;

  // TRM 3.3 UARTCR.
  static final int CR_UARTEN = 1 << 0;
  static final int CR_LBE = 1 << 7;
  static final int CR_TXE = 1 << 8;
  static final int CR_RXE = 1 << 9;

  // TRM 3.3: bit positions shared by UARTIMSC, UARTRIS, UARTMIS and UARTICR.
  static final int INT_RX = 1 << 4;
  static final int INT_TX = 1 << 5;
  static final int INT_RT = 1 << 6;
  static final int INT_FE = 1 << 7;
  static final int INT_PE = 1 << 8;
  static final int INT_BE = 1 << 9;
  static final int INT_OE = 1 << 10;
  static final int INT_ALL = 0x7FF;

  /** TRM 3.3 UARTPeriphID0-3 then PCellID0-3, a PL011 r1p5 as QEMU reports it. */
  private static final int[] ID_REGISTERS = {0x11, 0x10, 0x14, 0x00, 0x0D, 0xF0, 0x05, 0xB1};

  /** TRM 3.3 UARTIFLS.RXIFLSEL: 1/8, 1/4, 1/2, 3/4, 7/8 of 16; 101-111 reserved (as 7/8). */
  private static final int[] RX_TRIGGER_LEVELS = {2, 4, 8, 12, 14, 14, 14, 14};

  /**
   * How long received data must sit unread, with no new character, before UARTRIS.RTRIS is set. The
   * TRM's timeout is 32 bit periods (0.28 ms at 115200 baud); the host has no baud rate, so a fixed
   * 1 ms lets a burst of pasted characters arrive before the guest is interrupted, and is below
   * anything a person typing can notice.
   */
  static final long DEFAULT_RX_TIMEOUT_NANOS = TimeUnit.MILLISECONDS.toNanos(1);

  /** One register: its offset, name from the TRM, and handlers (null: reads as 0 / ignored). */
  private record Register(
      int offset, String name, ToIntFunction<Pl011> read, ObjIntConsumer<Pl011> write) {}

  private static final Register[] REGISTERS = new Register[0x1000 / 4];

  static {
    List<Register> table =
        List.of(
            new Register(UARTDR, "UARTDR", Pl011::readDr, Pl011::writeDr),
            new Register(UARTRSR_ECR, "UARTRSR/ECR", u -> u.rsr, Pl011::writeEcr),
            new Register(UARTFR, "UARTFR", Pl011::readFr, null),
            new Register(UARTILPR, "UARTILPR", u -> u.ilpr, (u, v) -> u.ilpr = v & 0xFF),
            new Register(UARTIBRD, "UARTIBRD", u -> u.ibrd, (u, v) -> u.ibrd = v & 0xFFFF),
            new Register(UARTFBRD, "UARTFBRD", u -> u.fbrd, (u, v) -> u.fbrd = v & 0x3F),
            new Register(UARTLCR_H, "UARTLCR_H", u -> u.lcrH, Pl011::writeLcrH),
            new Register(UARTCR, "UARTCR", u -> u.cr, Pl011::writeCr),
            new Register(UARTIFLS, "UARTIFLS", u -> u.ifls, Pl011::writeIfls),
            new Register(UARTIMSC, "UARTIMSC", u -> u.imsc, Pl011::writeImsc),
            new Register(UARTRIS, "UARTRIS", u -> u.ris, null),
            new Register(UARTMIS, "UARTMIS", u -> u.ris & u.imsc, null),
            new Register(UARTICR, "UARTICR", u -> 0, Pl011::writeIcr),
            new Register(UARTDMACR, "UARTDMACR", u -> u.dmacr, Pl011::writeDmacr));
    for (Register register : table) {
      REGISTERS[register.offset() >> 2] = register;
    }
    for (int i = 0; i < ID_REGISTERS.length; i++) {
      int value = ID_REGISTERS[i];
      int offset = UART_PERIPH_ID0 + 4 * i;
      String name = i < 4 ? "UARTPeriphID" + i : "UARTPCellID" + (i - 4);
      REGISTERS[offset >> 2] = new Register(offset, name, u -> value, null);
    }
  }

  private final String name;
  private final InterruptLine interrupt;
  private final ConsoleOutput output;
  private final List<HostEndpoint> endpoints;
  private final ScheduledExecutorService timer;
  private final long rxTimeoutNanos;

  private final ReentrantLock lock = new ReentrantLock();
  private final Condition rxNotFull = lock.newCondition();
  private final RxFifo rxFifo = new RxFifo();

  // Register state, guarded by lock. Reset values: TRM 3.2, summary of registers.
  private int rsr;
  private int ilpr;
  private int ibrd;
  private int fbrd;
  private int lcrH;
  private int cr = CR_RXE | CR_TXE;
  private int ifls = 0x12;
  private int imsc;
  private int ris;
  private int dmacr;

  /** TRM 3.3 UARTDR.OE: an overrun marks the next character that enters the FIFO. */
  private boolean overrunPending;

  private boolean lineHigh;
  private long lastRxActivityNanos;
  private boolean rxTimeoutScheduled;
  private boolean loggedDisabledTx;
  private boolean closed;

  /**
   * Creates a UART in its reset state.
   *
   * @param name the instance name, for thread names and log lines
   * @param interrupt the combined interrupt UARTINTR, driven high while UARTMIS is non-zero
   * @param endpoints the host ends (already open); their outputs receive every transmitted byte
   * @param rxTimeoutNanos the receive timeout (see {@link #DEFAULT_RX_TIMEOUT_NANOS})
   */
  Pl011(String name, InterruptLine interrupt, List<HostEndpoint> endpoints, long rxTimeoutNanos) {
    this.name = name;
    this.interrupt = interrupt;
    this.endpoints = List.copyOf(endpoints);
    this.rxTimeoutNanos = rxTimeoutNanos;
    ScheduledThreadPoolExecutor executor =
        new ScheduledThreadPoolExecutor(
            1, Thread.ofPlatform().name("pl011-" + name + "-timer").daemon(true).factory());
    executor.setRemoveOnCancelPolicy(true);
    this.timer = executor;
    this.output =
        new ConsoleOutput(
            name,
            this.endpoints.stream().map(HostEndpoint::output).filter(s -> s != null).toList(),
            timer);
  }

  /** The instance name. */
  public String name() {
    return name;
  }

  @Override
  public void start() {
    for (HostEndpoint endpoint : endpoints) {
      endpoint.startInput(this::receiveWaiting);
    }
  }

  /** The interactive console's raw mode and Ctrl-A escapes (set by the provider; may be null). */
  ConsoleEscape consoleEscape;

  /** Ctrl-A x on the console stops the VM. */
  @Override
  public void attachVm(dev.qvm.core.vm.VmControl control, java.util.function.Supplier<java.util.List<String>> vcpuStates) {
    if (consoleEscape != null) {
      consoleEscape.attach(control);
    }
  }

  @Override
  public void close() {
    if (consoleEscape != null) {
      consoleEscape.close(); // the terminal leaves raw mode on every path out of the VM
    }
    lock.lock();
    try {
      closed = true;
      rxNotFull.signalAll();
    } finally {
      lock.unlock();
    }
    output.close();
    for (HostEndpoint endpoint : endpoints) {
      endpoint.close();
    }
    timer.shutdownNow();
  }

  // ---- MMIO ----

  @Override
  public long read(long offset, int size) {
    if (size == 8) {
      return (readRegister(offset) & 0xFFFF_FFFFL) | ((long) readRegister(offset + 4) << 32);
    }
    long word = readRegister(offset & ~3L) & 0xFFFF_FFFFL;
    return (word >>> (8 * (offset & 3))) & ((1L << (8 * size)) - 1);
  }

  @Override
  public void write(long offset, int size, long value) {
    if (size == 8) {
      writeRegister(offset, (int) value);
      writeRegister(offset + 4, (int) (value >>> 32));
      return;
    }
    if ((offset & 3) != 0) {
      LOG.debug("pl011 {}: ignoring a {}-byte write at unaligned offset {}", name, size, offset);
      return;
    }
    writeRegister(offset, (int) (value & ((1L << (8 * size)) - 1)));
  }

  private int readRegister(long offset) {
    Register register = registerAt(offset);
    if (register == null || register.read() == null) {
      LOG.debug("pl011 {}: read of reserved offset 0x{}", name, Long.toHexString(offset));
      return 0;
    }
    int value;
    lock.lock();
    try {
      value = register.read().applyAsInt(this);
    } finally {
      lock.unlock();
    }
    if (LOG.isTraceEnabled()) {
      LOG.trace("pl011 {}: {} -> 0x{}", name, register.name(), Integer.toHexString(value));
    }
    return value;
  }

  private void writeRegister(long offset, int value) {
    Register register = registerAt(offset);
    if (register == null || register.write() == null) {
      LOG.debug(
          "pl011 {}: write of 0x{} to read-only or reserved offset 0x{}",
          name,
          Integer.toHexString(value),
          Long.toHexString(offset));
      return;
    }
    if (LOG.isTraceEnabled()) {
      LOG.trace("pl011 {}: {} <- 0x{}", name, register.name(), Integer.toHexString(value));
    }
    lock.lock();
    try {
      register.write().accept(this, value);
    } finally {
      lock.unlock();
    }
  }

  private static Register registerAt(long offset) {
    return offset < 0 || offset >= 0x1000 ? null : REGISTERS[(int) (offset >> 2)];
  }

  // ---- Register handlers (called with lock held) ----

  /** TRM 3.3 UARTDR: a read pops the receive FIFO; bits [11:8] are that character's error flags. */
  private int readDr() {
    boolean hadData = !rxFifo.isEmpty();
    int entry = rxFifo.pop();
    // TRM 3.3 UARTRSR: the flags of characters read from UARTDR stay set until a write to
    // UARTECR (QEMU instead reloads UARTRSR from each character read).
    rsr |= (entry >> 8) & 0xF;
    if (hadData) {
      // TRM "Interrupts", UARTRXINTR: cleared once the FIFO drops below the trigger level.
      if (rxFifo.count() < rxTriggerLevel()) {
        ris &= ~INT_RX;
      }
      if (rxFifo.isEmpty()) {
        // TRM "Interrupts", UARTRTINTR: cleared when the FIFO becomes empty through reads.
        ris &= ~INT_RT;
      } else {
        armRxTimeout();
      }
      rxNotFull.signalAll();
      updateInterrupt();
    }
    return entry & 0xFFF;
  }

  /**
   * Transmits at once; TRM "Interrupts", UARTTXINTR, is asserted when the transmit FIFO is at or
   * below its trigger level, which an always-empty FIFO is after every write (QEMU likewise sets
   * TXRIS on each write).
   */
  private void writeDr(int value) {
    int ch = value & 0xFF;
    if ((cr & (CR_UARTEN | CR_TXE)) != (CR_UARTEN | CR_TXE) && !loggedDisabledTx) {
      loggedDisabledTx = true;
      LOG.debug("pl011 {}: transmitting with UARTCR.UARTEN or TXE clear (QEMU does too)", name);
    }
    output.write(ch);
    if ((cr & CR_LBE) != 0) {
      // TRM 3.3 UARTCR.LBE: the transmit path is fed back to the receive path, an unpaced line.
      receiveFromLine(ch);
    }
    ris |= INT_TX;
    updateInterrupt();
  }

  /** TRM 3.3 UARTRSR/UARTECR: any write to UARTECR clears the error flags. */
  private void writeEcr(int value) {
    rsr = 0;
  }

  /** TRM 3.3 UARTFR: TX is never full or busy since transmission is instantaneous. */
  private int readFr() {
    int fr = FR_TXFE;
    if (rxFifo.isEmpty()) {
      fr |= FR_RXFE;
    }
    if (rxFifo.isFull()) {
      fr |= FR_RXFF;
    }
    return fr;
  }

  private void writeLcrH(int value) {
    int old = lcrH;
    lcrH = value & 0xFF;
    if (((old ^ lcrH) & LCR_H_FEN) != 0) {
      // Changing FEN switches between the FIFO and the holding register; the received data is
      // discarded, as in QEMU, and a host reader waiting for room may go on.
      rxFifo.reset((lcrH & LCR_H_FEN) != 0);
      overrunPending = false;
      ris &= ~(INT_RX | INT_RT);
      rxNotFull.signalAll();
      updateInterrupt();
    }
  }

  private void writeCr(int value) {
    // TRM 3.3 UARTCR: bits [6:3] are reserved.
    cr = value & 0xFF87;
    if ((cr & CR_LBE) == 0) {
      rxNotFull.signalAll();
    }
  }

  private void writeIfls(int value) {
    ifls = value & 0x3F;
    if (!rxFifo.isEmpty() && rxFifo.count() >= rxTriggerLevel()) {
      ris |= INT_RX;
      updateInterrupt();
    }
  }

  private void writeImsc(int value) {
    imsc = value & INT_ALL;
    updateInterrupt();
  }

  /** TRM 3.3 UARTICR: writing 1 clears the interrupt, writing 0 has no effect. */
  private void writeIcr(int value) {
    ris &= ~(value & INT_ALL);
    updateInterrupt();
  }

  private void writeDmacr(int value) {
    dmacr = value & 0x7;
    if ((dmacr & 0x3) != 0) {
      LOG.debug("pl011 {}: DMA requested in UARTDMACR; qvm has no DMA controller", name);
    }
  }

  // ---- Receive path ----

  /**
   * Receives one character from a host source, waiting while the FIFO is full: the host side is
   * flow-controlled, so nothing is lost. In loopback mode TRM 3.3 UARTCR.LBE disconnects UARTRXD
   * and QEMU drops host input; qvm holds it back until loopback ends instead (Linux uses loopback
   * for a moment at start-up, and a key typed then should not vanish). Dropped after {@link
   * #close()}.
   */
  void receiveWaiting(int ch) throws InterruptedException {
    lock.lockInterruptibly();
    try {
      while ((rxFifo.isFull() || (cr & CR_LBE) != 0) && !closed) {
        rxNotFull.await();
      }
      if (closed) {
        return;
      }
      pushReceived(ch);
    } finally {
      lock.unlock();
    }
  }

  /**
   * Receives one character as a serial line delivers it: into a full FIFO it is lost and an overrun
   * is flagged (TRM 3.3 UARTDR.OE, "Interrupts", UARTEINTR). Used by loopback and by tests.
   */
  void receiveFromLine(int ch) {
    lock.lock();
    try {
      if (rxFifo.isFull()) {
        // The FIFO keeps its contents; the character in the shift register is lost.
        overrunPending = true;
        rsr |= RSR_OE;
        ris |= INT_OE;
        updateInterrupt();
        return;
      }
      pushReceived(ch);
    } finally {
      lock.unlock();
    }
  }

  private void pushReceived(int ch) {
    int entry = ch & 0xFF;
    if (overrunPending) {
      entry |= DR_OE;
      overrunPending = false;
    }
    rxFifo.push(entry);
    // TRM "Interrupts", UARTRXINTR: asserted when the FIFO reaches the trigger level; with
    // FEN clear, when the holding register fills.
    if (rxFifo.count() >= rxTriggerLevel()) {
      ris |= INT_RX;
    }
    armRxTimeout();
    updateInterrupt();
  }

  private int rxTriggerLevel() {
    return (lcrH & LCR_H_FEN) == 0 ? 1 : RX_TRIGGER_LEVELS[(ifls >> 3) & 7];
  }

  /**
   * TRM "Interrupts", UARTRTINTR: the receive timeout fires when the FIFO is not empty and nothing
   * arrives for a while. Every reception and every read restarts the wait; one timer task is
   * pending at most. Clearing RTRIS through UARTICR while data stays unread does not re-arm it: the
   * next reception or read does, so a driver that only acknowledges is not interrupted again every
   * millisecond.
   */
  private void armRxTimeout() {
    lastRxActivityNanos = System.nanoTime();
    if (!rxTimeoutScheduled && !closed) {
      scheduleRxTimeoutCheck(rxTimeoutNanos);
    }
  }

  private void scheduleRxTimeoutCheck(long delayNanos) {
    try {
      timer.schedule(this::checkRxTimeout, delayNanos, TimeUnit.NANOSECONDS);
      rxTimeoutScheduled = true;
    } catch (java.util.concurrent.RejectedExecutionException closing) {
      rxTimeoutScheduled = false;
    }
  }

  private void checkRxTimeout() {
    lock.lock();
    try {
      rxTimeoutScheduled = false;
      if (rxFifo.isEmpty() || closed) {
        return;
      }
      long remaining = lastRxActivityNanos + rxTimeoutNanos - System.nanoTime();
      if (remaining > 0) {
        scheduleRxTimeoutCheck(remaining);
        return;
      }
      ris |= INT_RT;
      updateInterrupt();
    } finally {
      lock.unlock();
    }
  }

  /** UARTINTR, the OR of the masked interrupts (TRM "Interrupts", UARTINTR), follows UARTMIS. */
  private void updateInterrupt() {
    boolean high = (ris & imsc) != 0;
    if (high != lineHigh) {
      lineHigh = high;
      if (high) {
        interrupt.raise();
      } else {
        interrupt.lower();
      }
    }
  }

  /** Where the first {@code tcp:PORT} host end listens, or null (tests; for port 0). */
  java.net.InetSocketAddress tcpAddress() {
    for (HostEndpoint endpoint : endpoints) {
      if (endpoint instanceof TcpEndpoint tcp) {
        return tcp.address();
      }
    }
    return null;
  }

  /** Flushes buffered output to the host now (tests; the timer does it within a few ms). */
  void flushOutput() {
    output.flush();
  }

  @Override
  public String toString() {
    return "pl011 " + name;
  }

  /**
   * The node Linux's and U-Boot's pl011 drivers bind to (serial/arm,pl011 binding): AMBA
   * PrimeCell compatible strings, the register window, the SPI, and the UART and APB clocks
   * (both the board's fixed 24 MHz clock, as on QEMU's virt board).
   */
  @Override
  public String writeDeviceTree(FdtBuilder fdt, Placement placement) {
    String name = String.format("pl011@%x", placement.loc());
    fdt.beginNode(name);
    fdt.strings("compatible", "arm,pl011", "arm,primecell");
    fdt.longs("reg", placement.loc(), placement.size());
    if (placement.intid() >= 32) {
      fdt.cells("interrupts", placement.spiInterrupt());
    }
    fdt.cells("clocks", placement.apbClockPhandle(), placement.apbClockPhandle());
    fdt.strings("clock-names", "uartclk", "apb_pclk");
    fdt.endNode();
    return "/" + name;
  }

  @Override
  public boolean isConsole() {
    return true;
  }
}
