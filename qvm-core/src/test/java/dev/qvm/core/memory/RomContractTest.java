package dev.qvm.core.memory;

/** ROM: pages only, read/execute; guest stores are Permission faults. */
class RomContractTest extends GuestMemoryContractTest {

  @Override
  protected PhysicalMemory create() {
    return PhysicalMemory.builder().addRom("flash", base(), size()).build();
  }

  @Override
  protected long base() {
    return 0;
  }

  @Override
  protected long size() {
    return 64 * 1024;
  }

  @Override
  protected boolean guestWritable() {
    return false;
  }

  @Override
  protected boolean guestExecutable() {
    return true;
  }

  @Override
  protected boolean hostBacked() {
    return true;
  }
}
