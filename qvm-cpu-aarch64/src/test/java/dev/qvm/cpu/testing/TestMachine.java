package dev.qvm.cpu.testing;

import dev.qvm.core.memory.IpaSpace;
import dev.qvm.core.memory.MmioDevice;
import dev.qvm.core.memory.PageMapping;
import dev.qvm.core.vm.Psci;
import dev.qvm.core.vm.VcpuContext;
import dev.qvm.core.vm.VcpuExits;
import dev.qvm.cpu.CpuModel;
import dev.qvm.cpu.Vcpu;
import dev.qvm.cpu.exec.CodePages;
import dev.qvm.cpu.exec.Cpu;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A minimal machine for CPU unit tests: RAM at {@link #RAM_BASE}, a write-only "UART" MMIO page
 * at {@link #UART_BASE} whose data register collects output, one vCPU at EL1, and exits that
 * count HVC/SMC calls and hand them to qvm's real SMCCC/PSCI firmware layer ({@link Psci}, with
 * a one-CPU power stub), and stop on a semihosting SYS_EXIT. It deliberately avoids the VM
 * assembler so that CPU tests need nothing but the CPU module.
 */
public final class TestMachine implements IpaSpace {
  public static final long RAM_BASE = 0x4000_0000L;
  public static final int RAM_SIZE = 16 << 20;
  public static final long UART_BASE = 0x0900_0000L;

  public final ByteBuffer ram = ByteBuffer.allocateDirect(RAM_SIZE).order(ByteOrder.LITTLE_ENDIAN);
  public final StringBuilder uart = new StringBuilder();
  public final Vcpu vcpu;
  public final Cpu cpu;
  public Integer exitStatus;
  public int hypercalls;
  public boolean semihosting = true;

  private final MmioDevice uartDevice =
      new MmioDevice() {
        @Override
        public long read(long offset, int size) {
          return 0; // FR: never busy, TX FIFO never full
        }

        @Override
        public void write(long offset, int size, long value) {
          if (offset == 0) {
            uart.append((char) (value & 0xff));
          }
        }
      };

  /** The firmware layer behind HVC/SMC: one CPU, always on; power-off stops the CPU. */
  public final Psci psci =
      new Psci(
          new Psci.Power() {
            @Override
            public long cpuOn(long mpidr, long entry, long contextId) {
              return mpidr == 0 ? Psci.ALREADY_ON : Psci.INVALID_PARAMETERS;
            }

            @Override
            public long cpuOff(int vcpu) {
              return Psci.DENIED; // the last CPU may not go off
            }

            @Override
            public long affinityInfo(long mpidr) {
              return mpidr == 0 ? 0 : Psci.INVALID_PARAMETERS;
            }

            @Override
            public void systemOff() {
              cpu.requestStop();
            }

            @Override
            public void systemReset() {
              cpu.requestStop();
            }
          });

  public TestMachine() {
    this(CpuModel.CORTEX_A57);
  }

  public TestMachine(CpuModel model) {
    VcpuExits exits =
        new VcpuExits() {
          @Override
          public boolean semihostingEnabled() {
            return semihosting;
          }

          @Override
          public void semihosting(VcpuContext v) {
            long op = v.x(0) & 0xffff_ffffL;
            long param = v.x(1);
            if (op == 0x18) { // SYS_EXIT: A64 passes {reason, subcode}
              int off = (int) (param - RAM_BASE);
              exitStatus = (int) ram.getLong(off + 8);
              cpu.requestStop();
            } else if (op == 0x03) {
              uart.append((char) ram.get((int) (param - RAM_BASE)));
            }
          }

          @Override
          public void hypercall(VcpuContext v, boolean smc, int imm16) {
            hypercalls++;
            if (imm16 != 0) {
              v.setX(0, Psci.NOT_SUPPORTED); // SMCCC: the immediate must be 0, as the VM does
            } else {
              psci.call(v);
            }
          }
        };
    vcpu = new Vcpu(0, model, this, new CodePages(), exits);
    cpu = vcpu.cpu();
  }

  @Override
  public PageMapping lookup(long ipa) {
    long page = ipa & ~0xfffL;
    if (ipa >= RAM_BASE && ipa < RAM_BASE + RAM_SIZE) {
      return new PageMapping(PageMapping.Kind.RAM, page, ram, (int) (page - RAM_BASE), true, true, true, null, 0, 0);
    }
    if (page == UART_BASE) {
      return new PageMapping(PageMapping.Kind.MMIO, page, null, 0, true, true, false, uartDevice, 0, 0);
    }
    return new PageMapping(PageMapping.Kind.FAULT, page, null, 0, false, false, false, null, 0, 1);
  }

  /** Copies instruction words to {@code ipa} and points PC at the first. */
  public void load(long ipa, int... words) {
    for (int i = 0; i < words.length; i++) {
      ram.putInt((int) (ipa - RAM_BASE) + 4 * i, words[i]);
    }
    cpu.pc = ipa;
  }

  public void loadBytes(long ipa, byte[] bytes) {
    ram.put((int) (ipa - RAM_BASE), bytes);
  }

  /** Runs on this thread until the guest stops or {@code maxInstructions} retire. */
  public void runUntilStop(long maxInstructions) {
    while (!cpu.stopRequested() && cpu.instructionsRetired < maxInstructions) {
      cpu.step(1000);
    }
  }
}
