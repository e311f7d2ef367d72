package dev.qvm.cpu.gdb;

import dev.qvm.core.memory.PageMapping;
import dev.qvm.cpu.exec.Cpu;

/**
 * Guest memory as the debugger sees it: virtual addresses through the vCPU's current stage-1
 * translation (its own tables, with EL1 privilege and no permission fault, as a debugger
 * wants) and then stage 2. Only RAM and ROM are read or written: a vdev's registers may change
 * state when read, so the debugger never touches them. A write into decoded code re-decodes it.
 */
public final class GuestMemory {

  private GuestMemory() {}

  /** Reads up to {@code dst.length} bytes; returns how many could be read (0 at a fault). */
  public static int read(Cpu cpu, long va, byte[] dst) {
    int done = 0;
    while (done < dst.length) {
      long at = va + done;
      PageMapping m = map(cpu, at);
      if (m == null || m.kind() != PageMapping.Kind.RAM) {
        break;
      }
      int chunk = (int) Math.min(dst.length - done, 0x1000 - (at & 0xfff));
      m.buffer().get(m.bufferOffset() + (int) (at & 0xfff), dst, done, chunk);
      done += chunk;
    }
    return done;
  }

  /** Writes {@code src}; returns false when some byte is not writable guest RAM. */
  public static boolean write(Cpu cpu, long va, byte[] src) {
    int done = 0;
    while (done < src.length) {
      long at = va + done;
      PageMapping m = map(cpu, at);
      if (m == null || m.kind() != PageMapping.Kind.RAM) {
        return false;
      }
      int chunk = (int) Math.min(src.length - done, 0x1000 - (at & 0xfff));
      m.buffer().put(m.bufferOffset() + (int) (at & 0xfff), src, done, chunk);
      long ipa = m.ipaPage() | (at & 0xfff);
      if (cpu.codePages.isCode(m.ipaPage())) {
        cpu.codePages.codeWritten(ipa, chunk); // a patched instruction must not run stale
      }
      done += chunk;
    }
    return true;
  }

  /** Stage 1 (as AT S1E1R, C5.5) then stage 2 for the page of {@code va}; null on a fault. */
  private static PageMapping map(Cpu cpu, long va) {
    long par = cpu.mmu.translateForAt(va, false, 1);
    if ((par & 1) != 0) {
      return null;
    }
    long ipa = (par & 0x0000_ffff_ffff_f000L) | (va & 0xfff);
    PageMapping m = cpu.mmu.ipaSpace().lookup(ipa);
    return m.readable() ? m : null;
  }
}
