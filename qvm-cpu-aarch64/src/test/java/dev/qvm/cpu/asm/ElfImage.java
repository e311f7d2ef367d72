package dev.qvm.cpu.asm;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Writes a minimal little-endian ELF64 executable for AArch64: the ELF header, one PT_LOAD
 * program header and the payload, no sections (System V gABI, "ELF Header" and "Program Header";
 * {@code e_machine} 183 is EM_AARCH64 from the ARM ELF supplement). QEMU's {@code -kernel} and
 * qvm's loader both take such a file.
 */
public final class ElfImage {

  /** Where bare-metal test images load: 512 KiB into RAM at 0x40000000 (QEMU virt layout). */
  public static final long DEFAULT_LOAD_ADDRESS = 0x4008_0000L;

  private static final int EHDR_SIZE = 64;
  private static final int PHDR_SIZE = 56;
  private static final int PAYLOAD_OFFSET = 0x1000;
  private static final short EM_AARCH64 = 183;

  private ElfImage() {}

  /** The ELF file bytes: {@code payload} loaded at {@code loadAddress}, entry at {@code entry}. */
  public static byte[] build(long loadAddress, long entry, byte[] payload) {
    if ((loadAddress & (PAYLOAD_OFFSET - 1)) != 0) {
      throw new IllegalArgumentException("load address must be 4 KiB aligned");
    }
    ByteBuffer b = ByteBuffer.allocate(PAYLOAD_OFFSET + payload.length)
        .order(ByteOrder.LITTLE_ENDIAN);
    b.put(new byte[] {0x7F, 'E', 'L', 'F', 2 /* ELFCLASS64 */, 1 /* ELFDATA2LSB */,
        1 /* EV_CURRENT */, 0 /* ELFOSABI_NONE */});
    b.position(16);
    b.putShort((short) 2); // ET_EXEC
    b.putShort(EM_AARCH64);
    b.putInt(1); // e_version
    b.putLong(entry);
    b.putLong(EHDR_SIZE); // e_phoff
    b.putLong(0); // e_shoff: no section headers
    b.putInt(0); // e_flags
    b.putShort((short) EHDR_SIZE);
    b.putShort((short) PHDR_SIZE);
    b.putShort((short) 1); // e_phnum
    b.putShort((short) 64); // e_shentsize
    b.putShort((short) 0); // e_shnum
    b.putShort((short) 0); // e_shstrndx
    b.putInt(1); // PT_LOAD
    b.putInt(7); // PF_R | PF_W | PF_X
    b.putLong(PAYLOAD_OFFSET);
    b.putLong(loadAddress); // p_vaddr
    b.putLong(loadAddress); // p_paddr: what a bare-metal loader uses
    b.putLong(payload.length); // p_filesz
    b.putLong(payload.length); // p_memsz
    b.putLong(PAYLOAD_OFFSET); // p_align
    b.position(PAYLOAD_OFFSET);
    b.put(payload);
    return b.array();
  }

  /** Writes {@link #build} to {@code file}. */
  public static void write(Path file, long loadAddress, long entry, byte[] payload)
      throws IOException {
    Files.write(file, build(loadAddress, entry, payload));
  }
}
