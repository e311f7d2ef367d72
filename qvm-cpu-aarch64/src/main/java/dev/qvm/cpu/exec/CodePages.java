package dev.qvm.cpu.exec;

import dev.qvm.core.memory.PageMapping;
import dev.qvm.cpu.mmu.Mmu;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * Every decoded code page of one VM, by IPA page, shared by its vCPUs. It is also the MMU's
 * {@link Mmu.CodeListener}: stores into a code page never hit a TLB fast path, and each one
 * re-decodes the slots it wrote.
 */
public final class CodePages implements Mmu.CodeListener {
  private final ConcurrentHashMap<Long, CodePage> pages = new ConcurrentHashMap<>();
  private final List<Mmu> mmus = new CopyOnWriteArrayList<>();

  /** Registers a vCPU's MMU so that its write TLB drops pages that become code. */
  public void register(Mmu mmu) {
    mmus.add(mmu);
  }

  CodePage pageFor(PageMapping mapping, Mmu creator) {
    CodePage page = pages.get(mapping.ipaPage());
    if (page != null && page.decodedFrom(mapping.buffer(), mapping.bufferOffset())) {
      return page;
    }
    if (page != null) {
      // Stage 2 now maps this IPA page to other memory (a ROM device's block got a buffer of its
      // own): what was decoded from the old one is stale.
      pages.remove(mapping.ipaPage(), page);
    }
    page = pages.computeIfAbsent(
        mapping.ipaPage(), p -> new CodePage(p, mapping.buffer(), mapping.bufferOffset()));
    // A write TLB entry for this page would let stores bypass re-decoding: drop them all. The
    // creating vCPU drops its own now; the others at their next slice (and their attention is
    // not needed sooner: cross-modifying code must anyway be followed by IC IVAU, which
    // re-decodes from memory, see redecodeLine).
    for (Mmu mmu : mmus) {
      if (mmu == creator) {
        mmu.flushWrites();
      } else {
        mmu.requestWriteFlush();
      }
    }
    return page;
  }

  @Override
  public boolean isCode(long ipaPage) {
    return pages.containsKey(ipaPage);
  }

  @Override
  public void codeWritten(long ipa, int size) {
    CodePage page = pages.get(ipa & ~0xfffL);
    if (page != null) {
      page.redecode((int) ipa & 0xfff, size);
    }
  }

  /** IC IVAU: re-decodes the 64-byte line holding {@code ipa} from memory, if it is code. */
  public void redecodeLine(long ipa) {
    CodePage page = pages.get(ipa & ~0xfffL);
    if (page != null) {
      page.redecode((int) ipa & 0xfc0, 64);
    }
  }

  /** IC IALLU/IALLUIS: re-decodes every code page from memory. */
  public void redecodeAll() {
    for (CodePage page : pages.values()) {
      page.redecode(0, 4096);
    }
  }

  /**
   * Drops every page decoded from [{@code ipa}, {@code ipa + size}): stage 2 changed there (a ROM
   * device switched modes, and may have been programmed or erased). vCPUs that hold a dropped
   * page in their fetch lookups must flush them too ({@link Cpu#translationChanged()}).
   */
  public void drop(long ipa, long size) {
    long end = ipa + size;
    pages.keySet().removeIf(p -> p >= ipa && p < end);
  }

  /** Number of decoded pages (statistics). */
  public int size() {
    return pages.size();
  }
}
