package dev.qvm.core.memory;

/**
 * The trap target of a 4 KiB page that vdev windows cover only in part (two small windows in one
 * page, or the ragged end of a window). Stage 2 maps whole pages, so such a page traps to this
 * device, which routes each access by its IPA through the {@link MmioBus}; holes read as all
 * ones and ignore writes.
 */
final class SharedTrapPage implements MmioDevice {

  private final long pageIpa;
  private final MmioBus bus;

  SharedTrapPage(long pageIpa, MmioBus bus) {
    this.pageIpa = pageIpa;
    this.bus = bus;
  }

  @Override
  public long read(long offset, int size) {
    return bus.read(pageIpa + offset, size);
  }

  @Override
  public void write(long offset, int size, long value) {
    bus.write(pageIpa + offset, size, value);
  }

  @Override
  public String toString() {
    return String.format("shared MMIO page 0x%x", pageIpa);
  }
}
