package dev.qvm.core.memory;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * A {@code pass loc} window: host memory standing for a device (qvm has no real hardware, so
 * the window is a buffer, possibly a mapped file another program plays the device through). The
 * guest reaches it through stage 2 without an exit, with the permissions and memory type the
 * config gave.
 */
public final class PassWindow extends HostMemoryRegion {

  private final boolean readable;
  private final boolean writable;
  private final boolean executable;
  private final boolean device;

  private PassWindow(
      String name,
      long ipaBase,
      long size,
      ByteBuffer[] chunks,
      boolean r,
      boolean w,
      boolean x,
      boolean device) {
    super(name, ipaBase, size, chunks, DEFAULT_CHUNK_SHIFT);
    this.readable = r;
    this.writable = w;
    this.executable = x;
    this.device = device;
  }

  /**
   * Wraps {@code window} (its first {@code size} bytes from index 0, whatever its position) as a
   * pass-through window at {@code ipaBase}. The buffer is shared, not copied.
   */
  public static PassWindow wrap(
      String name,
      long ipaBase,
      long size,
      ByteBuffer window,
      boolean r,
      boolean w,
      boolean x,
      boolean device) {
    if (size <= 0 || (size & 0xFFF) != 0 || (ipaBase & 0xFFF) != 0) {
      throw new IllegalArgumentException(
          String.format(
              "%s at 0x%x, size 0x%x: base and size must be multiples of 4K",
              name, ipaBase, size));
    }
    if (window.capacity() < size) {
      throw new IllegalArgumentException(
          String.format(
              "%s: window buffer holds %d bytes, the window is %d", name, window.capacity(), size));
    }
    ByteBuffer[] chunks = new ByteBuffer[chunkCount(size, DEFAULT_CHUNK_SHIFT)];
    for (int i = 0; i < chunks.length; i++) {
      int from = i << DEFAULT_CHUNK_SHIFT;
      int length = (int) Math.min(size - from, 1L << DEFAULT_CHUNK_SHIFT);
      chunks[i] = window.slice(from, length).order(ByteOrder.LITTLE_ENDIAN);
    }
    return new PassWindow(name, ipaBase, size, chunks, r, w, x, device);
  }

  /** Guest may read (flag {@code r}). */
  public boolean readable() {
    return readable;
  }

  /** Guest may write (flag {@code w}). */
  public boolean writable() {
    return writable;
  }

  /** Guest may execute (flag {@code x}). */
  public boolean executable() {
    return executable;
  }

  /** Mapped as Device-nGnRE (flag {@code n}) rather than Normal write-back memory. */
  public boolean device() {
    return device;
  }

  @Override
  public Kind kind() {
    return Kind.PASS;
  }

  @Override
  public String access() {
    return (readable ? "r" : "-")
        + (writable ? "w" : "-")
        + (executable ? "x" : "-")
        + (device ? " device-nGnRE" : " normal-WB");
  }
}
