package dev.qvm.cpu.mmu;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Compare-and-set on guest RAM with the host's own atomic instructions.
 *
 * <p>Why: a store-exclusive (ARM ARM B2.9) or an FEAT_LSE atomic must not succeed when another
 * PE wrote the location since the load, and two of them racing on one location must not both
 * succeed. vCPUs are host threads sharing the guest's {@code ByteBuffer}s, so "compare the value
 * then write it" in Java is not enough: two threads can both pass the compare (a lost
 * {@code atomic_dec} left Linux spinning for ever in {@code multi_cpu_stop}), and a plain byte
 * store of another vCPU (qspinlock's unlock is a single STLRB into the lock word) can land
 * between the compare and the write and be overwritten. A host CAS on the same bytes closes both
 * holes; x86 keeps byte stores and word CAS coherent. What remains is ABA (a value written back
 * unchanged does not break the monitor), which QEMU accepts for the same reason.
 *
 * <p>Bytes and halfwords are CAS'ed inside their naturally aligned host word. Buffers that do
 * not support host atomics (heap buffers in unit tests, unaligned slices) fall back to one lock,
 * which is atomic against every other use of this class.
 */
final class HostAtomics {

  private static final VarHandle LONG = MethodHandles.byteBufferViewVarHandle(long[].class, ByteOrder.LITTLE_ENDIAN);
  private static final VarHandle INT = MethodHandles.byteBufferViewVarHandle(int[].class, ByteOrder.LITTLE_ENDIAN);

  /** Serialises every non-host-atomic update (this class's fallback, the MMU's for MMIO) and 128-bit pairs. */
  static final Object LOCK = new Object();

  private HostAtomics() {}

  /**
   * Atomically replaces the {@code size}-byte little-endian value at {@code at} with {@code value}
   * if it equals {@code expected} (both given zero-extended). Returns whether it did.
   */
  static boolean compareAndSet(ByteBuffer b, int at, int size, long expected, long value) {
    if (!hostAtomic(b, at, size)) {
      synchronized (LOCK) {
        return plainCompareAndSet(b, at, size, expected, value);
      }
    }
    switch (size) {
      case 8 -> {
        return LONG.compareAndSet(b, at, expected, value);
      }
      case 4 -> {
        return INT.compareAndSet(b, at, (int) expected, (int) value);
      }
      default -> {
        // A byte or halfword: CAS the aligned word holding it, retrying while only the other
        // bytes of the word change under us (they are other locations, B2.2.1).
        int word = at & ~3;
        int shift = (at & 3) * 8;
        int mask = (size == 1 ? 0xff : 0xffff) << shift;
        int want = (int) expected << shift & mask;
        int put = (int) value << shift & mask;
        while (true) {
          int current = (int) INT.getVolatile(b, word);
          if ((current & mask) != want) {
            return false;
          }
          if (INT.compareAndSet(b, word, current, (current & ~mask) | put)) {
            return true;
          }
        }
      }
    }
  }

  /**
   * A 128-bit compare-and-set (STXP, CASP of X registers). Java has no 128-bit CAS, so pairs
   * are serialised among themselves by a lock and each half is CAS'ed: a concurrent plain
   * store to either half makes the pair fail (the low half is put back if the high half lost).
   */
  static boolean compareAndSetPair(ByteBuffer b, int at, long expectLow, long expectHigh, long low, long high) {
    synchronized (LOCK) {
      if (!compareAndSet(b, at, 8, expectLow, low)) {
        return false;
      }
      if (compareAndSet(b, at + 8, 8, expectHigh, high)) {
        return true;
      }
      compareAndSet(b, at, 8, low, expectLow);
      return false;
    }
  }

  /** An atomic read of the value a compare-and-set would compare against. */
  static long load(ByteBuffer b, int at, int size) {
    if (hostAtomic(b, at, size)) {
      switch (size) {
        case 8 -> {
          return (long) LONG.getVolatile(b, at);
        }
        case 4 -> {
          return (int) INT.getVolatile(b, at) & 0xffff_ffffL;
        }
        default -> {}
      }
    }
    return plainLoad(b, at, size);
  }

  private static boolean hostAtomic(ByteBuffer b, int at, int size) {
    if (!b.isDirect() || b.isReadOnly()) {
      return false;
    }
    // The word a byte or halfword lives in must be inside the buffer and aligned in host memory.
    int unit = size < 4 ? 4 : size;
    int base = size < 4 ? at & ~3 : at;
    return base >= 0 && base + unit <= b.limit() && b.alignmentOffset(base, unit) == 0;
  }

  private static boolean plainCompareAndSet(ByteBuffer b, int at, int size, long expected, long value) {
    if (plainLoad(b, at, size) != expected) {
      return false;
    }
    switch (size) {
      case 1 -> b.put(at, (byte) value);
      case 2 -> b.putShort(at, (short) value);
      case 4 -> b.putInt(at, (int) value);
      default -> b.putLong(at, value);
    }
    return true;
  }

  private static long plainLoad(ByteBuffer b, int at, int size) {
    return switch (size) {
      case 1 -> b.get(at) & 0xffL;
      case 2 -> b.getShort(at) & 0xffffL;
      case 4 -> b.getInt(at) & 0xffff_ffffL;
      default -> b.getLong(at);
    };
  }
}
