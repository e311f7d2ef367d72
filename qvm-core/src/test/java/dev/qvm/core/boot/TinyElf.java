package dev.qvm.core.boot;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/** Writes small ELF64 LE AArch64 executables for tests, field by field as the gABI has them. */
final class TinyElf {

  private record Phdr(int type, long vaddr, long paddr, byte[] data, long memsz) {}

  private final List<Phdr> segments = new ArrayList<>();
  private long entry;
  private int machine = 183;

  TinyElf entry(long va) {
    this.entry = va;
    return this;
  }

  TinyElf machine(int m) {
    this.machine = m;
    return this;
  }

  TinyElf load(long vaddr, long paddr, byte[] data, long memsz) {
    segments.add(new Phdr(1, vaddr, paddr, data, memsz));
    return this;
  }

  TinyElf note(byte[] data) {
    segments.add(new Phdr(4, 0, 0, data, data.length));
    return this;
  }

  byte[] build() {
    int phoff = 64;
    int dataAt = phoff + 56 * segments.size();
    int total = dataAt + segments.stream().mapToInt(s -> s.data.length).sum();
    ByteBuffer b = ByteBuffer.allocate(total).order(ByteOrder.LITTLE_ENDIAN);
    b.put(new byte[] {0x7F, 'E', 'L', 'F', 2, 1, 1, 0});
    b.putShort(16, (short) 2); // e_type ET_EXEC
    b.putShort(18, (short) machine);
    b.putInt(20, 1); // e_version
    b.putLong(24, entry);
    b.putLong(32, phoff);
    b.putLong(40, 0); // e_shoff: no sections
    b.putShort(52, (short) 64); // e_ehsize
    b.putShort(54, (short) 56); // e_phentsize
    b.putShort(56, (short) segments.size());
    b.putShort(58, (short) 64); // e_shentsize
    int at = dataAt;
    for (int i = 0; i < segments.size(); i++) {
      Phdr s = segments.get(i);
      int p = phoff + 56 * i;
      b.putInt(p, s.type);
      b.putInt(p + 4, 0b101); // PF_R | PF_X
      b.putLong(p + 8, at);
      b.putLong(p + 16, s.vaddr);
      b.putLong(p + 24, s.paddr);
      b.putLong(p + 32, s.data.length);
      b.putLong(p + 40, s.memsz);
      b.putLong(p + 48, 4096);
      b.put(at, s.data);
      at += s.data.length;
    }
    return b.array();
  }
}
