package dev.qvm.core.semihosting;

import dev.qvm.core.vm.VcpuContext;
import java.io.ByteArrayOutputStream;

/**
 * Reads and writes the guest memory a semihosting call names, through the vCPU's own view of
 * it (Semihosting spec 4.1: addresses in the parameter block are the caller's virtual
 * addresses). Transfers are split at 4 KiB boundaries, the smallest translation granule, so a
 * fault is found at the first page that has one and the pages before it still count.
 */
final class GuestAccess {
  /** The smallest translation granule (ARM ARM D8.2): faults happen per page of this size. */
  static final int PAGE_SIZE = 4096;

  private final VcpuContext vcpu;

  GuestAccess(VcpuContext vcpu) {
    this.vcpu = vcpu;
  }

  /** Signals a guest address that faulted; the call then returns -1 with errno EFAULT. */
  static final class Fault extends Exception {
    private static final long serialVersionUID = 1L;

    Fault(long va) {
      super(String.format("guest address 0x%016X faulted", va), null, false, false);
    }
  }

  /**
   * Field {@code index} of an A64 parameter block: each field is a 64-bit little-endian word
   * (Semihosting spec 4.3, "the size of a field is 64 bits" in AArch64 state).
   */
  long field(long blockVa, int index) throws Fault {
    long va = blockVa + 8L * index;
    byte[] b = read(va, 8);
    long v = 0;
    for (int i = 7; i >= 0; i--) {
      v = (v << 8) | (b[i] & 0xFF);
    }
    return v;
  }

  void setField(long blockVa, int index, long value) throws Fault {
    byte[] b = new byte[8];
    for (int i = 0; i < 8; i++) {
      b[i] = (byte) (value >>> (8 * i));
    }
    write(blockVa + 8L * index, b, 0, 8);
  }

  byte readByte(long va) throws Fault {
    return read(va, 1)[0];
  }

  byte[] read(long va, int length) throws Fault {
    byte[] dst = new byte[length];
    int done = readPrefix(va, dst, 0, length);
    if (done < length) {
      throw new Fault(va + done);
    }
    return dst;
  }

  /** Copies up to {@code length} bytes; returns how many leading bytes were readable. */
  int readPrefix(long va, byte[] dst, int offset, int length) {
    int done = 0;
    while (done < length) {
      int chunk = chunk(va + done, length - done);
      if (!vcpu.readVirtual(va + done, dst, offset + done, chunk)) {
        return done;
      }
      done += chunk;
    }
    return done;
  }

  void write(long va, byte[] src, int offset, int length) throws Fault {
    int done = writePrefix(va, src, offset, length);
    if (done < length) {
      throw new Fault(va + done);
    }
  }

  /** Stores up to {@code length} bytes; returns how many leading bytes were writable. */
  int writePrefix(long va, byte[] src, int offset, int length) {
    int done = 0;
    while (done < length) {
      int chunk = chunk(va + done, length - done);
      if (!vcpu.writeVirtual(va + done, src, offset + done, chunk)) {
        return done;
      }
      done += chunk;
    }
    return done;
  }

  /**
   * The NUL-terminated string at {@code va}, without its NUL, read a page at a time so that a
   * string ending just before an unmapped page is still read whole.
   */
  byte[] cString(long va, int maxLength) throws Fault {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] page = new byte[PAGE_SIZE];
    long cursor = va;
    while (out.size() < maxLength) {
      int chunk = chunk(cursor, Math.min(PAGE_SIZE, maxLength - out.size()));
      if (!vcpu.readVirtual(cursor, page, 0, chunk)) {
        throw new Fault(cursor);
      }
      for (int i = 0; i < chunk; i++) {
        if (page[i] == 0) {
          out.write(page, 0, i);
          return out.toByteArray();
        }
      }
      out.write(page, 0, chunk);
      cursor += chunk;
    }
    return out.toByteArray();
  }

  /** At most {@code remaining} bytes from {@code va} up to the end of its 4 KiB page. */
  private static int chunk(long va, int remaining) {
    long toPageEnd = PAGE_SIZE - (va & (PAGE_SIZE - 1));
    return (int) Math.min(toPageEnd, remaining);
  }
}
