package dev.qvm.vdev.cfiflash;

/**
 * The Common Flash Interface query structure that one x16 device of the bank answers in query
 * mode (JEDEC JESD68.01, "Common Flash Interface", and Intel's CFI application note AP-646), with
 * the values QEMU's virt board gives its pflash devices, so that firmware built for that board
 * (U-Boot, EDK2) sizes the flash the same way. Byte {@code i} is what a device returns at query
 * address {@code i}; the bank repeats it on each device's lanes.
 */
final class CfiQueryTable {

  /** Length of the table; reads beyond it return 0, as in QEMU's model. */
  static final int LENGTH = 0x52;

  private final byte[] table = new byte[LENGTH];

  /**
   * @param deviceBytes the size of one device (the bank divided by the devices side by side)
   * @param deviceBlockBytes one device's share of an erase block
   * @param blocks erase blocks per device (uniform, one region)
   * @param writeBufferLog2 log2 of one device's write-buffer size in bytes
   */
  CfiQueryTable(long deviceBytes, int deviceBlockBytes, int blocks, int writeBufferLog2) {
    // 0x10: the "QRY" signature that tells CFI is present.
    put(0x10, 'Q');
    put(0x11, 'R');
    put(0x12, 'Y');
    // 0x13-0x14: primary vendor command set 0x0001, Intel/Sharp extended;
    // 0x15-0x16: its extended query table at 0x31; 0x17-0x1a: no alternate command set.
    put16(0x13, 0x0001);
    put16(0x15, 0x0031);
    // 0x1b-0x1e: Vcc 4.5-5.5 V (BCD volts), no Vpp pin.
    put(0x1b, 0x45);
    put(0x1c, 0x55);
    // 0x1f-0x26: typical and maximum time-outs as powers of two (us for programs, ms for
    // erases); full-chip erase is not supported (0).
    put(0x1f, 0x07);
    put(0x20, 0x07);
    put(0x21, 0x0a);
    put(0x23, 0x04);
    put(0x24, 0x04);
    put(0x25, 0x04);
    // 0x27: device size 2^n bytes; 0x28-0x29: x8/x16 asynchronous interface (code 2).
    put(0x27, Long.numberOfTrailingZeros(deviceBytes));
    put16(0x28, 0x0002);
    // 0x2a-0x2b: largest multi-byte (buffered) program, 2^n bytes per device.
    put16(0x2a, writeBufferLog2);
    // 0x2c: one erase block region; 0x2d-0x30: its block count - 1 and block size / 256.
    put(0x2c, 1);
    put16(0x2d, blocks - 1);
    put16(0x2f, deviceBlockBytes >>> 8);
    // 0x31: the Intel primary extended query table, version 1.0, no optional features, and one
    // protection register field (0x3f).
    put(0x31, 'P');
    put(0x32, 'R');
    put(0x33, 'I');
    put(0x34, '1');
    put(0x35, '0');
    put(0x3f, 0x01);
  }

  /** The byte a device answers at query address {@code index} (0 past the table). */
  int at(long index) {
    return index >= 0 && index < LENGTH ? table[(int) index] & 0xff : 0;
  }

  private void put(int index, int value) {
    table[index] = (byte) value;
  }

  /** CFI multi-byte fields are little-endian, low byte at the lower query address. */
  private void put16(int index, int value) {
    put(index, value & 0xff);
    put(index + 1, (value >>> 8) & 0xff);
  }
}
