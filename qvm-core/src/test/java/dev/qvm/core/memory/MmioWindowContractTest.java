package dev.qvm.core.memory;

/** A vdev window: every access traps to the device; no instruction fetch. */
class MmioWindowContractTest extends GuestMemoryContractTest {

  @Override
  protected PhysicalMemory create() {
    return PhysicalMemory.builder()
        .addMmio("pl011", base(), size(), new GuestAccess.RegisterFile((int) size()))
        .build();
  }

  @Override
  protected long base() {
    return 0x0900_0000L;
  }

  @Override
  protected long size() {
    return 0x1000;
  }

  @Override
  protected boolean guestWritable() {
    return true;
  }

  @Override
  protected boolean guestExecutable() {
    return false;
  }

  @Override
  protected boolean hostBacked() {
    return false;
  }
}
