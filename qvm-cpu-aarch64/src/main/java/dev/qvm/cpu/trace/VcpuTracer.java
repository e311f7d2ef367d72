package dev.qvm.cpu.trace;

import dev.qvm.core.memory.MmioWindow;
import dev.qvm.core.memory.PageMapping;
import dev.qvm.core.memory.PhysicalMemory;
import dev.qvm.cpu.disasm.Disassembler;
import dev.qvm.cpu.exception.GuestException;
import dev.qvm.cpu.exec.Cpu;

/**
 * The trace of one vCPU, driven by its {@link DebugLoop}: each instruction before it executes
 * ({@code insn}), the exits it makes ({@code exit}: told apart by the instruction word before it
 * runs, and by the MMU observer for MMIO), its vdev accesses ({@code mmio}), its walks on TLB
 * misses ({@code mmu}), its PSCI calls ({@code psci}) and the interrupts it takes ({@code irq}).
 * Used only on the vCPU's own thread.
 */
public final class VcpuTracer {

  /** A64 encodings of the instructions that exit (ARM ARM C6.2: WFI, WFE, HVC, SMC, HLT). */
  private static final int WFI = 0xd503207f;

  private static final int WFE = 0xd503205f;
  private static final int EXC_MASK = 0xffe0001f;
  private static final int HVC = 0xd4000002;
  private static final int SMC = 0xd4000003;
  private static final int HLT = 0xd4400000;
  private static final int SEMIHOSTING_IMM = 0xf000;

  private static final int CALL_NONE = 0;
  private static final int CALL_HYPERCALL = 1;
  private static final int CALL_SEMIHOSTING = 2;

  private final Tracer tracer;
  private final int vcpu;
  private final boolean insn;
  private final boolean exit;
  private final boolean mmio;
  private final boolean mmu;
  private final boolean psci;
  private final boolean irq;
  private Stage1WalkTrace stage1;

  private long pc;
  private int word;
  private boolean inRange;
  private int pendingCall;
  private int callId;
  private String pendingRead;
  private long pendingReadMask;

  VcpuTracer(Tracer tracer, int vcpu) {
    this.tracer = tracer;
    this.vcpu = vcpu;
    boolean mine = tracer.filter().vcpu(vcpu);
    this.insn = mine && tracer.on(TraceKind.INSN);
    this.exit = mine && tracer.on(TraceKind.EXIT);
    this.mmio = mine && tracer.on(TraceKind.MMIO);
    this.mmu = mine && tracer.on(TraceKind.MMU);
    this.psci = mine && tracer.on(TraceKind.PSCI);
    this.irq = mine && tracer.on(TraceKind.IRQ);
  }

  /** Whether this vCPU's MMU must report its slow-path accesses. */
  boolean observesMemory() {
    return exit || mmio || mmu;
  }

  /** The vCPU took an IRQ/FIQ at an instruction boundary (forwarded to it by the vGIC). */
  void interruptTaken(Cpu cpu) {
    long elr = cpu.sys.elrEl1;
    if (!tracer.filter().pc(elr)) {
      return;
    }
    String what = String.format("interrupt taken at PC 0x%x -> vector 0x%x (EL%d)", elr, cpu.pc, cpu.el);
    if (irq) {
      tracer.emit(vcpu, "irq forward: " + what);
    }
    if (exit) {
      tracer.emit(vcpu, "exit irq: " + what);
    }
  }

  /**
   * Before the instruction at PC: traces it and notes an exit it will make. Returns false when
   * fetching it took an instruction abort (PC is then at the vector).
   */
  boolean beforeInstruction(Cpu cpu) {
    pc = cpu.pc;
    pendingCall = CALL_NONE;
    pendingRead = null;
    inRange = tracer.filter().pc(pc);
    if (cpu.illegalState || (pc & 3) != 0) {
      word = 0;
      return true; // the step takes the Illegal State or PC alignment exception without a fetch
    }
    try {
      word = cpu.fetchWord(pc);
    } catch (GuestException e) {
      if (insn && inRange) {
        tracer.emit(vcpu, String.format("insn %016x %s instruction abort -> 0x%x", pc, tracer.symbols().describe(pc), cpu.pc));
      }
      return false;
    }
    if (!inRange) {
      return true;
    }
    if (insn) {
      String symbol = tracer.symbols().describe(pc);
      tracer.emit(vcpu, String.format("insn %016x %s%s%08x  %s", pc, symbol, symbol.isEmpty() ? "" : " ", word, Disassembler.disassemble(word, pc)));
    }
    if (word == WFI || word == WFE) {
      if (exit) {
        tracer.emit(vcpu, String.format("exit %s at PC 0x%x", word == WFI ? "wfi" : "wfe", pc));
      }
    } else if ((word & EXC_MASK) == HVC || (word & EXC_MASK) == SMC) {
      callId = (int) cpu.x[0];
      pendingCall = CALL_HYPERCALL;
      boolean isPsci = CallNames.isPsci(callId);
      String conduit = (word & EXC_MASK) == HVC ? "hvc" : "smc";
      if (exit) {
        tracer.emit(vcpu, String.format("exit %s #0x%x at PC 0x%x: function id 0x%08x%s", conduit, (word >>> 5) & 0xffff, pc, callId, isPsci ? " (PSCI " + CallNames.psci(callId) + ")" : ""));
      }
      if (psci && isPsci) {
        StringBuilder args = new StringBuilder();
        for (int i = 1; i <= CallNames.psciArguments(callId); i++) {
          args.append(i == 1 ? "" : ", ").append(String.format("0x%x", cpu.x[i]));
        }
        tracer.emit(vcpu, String.format("psci %s(%s) via %s", CallNames.psci(callId), args, conduit));
      }
    } else if ((word & EXC_MASK) == HLT && ((word >>> 5) & 0xffff) == SEMIHOSTING_IMM) {
      callId = (int) cpu.x[0];
      pendingCall = CALL_SEMIHOSTING;
      if (exit) {
        tracer.emit(vcpu, String.format("exit semihosting at PC 0x%x: %s, parameter 0x%x", pc, CallNames.semihosting(callId), cpu.x[1]));
      }
    }
    return true;
  }

