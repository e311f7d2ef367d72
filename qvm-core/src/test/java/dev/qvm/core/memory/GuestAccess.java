package dev.qvm.core.memory;

import java.nio.ByteBuffer;

/**
 * Guest loads and stores done the way a vCPU does them: look the page up through stage 2, check
 * the mapping's permission, then touch the host buffer or call the device. Accesses that cross a
 * page boundary are split into bytes, each page looked up on its own.
 */
final class GuestAccess {

  private GuestAccess() {}

  /** A stage-2 abort the guest would take. */
  static final class Abort extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final boolean permission;
    final int level;
    final long ipa;

    Abort(boolean permission, int level, long ipa) {
      super(String.format("stage-2 %s fault at level %d, IPA 0x%x",
          permission ? "permission" : "translation", level, ipa));
      this.permission = permission;
      this.level = level;
      this.ipa = ipa;
    }
  }

  private static PageMapping page(IpaSpace space, long ipa, AccessType type) {
    PageMapping m = space.lookup(ipa);
    if (m.kind() == PageMapping.Kind.FAULT) {
      throw new Abort(false, m.faultLevel(), ipa);
    }
    if (!m.permits(type)) {
      throw new Abort(true, 0, ipa);
    }
    return m;
  }

  static long read(IpaSpace space, long ipa, int size) {
    if ((ipa & 0xFFF) + size > 4096) {
      long value = 0;
      for (int i = 0; i < size; i++) {
        value |= read(space, ipa + i, 1) << (8 * i);
      }
      return value;
    }
    PageMapping m = page(space, ipa, AccessType.READ);
    int inPage = (int) (ipa & 0xFFF);
    if (m.kind() == PageMapping.Kind.MMIO) {
      return m.device().read(m.deviceOffset() + inPage, size);
    }
    ByteBuffer b = m.buffer();
    int at = m.bufferOffset() + inPage;
    return switch (size) {
      case 1 -> b.get(at) & 0xFFL;
      case 2 -> b.getShort(at) & 0xFFFFL;
      case 4 -> b.getInt(at) & 0xFFFF_FFFFL;
      default -> b.getLong(at);
    };
  }

  static void write(IpaSpace space, long ipa, int size, long value) {
    if ((ipa & 0xFFF) + size > 4096) {
      // Check every page first so a refused access changes nothing, as on hardware.
      for (int i = 0; i < size; i++) {
        page(space, ipa + i, AccessType.WRITE);
      }
      for (int i = 0; i < size; i++) {
        write(space, ipa + i, 1, value >>> (8 * i));
      }
      return;
    }
    PageMapping m = page(space, ipa, AccessType.WRITE);
    int inPage = (int) (ipa & 0xFFF);
    if (m.kind() == PageMapping.Kind.MMIO) {
      m.device().write(m.deviceOffset() + inPage, size, value);
      return;
    }
    ByteBuffer b = m.buffer();
    int at = m.bufferOffset() + inPage;
    switch (size) {
      case 1 -> b.put(at, (byte) value);
      case 2 -> b.putShort(at, (short) value);
      case 4 -> b.putInt(at, (int) value);
      default -> b.putLong(at, value);
    }
  }

  /** A register file: bytes that read back what was written, little-endian. */
  static final class RegisterFile implements MmioDevice {
    final byte[] bytes;
    int accesses;

    RegisterFile(int size) {
      bytes = new byte[size];
    }

    @Override
    public synchronized long read(long offset, int size) {
      accesses++;
      long v = 0;
      for (int i = 0; i < size; i++) {
        v |= (bytes[(int) offset + i] & 0xFFL) << (8 * i);
      }
      return v;
    }

    @Override
    public synchronized void write(long offset, int size, long value) {
      accesses++;
      for (int i = 0; i < size; i++) {
        bytes[(int) offset + i] = (byte) (value >>> (8 * i));
      }
    }
  }
}
