package dev.qvm.core.boot;

import dev.qvm.core.memory.PhysicalMemory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;

/**
 * Loads an ELF64 little-endian AArch64 executable (System V gABI "ELF Header" and "Program
 * Header"; AArch64 ELF ABI: e_machine EM_AARCH64 = 183). Each PT_LOAD segment is copied to its
 * physical address p_paddr, because a guest starts with its MMU off and sees IPAs; the part of
 * p_memsz beyond p_filesz (bss) is zeroed. The entry point e_entry is a virtual address; when a
 * segment's p_vaddr and p_paddr differ, it is moved by that segment's offset.
 */
public final class ElfLoader {

  private ElfLoader() {}

  static final int EI_CLASS = 4;
  static final int EI_DATA = 5;
  static final int EI_VERSION = 6;
  static final int ELFCLASS64 = 2;
  static final int ELFDATA2LSB = 1;
  static final int ET_EXEC = 2;
  static final int ET_DYN = 3;
  static final int EM_AARCH64 = 183;
  static final int PT_LOAD = 1;
  static final int ELF64_EHDR_SIZE = 64;
  static final int ELF64_PHDR_SIZE = 56;
  /** e_phnum value meaning "the real count is in section header 0" (gABI PN_XNUM). */
  static final int PN_XNUM = 0xFFFF;

  /** True when {@code image} starts with the ELF magic {@code 0x7F 'E' 'L' 'F'}. */
  public static boolean isElf(byte[] image) {
    return image.length >= 4
        && image[0] == 0x7F
        && image[1] == 'E'
        && image[2] == 'L'
        && image[3] == 'F';
  }

  /**
   * Loads {@code image}.
   *
   * @throws ImageLoadException when it is not an ELF64 LE AArch64 executable, is truncated, or a
   *     segment falls outside guest RAM/ROM
   */
  public static LoadedImage load(PhysicalMemory memory, byte[] image) throws ImageLoadException {
    if (!isElf(image)) {
      throw new ImageLoadException("not an ELF file (no \\x7fELF magic)");
    }
    if (image.length < ELF64_EHDR_SIZE) {
      throw new ImageLoadException(
          "truncated ELF: " + image.length + " bytes, an ELF64 header needs 64");
    }
    if (image[EI_CLASS] != ELFCLASS64) {
      throw new ImageLoadException("ELF is not 64-bit (EI_CLASS " + image[EI_CLASS] + ")");
    }
    if (image[EI_DATA] != ELFDATA2LSB) {
      throw new ImageLoadException("ELF is not little-endian (EI_DATA " + image[EI_DATA] + ")");
    }
    if (image[EI_VERSION] != 1) {
      throw new ImageLoadException("unknown ELF version " + image[EI_VERSION]);
    }
    ByteBuffer elf = ByteBuffer.wrap(image).order(ByteOrder.LITTLE_ENDIAN);
    int type = elf.getShort(16) & 0xFFFF;
    int machine = elf.getShort(18) & 0xFFFF;
    long entryVa = elf.getLong(24);
    long phoff = elf.getLong(32);
    int phentsize = elf.getShort(54) & 0xFFFF;
    int phnum = elf.getShort(56) & 0xFFFF;
    if (machine != EM_AARCH64) {
      throw new ImageLoadException(
          "ELF is for machine " + machine + ", not AArch64 (EM_AARCH64 = 183)");
    }
    if (type != ET_EXEC && type != ET_DYN) {
      throw new ImageLoadException("ELF is not an executable (e_type " + type + ")");
    }
    if (phnum == PN_XNUM) {
      throw new ImageLoadException("ELF with more than 65534 program headers is not supported");
    }
    if (phnum == 0) {
      throw new ImageLoadException("ELF has no program headers: nothing to load");
    }
    if (phentsize < ELF64_PHDR_SIZE) {
      throw new ImageLoadException("ELF program header size " + phentsize + " is below 56");
    }
    long tableEnd = phoff + (long) phentsize * phnum;
    if (phoff < 0 || phoff > image.length || tableEnd > image.length) {
      throw new ImageLoadException(
          String.format(
              "truncated ELF: program headers end at byte %d, the file has %d",
              tableEnd, image.length));
    }

    List<Segment> segments = new ArrayList<>();
    for (int i = 0; i < phnum; i++) {
      int at = (int) (phoff + (long) i * phentsize);
      if (elf.getInt(at) != PT_LOAD) {
        continue;
      }
      Segment s =
          new Segment(
              i,
              elf.getLong(at + 8),
              elf.getLong(at + 16),
              elf.getLong(at + 24),
              elf.getLong(at + 32),
              elf.getLong(at + 40));
      if (s.memsz == 0) {
        continue;
      }
      if (Long.compareUnsigned(s.filesz, s.memsz) > 0) {
        throw new ImageLoadException(
            String.format(
                "ELF segment %d: p_filesz 0x%x exceeds p_memsz 0x%x", i, s.filesz, s.memsz));
      }
      if (s.offset < 0 || s.filesz < 0 || s.offset > image.length - s.filesz) {
        throw new ImageLoadException(
            String.format(
                "truncated ELF: segment %d needs file bytes [%d, %d), the file has %d",
                i, s.offset, s.offset + s.filesz, image.length));
      }
      Loaders.requireRamOrRom(memory, s.paddr, s.memsz, "ELF segment " + i);
      segments.add(s);
    }
    if (segments.isEmpty()) {
      throw new ImageLoadException("ELF has no PT_LOAD segment: nothing to load");
    }

    List<LoadedImage.Extent> extents = new ArrayList<>();
    for (Segment s : segments) {
      memory.write(s.paddr, image, (int) s.offset, (int) s.filesz);
      if (s.memsz > s.filesz) {
        memory.fill(s.paddr + s.filesz, s.memsz - s.filesz, (byte) 0);
      }
      extents.add(new LoadedImage.Extent(s.paddr, s.filesz, s.memsz));
    }
    return new LoadedImage(LoadedImage.Format.ELF, entryIpa(entryVa, segments), extents);
  }

  /** e_entry moved into physical space by the segment whose virtual range holds it. */
  private static long entryIpa(long entryVa, List<Segment> segments) {
    for (Segment s : segments) {
      if (Long.compareUnsigned(entryVa - s.vaddr, s.memsz) < 0) {
        return s.paddr + (entryVa - s.vaddr);
      }
    }
    return entryVa;
  }

  private record Segment(int index, long offset, long vaddr, long paddr, long filesz, long memsz) {}
}
