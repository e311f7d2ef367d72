package dev.qvm.cpu.exec;

import dev.qvm.core.memory.PageMapping;
import dev.qvm.cpu.disasm.Disassembler;
import dev.qvm.cpu.exception.Esr;

/**
 * Notices a vCPU that cannot make progress because every exception it takes raises another one
 * before the handler returns: no vector table (VBAR_EL1 at unmapped or zeroed memory, so the
 * fetch at the vector faults, or the zero word there is UNDEFINED), a handler whose stack is
 * unmapped, a vector that branches to garbage. On real hardware such a PE spins at full speed
 * forever; qvm stops the VM with a report instead (issue 10, exit code {@code
 * ExitCodes.EXCEPTION_LOOP}).
 *
 * <p>The rule: {@link #LOOP_ENTRIES} exception entries in a row, with no exception return (ERET)
 * in between and at most {@link #NEAR} instructions retired between one entry and the next. A
 * handler that works returns with ERET (ARM ARM D1.11); one that raises a nested exception now
 * and then (a page fault in a system call) is a few levels deep, not thousands. A handler that
 * returns to an instruction that faults again makes no progress either, but that is also how a
 * guest legitimately polls (a trapped WFI at EL0 is re-executed until an interrupt comes), so it
 * is left to {@code --timeout} and the watchdog.
 *
 * <p>Cost: it runs only on the exception-entry and exception-return paths, a counter compare and
 * a few array stores each, never per instruction (ARCHITECTURE.md section 7). The history of the
 * last {@link #HISTORY} entries is kept for the report.
 */
public final class ExceptionLoopDetector {

  /** Consecutive entries without an ERET after which the vCPU counts as stuck. */
  public static final int LOOP_ENTRIES = 10_000;

  /** At most this many instructions between two entries of a loop (a handler's prologue). */
  public static final long NEAR = 1024;

  /** Entries remembered for the report. */
  static final int HISTORY = 8;

  /** Instructions shown from the vector up to the faulting instruction. */
  private static final int MAX_LISTED = 8;

  private final Cpu cpu;

  /** Entries since the last ERET, each near the previous one; 0 after an ERET. */
  private int streak;

  private long retiredAtLastEntry;
  private final long[] historyElr = new long[HISTORY];
  private final long[] historyEsr = new long[HISTORY];
  private final long[] historyVector = new long[HISTORY];
  private final long[] historyFar = new long[HISTORY];
  private int historyNext;

  /** The exception that began the current streak: how the guest got into the loop. */
  private long firstElr;

  private long firstEsr;
  private long firstFar;
  private String report;

  ExceptionLoopDetector(Cpu cpu) {
    this.cpu = cpu;
  }

  /**
   * Called by {@link Cpu#enterEl1} after the exception was taken: ELR_EL1, SPSR_EL1 and (for a
   * synchronous exception) ESR_EL1/FAR_EL1 hold its syndrome and PC is the vector.
   */
  void exceptionTaken(int vectorOffset) {
    long retired = cpu.instructionsRetired;
    streak = streak > 0 && retired - retiredAtLastEntry <= NEAR ? streak + 1 : 1;
    retiredAtLastEntry = retired;
    int i = historyNext;
    historyElr[i] = cpu.sys.elrEl1;
    // An interrupt has no syndrome: keep the vector offset in place of the ESR (-1 - offset).
    historyEsr[i] = vectorOffset == Cpu.VECTOR_SYNC ? cpu.sys.esrEl1 : -1 - vectorOffset;
    historyFar[i] = cpu.sys.farEl1;
    historyVector[i] = cpu.pc;
    historyNext = (i + 1) % HISTORY;
    if (streak == 1) {
      firstElr = historyElr[i];
      firstEsr = historyEsr[i];
      firstFar = historyFar[i];
    }
    if (streak >= LOOP_ENTRIES && report == null) {
      stuck();
    }
  }

  /** Called by {@link Cpu#exceptionReturn}: the handler finished, the loop (if any) is broken. */
  void exceptionReturned() {
    streak = 0;
  }

  /** The report once this vCPU was found stuck, else null. */
  public String report() {
    return report;
  }

