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

  CodePage pageFor(PageMapping mapping) {
    CodePage page = pages.get(mapping.ipaPage());
    if (page != null) {
      return page;
    }
    page = pages.computeIfAbsent(
        mapping.ipaPage(), p -> new CodePage(p, mapping.buffer(), mapping.bufferOffset()));
    // A write TLB entry for this page would let stores bypass re-decoding: drop them all.
    for (Mmu mmu : mmus) {
      mmu.flushWrites();
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

  /** Number of decoded pages (statistics). */
  public int size() {
    return pages.size();
  }
}
