package dev.qvm.core.memory;

/** Byte counts written the way a {@code .qvmconf} writes them ({@code 64G}, {@code 128M}). */
public final class Sizes {

  private Sizes() {}

  /** The largest of G, M, K that divides {@code bytes} exactly, else plain bytes. */
  public static String format(long bytes) {
    if (bytes != 0) {
      if ((bytes & ((1L << 30) - 1)) == 0) {
        return (bytes >>> 30) + "G";
      }
      if ((bytes & ((1L << 20) - 1)) == 0) {
        return (bytes >>> 20) + "M";
      }
      if ((bytes & ((1L << 10) - 1)) == 0) {
        return (bytes >>> 10) + "K";
      }
    }
    return Long.toString(bytes);
  }
}
