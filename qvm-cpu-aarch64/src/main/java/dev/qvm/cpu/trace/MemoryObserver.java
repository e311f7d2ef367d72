package dev.qvm.cpu.trace;

/**
 * Sees the accesses that take the MMU's slow path (TLB misses, MMIO, page-crossing accesses, and
 * every access while {@code Mmu.bypassTlb} is set), after stage 1 and before the access happens.
 * Installed on a vCPU's MMU only while a debugger or tracer needs it, so the TLB fast path never
 * pays for it.
 */
public interface MemoryObserver {

  /**
   * One access of {@code size} bytes at {@code va}, translated to {@code ipa}. {@code value} is
   * the value a write stores (0 for a read). May throw {@link
   * dev.qvm.cpu.exception.GuestException} to abandon the instruction before the access (a
   * watchpoint): nothing of it is written back, as for a data abort.
   */
  void access(long va, long ipa, int size, boolean write, long value);
}
