package dev.qvm.core.memory;

import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * The vdev windows of the IPA space, sorted by address: which window covers an IPA. vCPUs reach
 * devices through {@link PageMapping}; this view serves tracing, {@code qvm check}, and pages
 * that several small windows share.
 */
public final class MmioBus {

  private final MmioWindow[] windows;
  private final long[] bases;

  MmioBus(List<MmioWindow> windows) {
    this.windows = windows.toArray(MmioWindow[]::new);
    Arrays.sort(this.windows, Comparator.comparingLong(MmioWindow::ipaBase));
    this.bases = new long[this.windows.length];
    for (int i = 0; i < bases.length; i++) {
      bases[i] = this.windows[i].ipaBase();
    }
  }

  /** The window covering {@code ipa}, or null when none does. */
  public MmioWindow windowAt(long ipa) {
    int i = Arrays.binarySearch(bases, ipa);
    if (i < 0) {
      i = -i - 2;
    }
    return i >= 0 && windows[i].contains(ipa) ? windows[i] : null;
  }

  /** Every window, in IPA order. */
  public List<MmioWindow> windows() {
    return List.of(windows);
  }

  /**
   * Reads {@code size} bytes at {@code ipa} from the device whose window holds the whole access;
   * an access that touches no window, or runs past one, reads all ones (what QNX's default
   * {@code unsupported reference ignore} does).
   */
  public long read(long ipa, int size) {
    MmioWindow w = windowAt(ipa);
    if (w == null || ipa + size > w.ipaEnd()) {
      return size == 8 ? -1L : (1L << (8 * size)) - 1;
    }
    return w.device().read(ipa - w.ipaBase(), size);
  }

  /** Writes to the device whose window holds the whole access; elsewhere the write is dropped. */
  public void write(long ipa, int size, long value) {
    MmioWindow w = windowAt(ipa);
    if (w != null && ipa + size <= w.ipaEnd()) {
      w.device().write(ipa - w.ipaBase(), size, value);
    }
  }
}
