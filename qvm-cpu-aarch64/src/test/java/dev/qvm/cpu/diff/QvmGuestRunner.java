package dev.qvm.cpu.diff;

import dev.qvm.core.boot.Loaders;
import dev.qvm.core.memory.MmioDevice;
import dev.qvm.core.memory.PhysicalMemory;
import dev.qvm.core.semihosting.HeapInfo;
import dev.qvm.core.semihosting.Semihosting;
import dev.qvm.core.vm.VcpuContext;
import dev.qvm.core.vm.VcpuExits;
import dev.qvm.core.vm.VmControl;
import dev.qvm.cpu.CpuModel;
import dev.qvm.cpu.Vcpu;
import dev.qvm.cpu.exec.CodePages;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.OptionalLong;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs a differential-test image on qvm's real memory path (stage 2, the ELF loader, core
 * semihosting) and interpreter, in-process: RAM at 0x40000000 and a transmit-only UART at
 * 0x09000000, as the images expect. The CPU model follows {@code -Dqvm.diff.qvm.cpu}
 * (cortex-a57 by default), to be compared with the QEMU model of the same name.
 */
public final class QvmGuestRunner implements GuestRunner {
  private static final long RAM_BASE = 0x4000_0000L;
  private static final long RAM_SIZE = 64L << 20;
  private static final long UART_BASE = 0x0900_0000L;

  private final CpuModel model;

  public QvmGuestRunner() {
    this(CpuModel.byName(System.getProperty("qvm.diff.qvm.cpu", "cortex-a57")));
  }

  public QvmGuestRunner(CpuModel model) {
    this.model = model;
  }

  @Override
  public String name() {
    return "qvm";
  }

  @Override
  public RunResult run(Path elf, Duration timeout) throws InterruptedException {
    ByteArrayOutputStream console = new ByteArrayOutputStream();
    MmioDevice uart =
        new MmioDevice() {
          @Override
          public long read(long offset, int size) {
            return offset == 0x18 ? 0x90 : 0; // UARTFR: TXFE | RXFE, never full
          }

          @Override
          public void write(long offset, int size, long value) {
            if (offset == 0) {
              synchronized (console) {
                console.write((int) value);
              }
            }
          }
        };
    PhysicalMemory memory =
        PhysicalMemory.builder().addRam("ram", RAM_BASE, RAM_SIZE).addMmio("uart", UART_BASE, 0x1000, uart).build();
    long entry;
    try {
      entry = Loaders.load(memory, elf, OptionalLong.empty()).entryIpa();
    } catch (Exception e) {
      return new RunResult("qvm could not load " + elf + ": " + e.getMessage(), -1, false);
    }
    AtomicInteger exit = new AtomicInteger(Integer.MIN_VALUE);
    Vcpu[] holder = new Vcpu[1];
    VmControl control =
        new VmControl() {
          @Override
          public void requestStop(int exitCode, String reason) {
            exit.compareAndSet(Integer.MIN_VALUE, exitCode);
            holder[0].requestStop();
          }

          @Override
          public boolean stopping() {
            return exit.get() != Integer.MIN_VALUE;
          }
        };
    Semihosting semihosting = new Semihosting(control, console, HeapInfo.NONE);
    VcpuExits exits =
        new VcpuExits() {
          @Override
          public boolean semihostingEnabled() {
            return true;
          }

          @Override
          public void semihosting(VcpuContext vcpu) {
            semihosting.call(vcpu);
          }

          @Override
          public void hypercall(VcpuContext vcpu, boolean smc, int imm16) {
            vcpu.setX(0, -1);
          }
        };
    Vcpu vcpu = new Vcpu(0, model, memory, new CodePages(), exits);
    holder[0] = vcpu;
    vcpu.setEntry(entry, 0);
    Thread t = Thread.ofPlatform().name("vcpu0-diff").start(vcpu::run);
    t.join(timeout.toMillis());
    boolean timedOut = t.isAlive();
    if (timedOut) {
      vcpu.requestStop();
      t.join(1000);
    }
    String text;
    synchronized (console) {
      text = console.toString(StandardCharsets.ISO_8859_1);
    }
    return new RunResult(text, timedOut ? -1 : exit.get(), timedOut);
  }
}
