package dev.qvm.cpu.exec;

import dev.qvm.core.memory.PageMapping;
import dev.qvm.cpu.mmu.Mmu;
import java.util.Arrays;

/**
 * One vCPU's instruction-fetch TLB: VA page (tagged with the EL) to decoded {@link CodePage}.
 * Flushed with the data TLB, by TLB maintenance and translation-control writes.
 */
final class CodeCache {
  private static final int BITS = 8;
  private static final int SIZE = 1 << BITS;
  private static final int MASK = SIZE - 1;

  private final Mmu mmu;
  private final CodePages pages;
  private final long[] tag = new long[SIZE];
  private final CodePage[] page = new CodePage[SIZE];
  private final dev.qvm.core.stats.VcpuCounters counters;

  CodeCache(Mmu mmu, CodePages pages, dev.qvm.core.stats.VcpuCounters counters) {
    this.mmu = mmu;
    this.pages = pages;
    this.counters = counters;
    flushAll();
  }

  CodePage pageFor(long va, int el) {
    int i = (int) (va >>> 12) & MASK;
    long t = (va >>> 12) | ((long) el << 62);
    if (tag[i] == t) {
      // Once per entry into a code page (Cpu.runInPage), not per instruction: cheap to count.
      counters.codePageHits++;
      return page[i];
    }
    counters.codePageMisses++;
    PageMapping m = mmu.translateFetch(va);
    CodePage p = pages.pageFor(m, mmu);
    tag[i] = t;
    page[i] = p;
    return p;
  }

  /** A TLBI by VA (Cpu.invalidateVa): that page's lookup goes, at every EL. */
  void invalidatePage(long va) {
    int i = (int) (va >>> 12) & MASK;
    if (((tag[i] ^ (va >>> 12)) & VA_PAGE_BITS) == 0) {
      tag[i] = -1L;
      page[i] = null;
    }
  }

  /** VA[55:12] of a page number, as a TLBI names it. */
  private static final long VA_PAGE_BITS = (1L << 44) - 1;

  void flushAll() {
    Arrays.fill(tag, -1L);
    Arrays.fill(page, null);
  }
}