  private void stuck() {
    int vcpu = cpu.context != null ? cpu.context.index() : 0;
    long esr = cpu.sys.esrEl1;
    String nl = System.lineSeparator();
    StringBuilder sb = new StringBuilder();
    sb.append(String.format(
        "vcpu%d is stuck in an exception loop: %d exceptions taken without an exception return, each within %d instructions of the last",
        vcpu, streak, NEAR));
    int last = (historyNext + HISTORY - 1) % HISTORY;
    long lastEsr = historyEsr[last];
    sb.append(nl).append("qvm:   last exception: ").append(lastEsr < 0 ? interruptName(lastEsr) : Esr.describe(esr));
    sb.append(nl).append(String.format(
        "qvm:   PC=0x%x ELR_EL1=0x%x ESR_EL1=0x%x FAR_EL1=0x%x SPSR_EL1=0x%x VBAR_EL1=0x%x SCTLR_EL1=0x%x SP_EL1=0x%x",
        cpu.pc, cpu.sys.elrEl1, esr, cpu.sys.farEl1, cpu.sys.spsrEl1, cpu.sys.vbarEl1, cpu.sys.sctlrEl1, cpu.spEl1()));
    sb.append(nl).append("qvm:   the loop began with: ").append(firstEsr < 0 ? interruptName(firstEsr) : Esr.describe(firstEsr))
        .append(String.format(" at ELR 0x%x, FAR 0x%x", firstElr, firstFar));
    long firstWord = readCode(firstElr);
    if (firstWord >= 0) {
      sb.append(String.format(": %08x  %s", firstWord, Disassembler.disassemble((int) firstWord, firstElr).replace('\t', ' ')));
    }
    sb.append(nl).append("qvm:   the last exceptions, oldest first (vector <- ELR_EL1, ESR_EL1, FAR_EL1):");
    String previous = null;
    int repeats = 0;
    for (int k = 0; k <= HISTORY; k++) {
      String line = null;
      if (k < HISTORY) {
        int j = (historyNext + k) % HISTORY;
        long e = historyEsr[j];
        line = String.format("0x%x <- 0x%x %s FAR=0x%x", historyVector[j], historyElr[j],
            e < 0 ? interruptName(e) : String.format("ESR=0x%x", e), historyFar[j]);
      }
      if (line != null && line.equals(previous)) {
        repeats++;
        continue;
      }
      if (previous != null) {
        sb.append(nl).append("qvm:     ").append(previous).append(repeats > 1 ? " (" + repeats + " times)" : "");
      }
      previous = line;
      repeats = 1;
    }
    sb.append(nl).append("qvm:   the last instructions executed:");
    appendInstructions(sb, historyVector[(last + HISTORY - 1) % HISTORY], historyElr[last], lastEsr);
    report = sb.toString();
    cpu.exits.exceptionLoop(cpu.context, report);
    cpu.requestStop(); // a CPU without a VM around it (tests) stops too
  }

  private static String interruptName(long encoded) {
    return switch ((int) (-1 - encoded)) {
      case Cpu.VECTOR_IRQ -> "IRQ";
      case Cpu.VECTOR_FIQ -> "FIQ";
      default -> "SError";
    };
  }

  /**
   * Lists the instructions from the previous exception's vector to the instruction the last one
   * was taken at, when that run is short and straight (the handler's first steps, the usual
   * shape of a loop); otherwise only that instruction. A fetch abort has no instruction.
   */
  private void appendInstructions(StringBuilder sb, long previousVector, long elr, long esr) {
    String nl = System.lineSeparator();
    int ec = esr < 0 ? -1 : Esr.ec(esr);
    boolean fetchFailed = ec == Esr.EC_INSN_ABORT_SAME || ec == Esr.EC_INSN_ABORT_LOWER || ec == Esr.EC_PC_ALIGNMENT;
    long from = elr - previousVector >= 0 && elr - previousVector < 4L * MAX_LISTED ? previousVector : elr;
    for (long va = from; va <= elr; va += 4) {
      boolean faulting = va == elr;
      if (faulting && fetchFailed) {
        sb.append(nl).append(String.format("qvm:     0x%x: (no instruction: the fetch faulted)", va));
        break;
      }
      long word = readCode(va);
      sb.append(nl).append(word < 0
          ? String.format("qvm:     0x%x: (not readable RAM)", va)
          : String.format("qvm:     0x%x: %08x  %s%s", va, word, Disassembler.disassemble((int) word, va).replace('\t', ' '),
              faulting && esr >= 0 ? "   <- exception" : ""));
    }
  }

  /**
   * The instruction word at {@code va}, or -1 when it is not in RAM: translated like AT S1E1R
   * (no exception, no TLB fill) and read from RAM only, never from a device (a read of a device
   * register has side effects).
   */
  private long readCode(long va) {
    long ipa;
    if ((va & 3) != 0) {
      return -1;
    }
    long par = cpu.mmu.translateForAt(va, false, 1);
    if ((par & 1) != 0) {
      return -1;
    }
    ipa = (par & 0x0000_ffff_ffff_f000L) | (va & 0xfff);
    PageMapping m = cpu.mmu.ipaSpace().lookup(ipa);
    if (m.kind() != PageMapping.Kind.RAM || !m.readable()) {
      return -1;
    }
    return m.buffer().getInt(m.bufferOffset() + ((int) ipa & 0xfff)) & 0xffff_ffffL;
  }
}