  /** After the instruction: results of calls, values of MMIO reads. */
  void afterInstruction(Cpu cpu) {
    if (pendingRead != null) {
      int rt = word & 31; // Rt of the A64 load encodings (C4.1.66)
      long value = rt == 31 ? 0 : cpu.x[rt] & pendingReadMask;
      tracer.emit(vcpu, pendingRead + String.format(" value 0x%x", value));
      pendingRead = null;
    }
    if (pendingCall == CALL_HYPERCALL) {
      if (exit) {
        tracer.emit(vcpu, String.format("exit hypercall 0x%08x returned x0=0x%x", callId, cpu.x[0]));
      }
      if (psci && CallNames.isPsci(callId)) {
        tracer.emit(vcpu, String.format("psci %s -> %s", CallNames.psci(callId), callId == dev.qvm.core.vm.Psci.PSCI_VERSION ? String.format("0x%x", cpu.x[0]) : CallNames.psciResult(cpu.x[0])));
      }
    } else if (pendingCall == CALL_SEMIHOSTING && exit) {
      tracer.emit(vcpu, String.format("exit semihosting %s returned x0=0x%x", CallNames.semihosting(callId), cpu.x[0]));
    }
    pendingCall = CALL_NONE;
  }

  /** A slow-path access (MMU observer): an MMIO exit, or a TLB miss that walked the tables. */
  void access(Cpu cpu, long va, long ipa, int size, boolean write, long value) {
    if (!inRange) {
      return;
    }
    PageMapping m = cpu.mmu.ipaSpace().lookup(ipa);
    if (m.kind() == PageMapping.Kind.MMIO) {
      MmioWindow w = tracer.window(ipa);
      String where = w == null ? String.format("IPA 0x%x", ipa) : String.format("%s+0x%x", w.name(), ipa - w.ipaBase());
      if (exit) {
        tracer.emit(vcpu, String.format("exit mmio %s %s size %d%s at PC 0x%x", write ? "write" : "read", where, size, write ? String.format(" value 0x%x", value) : "", pc));
      }
      if (mmio) {
        String text = String.format("mmio %s %s offset 0x%x size %d", write ? "write" : "read", w == null ? "?" : w.name(), w == null ? ipa : ipa - w.ipaBase(), size);
        if (write) {
          tracer.emit(vcpu, text + String.format(" value 0x%x", value));
        } else {
          if (pendingRead != null) {
            tracer.emit(vcpu, pendingRead); // a second read in one instruction: the first's value is not told apart
          }
          pendingRead = text;
          pendingReadMask = size == 8 ? -1L : (1L << (8 * size)) - 1;
        }
      }
      return;
    }
    if (mmu) {
      traceWalk(cpu, va, ipa, write);
    }
  }

  private void traceWalk(Cpu cpu, long va, long ipa, boolean write) {
    if ((cpu.sys.sctlrEl1 & 1) != 0) {
      if (stage1 == null) {
        stage1 = new Stage1WalkTrace(cpu);
      }
      for (String line : stage1.describe(va, write)) {
        tracer.emit(vcpu, "mmu " + line);
      }
    } else {
      tracer.emit(vcpu, String.format("mmu s1 off (SCTLR_EL1.M=0): VA 0x%x is IPA 0x%x", va, ipa));
    }
    if (tracer.memory() instanceof PhysicalMemory pm) {
      String walk = pm.walk(ipa, write ? dev.qvm.core.memory.AccessType.WRITE : dev.qvm.core.memory.AccessType.READ).describe();
      for (String line : walk.split("\n")) {
        tracer.emit(vcpu, "mmu s2 " + line);
      }
    }
  }

  /** Flushes the shared output (the vCPU's loop ended). */
  void flush() {
    tracer.flush();
  }
}
