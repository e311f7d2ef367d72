package dev.qvm.cpu.trace;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/** What {@code qvm run --trace KINDS} can show; KINDS is a comma-separated list or {@code all}. */
public enum TraceKind {
  /** Every instruction: PC, symbol, encoding, objdump text. */
  INSN,
  /** Exits: MMIO accesses, WFI/WFE, HVC/SMC, semihosting, interrupts taken. */
  EXIT,
  /** Interrupts: assert (or held), forward to a vCPU, acknowledge, deactivate (EOI). */
  IRQ,
  /** vdev register accesses: vdev, offset, size, value, direction. */
  MMIO,
  /** Translation table walks on TLB misses: stage 1 level by level, then stage 2. */
  MMU,
  /** PSCI calls and their results. */
  PSCI;

  /** Parses {@code insn,exit,...} or {@code all}; throws IllegalArgumentException naming a bad kind. */
  public static Set<TraceKind> parse(String list) {
    EnumSet<TraceKind> kinds = EnumSet.noneOf(TraceKind.class);
    for (String word : list.split(",")) {
      String w = word.trim().toLowerCase(Locale.ROOT);
      if (w.equals("all")) {
        kinds.addAll(EnumSet.allOf(TraceKind.class));
        continue;
      }
      try {
        kinds.add(valueOf(w.toUpperCase(Locale.ROOT)));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException("unknown trace kind '" + word.trim() + "' (known: insn, exit, irq, mmio, mmu, psci, all)");
      }
    }
    return kinds;
  }
}
