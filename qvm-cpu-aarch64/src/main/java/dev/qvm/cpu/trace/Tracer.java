package dev.qvm.cpu.trace;

import dev.qvm.core.irq.InterruptController;
import dev.qvm.core.irq.InterruptObserver;
import dev.qvm.core.memory.IpaSpace;
import dev.qvm.core.memory.MmioWindow;
import dev.qvm.core.memory.PhysicalMemory;
import java.io.PrintStream;
import java.util.EnumSet;
import java.util.Set;

/**
 * The trace of one VM ({@code qvm run --trace KINDS}): which kinds are on, the vCPU and PC
 * filters, the symbols of the guest image, and the output. It hands each vCPU a {@link
 * VcpuTracer} and observes the interrupt controller itself. Every event is one line (or a few
 * for a walk) that starts with the vCPU, written whole under this object's lock so the lines of
 * several vCPUs never interleave.
 *
 * <p>Tracing runs only in the {@link DebugLoop}; when it is off nothing of it exists, so the
 * normal interpreter loop pays nothing for it (ARCHITECTURE.md section 7).
 */
public final class Tracer implements InterruptObserver {

  /** The filters of {@code --trace-vcpu} and {@code --trace-pc}. */
  public record Filter(int vcpu, long pcStart, long pcEnd) {
    /** No filtering. */
    public static final Filter NONE = new Filter(-1, 0, -1L);

    boolean vcpu(int index) {
      return vcpu < 0 || index < 0 || index == vcpu;
    }

    boolean pc(long pc) {
      return Long.compareUnsigned(pc, pcStart) >= 0 && Long.compareUnsigned(pc, pcEnd) <= 0;
    }

    /**
     * Parses {@code START-END} (inclusive, hex with or without 0x) or a symbol of {@code
     * symbols}; throws IllegalArgumentException with a message for the user.
     */
    public static long[] parseRange(String text, SymbolTable symbols) {
      int dash = text.indexOf('-');
      if (dash < 0) {
        long at = symbols.addressOf(text);
        SymbolTable.Symbol s = at < 0 ? null : symbols.at(at);
        if (s == null) {
          throw new IllegalArgumentException("--trace-pc wants START-END (hex addresses) or a symbol of the image, not '" + text + "'");
        }
        return new long[] {s.address(), s.address() + Math.max(1, s.size()) - 1};
      }
      try {
        return new long[] {hex(text.substring(0, dash)), hex(text.substring(dash + 1))};
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("--trace-pc wants START-END as hex addresses, e.g. 0x40080000-0x40080fff, not '" + text + "'");
      }
    }

    private static long hex(String s) {
      s = s.trim();
      if (s.startsWith("0x") || s.startsWith("0X")) {
        s = s.substring(2);
      }
      return Long.parseUnsignedLong(s.replace("_", ""), 16);
    }
  }

  private final Set<TraceKind> kinds;
  private final Filter filter;
  private final PrintStream out;
  private final SymbolTable symbols;
  private final IpaSpace memory;
  private final InterruptController gic;

  /**
   * @param kinds what to trace
   * @param filter vCPU and PC filters
   * @param out where lines go (stderr or {@code --trace-file})
   * @param symbols the guest image's symbols ({@link SymbolTable#EMPTY} for a raw image)
   * @param memory the VM's IPA space (stage-2 walks and vdev names when it is a PhysicalMemory)
   * @param gic the interrupt controller, or null (then "held" cannot be told)
   */
  public Tracer(Set<TraceKind> kinds, Filter filter, PrintStream out, SymbolTable symbols, IpaSpace memory, InterruptController gic) {
    this.kinds = kinds.isEmpty() ? EnumSet.noneOf(TraceKind.class) : EnumSet.copyOf(kinds);
    this.filter = filter;
    this.out = out;
    this.symbols = symbols;
    this.memory = memory;
    this.gic = gic;
    if (gic != null && this.kinds.contains(TraceKind.IRQ)) {
      gic.addObserver(this);
    }
  }

  /** The tracer of vCPU {@code index}, to hand to its {@link DebugLoop}. */
  public VcpuTracer forVcpu(int index) {
    return new VcpuTracer(this, index);
  }

  boolean on(TraceKind kind) {
    return kinds.contains(kind);
  }

  Filter filter() {
    return filter;
  }

  SymbolTable symbols() {
    return symbols;
  }

  IpaSpace memory() {
    return memory;
  }

  /** The vdev window holding {@code ipa}, or null. */
  MmioWindow window(long ipa) {
    return memory instanceof PhysicalMemory pm ? pm.mmioBus().windowAt(ipa) : null;
  }

  /** Writes one event; {@code vcpu} -1 for events of no vCPU. */
  void emit(int vcpu, String text) {
    String line = vcpu < 0 ? "-     " + text : String.format("vcpu%-2d %s", vcpu, text);
    synchronized (this) {
      out.println(line);
    }
  }

  /** Flushes the output (at the VM's end). */
  public synchronized void flush() {
    out.flush();
  }

  // ---- irq (InterruptObserver; called on the source's or the vCPU's thread) ----

  @Override
  public void asserted(int vcpu, int intid) {
    if (!filter.vcpu(vcpu)) {
      return;
    }
    boolean held = gic != null && !gic.forwardingEnabled(intid);
    // Seeds (QNX model): an interrupt the guest has not enabled yet is held, not forwarded.
    emit(vcpu, String.format("irq assert INTID %d%s", intid, held ? " held (the guest has not enabled it: not forwarded)" : ""));
  }

  @Override
  public void acknowledged(int vcpu, int intid) {
    if (filter.vcpu(vcpu)) {
      emit(vcpu, String.format("irq acknowledge INTID %d (ICC_IAR1_EL1: active)", intid));
    }
  }

  @Override
  public void deactivated(int vcpu, int intid) {
    if (filter.vcpu(vcpu)) {
      emit(vcpu, String.format("irq EOI/deactivate INTID %d (inactive: the host may unmask its source)", intid));
    }
  }

  @Override
  public void enablesChanged() {}

  // ---- the host gate of a pass-through interrupt (mask-until-EOI, ARCHITECTURE.md section 5) ----

  @Override
  public void hostForwarded(int intid, boolean sourceMasked) {
    if (filter.vcpu(-1)) {
      emit(-1, String.format("irq host INTID %d: forwarded to the vGIC%s", intid, sourceMasked ? ", source masked until the guest deactivates it" : " (,u: source left unmasked)"));
    }
  }

  @Override
  public void hostHeld(int intid, String why) {
    if (filter.vcpu(-1)) {
      emit(-1, String.format("irq host INTID %d: held, source masked (%s)", intid, why));
    }
  }

  @Override
  public void hostUnmasked(int vcpu, int intid) {
    if (filter.vcpu(vcpu)) {
      emit(vcpu, String.format("irq host INTID %d: source unmasked (the guest deactivated it)", intid));
    }
  }
}
