package dev.qvm.core.memory;

import java.nio.ByteBuffer;

/** A {@code pass loc ...,rx} window: Normal memory the guest may read and run, not write. */
class ReadOnlyPassWindowContractTest extends GuestMemoryContractTest {

  @Override
  protected PhysicalMemory create() {
    return PhysicalMemory.builder()
        .addPass("bootrom", base(), size(), ByteBuffer.allocate((int) size()), true, false,
            true, false)
        .build();
  }

  @Override
  protected long base() {
    return 0x2000_0000L;
  }

  @Override
  protected long size() {
    return 8 * 1024;
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
