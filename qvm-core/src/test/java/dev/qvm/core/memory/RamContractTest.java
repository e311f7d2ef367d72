package dev.qvm.core.memory;

/** RAM: a 2 MiB block plus two pages, read/write/execute. */
class RamContractTest extends GuestMemoryContractTest {

  @Override
  protected PhysicalMemory create() {
    return PhysicalMemory.builder().addRam("ram", base(), size()).build();
  }

  @Override
  protected long base() {
    return 0x4000_0000L;
  }

  @Override
  protected long size() {
    return (2L << 20) + 8192;
  }

  @Override
  protected boolean guestWritable() {
    return true;
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
