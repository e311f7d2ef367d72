package dev.qvm.core.memory;

import java.nio.ByteBuffer;

/** A {@code pass loc 0x10000000,16K,rwn} window: read/write, no execute, Device-nGnRE. */
class PassWindowContractTest extends GuestMemoryContractTest {

  @Override
  protected PhysicalMemory create() {
    return PhysicalMemory.builder()
        .addPass("gpio", base(), size(), ByteBuffer.allocateDirect((int) size()), true, true,
            false, true)
        .build();
  }

  @Override
  protected long base() {
    return 0x1000_0000L;
  }

  @Override
  protected long size() {
    return 16 * 1024;
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
    return true;
  }
}
