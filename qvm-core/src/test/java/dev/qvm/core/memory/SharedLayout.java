package dev.qvm.core.memory;

import java.nio.ByteBuffer;

/**
 * One QEMU-virt-like memory map shared by the stage-2 tests, built once per JVM because its RAM
 * (1 GiB + 2 MiB + 4 KiB, so that it has a 1 GiB block, a 2 MiB block and a page, and spans two
 * 1 GiB chunks) is slow to zero.
 */
final class SharedLayout {

  static final long RAM = 0x4000_0000L;
  static final GuestAccess.RegisterFile UART = new GuestAccess.RegisterFile(0x1000);
  static final GuestAccess.RegisterFile GIC = new GuestAccess.RegisterFile(2 << 20);

  static final PhysicalMemory MEMORY =
      PhysicalMemory.builder()
          .addRom("flash", 0, 0x4000)
          .addMmio("gic", 0x0800_0000L, 2 << 20, GIC)
          .addMmio("pl011", 0x0900_0000L, 0x1000, UART)
          .addPass("gpio", 0x1000_0000L, 0x1000, ByteBuffer.allocate(0x1000), true, true, false,
              true)
          .addRam("ram", RAM, (1L << 30) + (2L << 20) + 4096)
          .build();

  private SharedLayout() {}
}
