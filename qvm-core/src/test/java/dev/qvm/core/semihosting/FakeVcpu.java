package dev.qvm.core.semihosting;

import dev.qvm.core.vm.VcpuContext;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * A vCPU whose guest memory is one byte array at {@link #BASE} with the MMU off (VA = IPA);
 * every address outside it faults, like an unmapped page.
 */
final class FakeVcpu implements VcpuContext {
  static final long BASE = 0x4000_0000L;

  final byte[] ram;
  private final long[] x = new long[31];
  int reads;

  FakeVcpu(int size) {
    ram = new byte[size];
  }

  long end() {
    return BASE + ram.length;
  }

  @Override
  public int index() {
    return 0;
  }

  @Override
  public long x(int n) {
    return n == 31 ? 0 : x[n];
  }

  @Override
  public void setX(int n, long value) {
    x[n] = value;
  }

  /** Semihosting never waits; a test vCPU has no interrupts to wait for. */
  @Override
  public void waitForInterrupt() {
    throw new UnsupportedOperationException("FakeVcpu has no interrupts");
  }

  @Override
  public long pc() {
    return BASE;
  }

  @Override
  public boolean readVirtual(long va, byte[] dst, int offset, int length) {
    reads++;
    if (va < BASE || va + length > end()) {
      return false;
    }
    System.arraycopy(ram, (int) (va - BASE), dst, offset, length);
    return true;
  }

  @Override
  public boolean writeVirtual(long va, byte[] src, int offset, int length) {
    if (va < BASE || va + length > end()) {
      return false;
    }
    System.arraycopy(src, offset, ram, (int) (va - BASE), length);
    return true;
  }

  /** Performs one semihosting call as the guest would: W0 = op, X1 = param; returns X0. */
  long call(Semihosting semihosting, long op, long param) {
    x[0] = op;
    x[1] = param;
    semihosting.call(this);
    return x[0];
  }

  void putBytes(long va, byte[] bytes) {
    System.arraycopy(bytes, 0, ram, (int) (va - BASE), bytes.length);
  }

  void putString(long va, String s) {
    putBytes(va, (s + "\0").getBytes(StandardCharsets.ISO_8859_1));
  }

  /** Writes an A64 parameter block of 64-bit little-endian fields. */
  void putBlock(long va, long... fields) {
    for (int i = 0; i < fields.length; i++) {
      putLong(va + 8L * i, fields[i]);
    }
  }

  void putLong(long va, long value) {
    for (int i = 0; i < 8; i++) {
      ram[(int) (va - BASE) + i] = (byte) (value >>> (8 * i));
    }
  }

  long getLong(long va) {
    long v = 0;
    for (int i = 7; i >= 0; i--) {
      v = (v << 8) | (ram[(int) (va - BASE) + i] & 0xFF);
    }
    return v;
  }

  byte[] getBytes(long va, int length) {
    int from = (int) (va - BASE);
    return Arrays.copyOfRange(ram, from, from + length);
  }
}
