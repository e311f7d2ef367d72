package dev.qvm.cpu.trace;

import dev.qvm.core.memory.AccessType;
import dev.qvm.core.memory.IpaSpace;
import dev.qvm.core.memory.PageMapping;
import dev.qvm.cpu.exec.Cpu;
import dev.qvm.cpu.mmu.Stage1Walker;
import java.util.ArrayList;
import java.util.List;

/**
 * Describes a stage-1 walk level by level for the {@code mmu} trace: it walks the VA again with
 * the CPU's own {@link Stage1Walker}, through a descriptor reader that records every descriptor
 * it reads. Reading descriptors has no side effect, so this second walk cannot change the guest.
 */
final class Stage1WalkTrace {

  private final Cpu cpu;
  private final List<long[]> reads = new ArrayList<>();
  private final Stage1Walker walker;

  Stage1WalkTrace(Cpu cpu) {
    this.cpu = cpu;
    IpaSpace space = cpu.mmu.ipaSpace();
    this.walker =
        new Stage1Walker(
            (ipa, out) -> {
              PageMapping m = space.lookup(ipa);
              if (m.kind() != PageMapping.Kind.RAM || !m.readable()) {
                reads.add(new long[] {ipa, 0, 0});
                return false;
              }
              out[0] = m.buffer().getLong(m.bufferOffset() + ((int) ipa & 0xff8));
              reads.add(new long[] {ipa, out[0], 1});
              return true;
            });
    walker.granule16k = ((cpu.model.idAa64mmfr0() >>> 20) & 0xf) == 1;
  }

  /** Lines describing the walk of {@code va} (without a prefix). */
  List<String> describe(long va, boolean write) {
    var s = cpu.sys;
    reads.clear();
    long ipa = walker.walk(va, write ? AccessType.WRITE : AccessType.READ, cpu.el, s.tcrEl1, s.ttbr0El1, s.ttbr1El1, s.sctlrEl1, s.mairEl1);
    boolean upper = ((va >>> 55) & 1) != 0;
    int level = startLevel(s.tcrEl1, upper);
    List<String> lines = new ArrayList<>();
    lines.add(String.format("s1 VA 0x%x %s EL%d via %s (TCR_EL1 0x%x), start level %d", va, write ? "write" : "read", cpu.el, upper ? "TTBR1_EL1 0x" + Long.toHexString(s.ttbr1El1) : "TTBR0_EL1 0x" + Long.toHexString(s.ttbr0El1), s.tcrEl1, level));
    for (long[] r : reads) {
      if (r[2] == 0) {
        lines.add(String.format("s1   level %d: descriptor at IPA 0x%x is not in RAM", level, r[0]));
      } else {
        lines.add(String.format("s1   level %d: descriptor at IPA 0x%x = 0x%016x (%s)", level, r[0], r[1], kind(r[1], level)));
      }
      level++;
    }
    lines.add(ipa < 0 ? String.format("s1   => fault, FSC 0x%02x", walker.faultStatus) : String.format("s1   => IPA 0x%x", ipa));
    return lines;
  }

  /** ARM ARM D8.2 (4KB: 9 bits per level above the 12-bit page offset; 16KB: 11; 64KB: 13). */
  private static int startLevel(long tcr, boolean upper) {
    int tsz = (int) (tcr >>> (upper ? 16 : 0)) & 0x3f;
    int tg = (int) (tcr >>> (upper ? 30 : 14)) & 3;
    int pageShift;
    if (upper) {
      pageShift = tg == 1 ? 14 : tg == 3 ? 16 : 12;
    } else {
      pageShift = tg == 2 ? 14 : tg == 1 ? 16 : 12;
    }
    int inputBits = 64 - Math.max(16, Math.min(39, tsz));
    int stride = pageShift - 3;
    int levels = (inputBits - pageShift + stride - 1) / stride;
    return 4 - levels;
  }

  private static String kind(long descriptor, int level) {
    if ((descriptor & 1) == 0) {
      return "invalid";
    }
    if ((descriptor & 2) == 0) {
      return "block";
    }
    return level == 3 ? "page" : "table";
  }
}
