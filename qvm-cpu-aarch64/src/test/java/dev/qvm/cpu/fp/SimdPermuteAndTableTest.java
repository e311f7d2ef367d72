package dev.qvm.cpu.fp;

import static dev.qvm.cpu.asm.A64Simd.ext;
import static dev.qvm.cpu.asm.A64Simd.permute;
import static dev.qvm.cpu.asm.A64Simd.table;
import static org.assertj.core.api.Assertions.assertThat;

import dev.qvm.cpu.asm.A64Simd.Permute;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * ZIP/UZP/TRN, EXT (ARM ARM C7.2 ZIP1 ... EXT) and TBL/TBX (C7.2.351, C7.2.352). V1 holds bytes
 * 0x00..0x0F and V2 bytes 0x10..0x1F (byte i in lane i), so every expected byte names its
 * source; 64-bit forms must clear bits [127:64] of the destination.
 */
class SimdPermuteAndTableTest {

  private final FpMachine m = new FpMachine();

  @BeforeEach
  void sources() {
    m.setBytes(1, "000102030405060708090a0b0c0d0e0f");
    m.setBytes(2, "101112131415161718191a1b1c1d1e1f");
    m.setV(0, -1, -1);
  }

  @Test
  void zip1InterleavesTheLowHalves() {
    m.run(permute(Permute.ZIP1, 1, 0, 0, 1, 2)); // ZIP1 V0.16B, V1.16B, V2.16B
    assertThat(m.bytesOf(0)).isEqualTo("00100111021203130414051506160717");
  }

  @Test
  void zip2InterleavesTheHighWords() {
    m.run(permute(Permute.ZIP2, 1, 2, 0, 1, 2)); // ZIP2 V0.4S: a2, b2, a3, b3
    assertThat(m.bytesOf(0)).isEqualTo("08090a0b18191a1b0c0d0e0f1c1d1e1f");
  }

  @Test
  void uzp1TakesTheEvenHalfwordsOfBothSources() {
    m.run(permute(Permute.UZP1, 1, 1, 0, 1, 2)); // UZP1 V0.8H
    assertThat(m.bytesOf(0)).isEqualTo("0001040508090c0d1011141518191c1d");
  }

  @Test
  void uzp2Of64BitVectorsTakesOddBytesAndClearsTheTop() {
    m.run(permute(Permute.UZP2, 0, 0, 0, 1, 2)); // UZP2 V0.8B
    assertThat(m.bytesOf(0)).isEqualTo("01030507111315170000000000000000");
  }

  @Test
  void trn1AndTrn2TransposeLanePairs() {
    m.run(permute(Permute.TRN1, 1, 0, 0, 1, 2)); // TRN1 V0.16B: a0 b0 a2 b2 ...
    assertThat(m.bytesOf(0)).isEqualTo("001002120414061608180a1a0c1c0e1e");
    m.run(permute(Permute.TRN2, 1, 3, 0, 1, 2)); // TRN2 V0.2D: a1, b1
    assertThat(m.bytesOf(0)).isEqualTo("08090a0b0c0d0e0f18191a1b1c1d1e1f");
  }

  @Test
  void extTakesBytesFromTheConcatenation() {
    m.run(ext(1, 0, 1, 2, 3)); // EXT V0.16B, V1.16B, V2.16B, #3: bytes 3..18 of V2:V1
    assertThat(m.bytesOf(0)).isEqualTo("030405060708090a0b0c0d0e0f101112");
    m.run(ext(0, 0, 1, 2, 7)); // EXT V0.8B, #7: byte 7 of V1, then V2 bytes 0..6
    assertThat(m.bytesOf(0)).isEqualTo("07101112131415160000000000000000");
  }

  /**
   * TBL: an index beyond the table (here 32 bytes, two registers) gives 0; TBX leaves the
   * destination byte unchanged instead (C7.2.352: "... the existing value is retained").
   */
  @Test
  void tableLookupOutOfRangeIndices() {
    m.setBytes(1, "a0a1a2a3a4a5a6a7a8a9aaabacadaeaf");
    m.setBytes(2, "b0b1b2b3b4b5b6b7b8b9babbbcbdbebf");
    m.setBytes(3, "000f101f20ff0580" + "1e40010221117f10");
    m.run(table(false, 1, 0, 1, 2, 3)); // TBL V0.16B, {V1.16B, V2.16B}, V3.16B
    assertThat(m.bytesOf(0)).isEqualTo("a0afb0bf0000a500" + "be00a1a200b100b0");
    m.setV(0, 0x5555_5555_5555_5555L, 0x5555_5555_5555_5555L);
    m.run(table(true, 0, 0, 1, 1, 3)); // TBX V0.8B, {V1.16B}, V3.8B: 16-byte table
    assertThat(m.bytesOf(0)).isEqualTo("a0af55555555a555" + "0000000000000000");
  }

  /** The table registers wrap from V31 to V0 (C7.2.351: "(n + i) MOD 32"). */
  @Test
  void tableRegistersWrapAroundV31() {
    m.setBytes(30, "c0c1c2c3c4c5c6c7c8c9cacbcccdcecf");
    m.setBytes(31, "d0d1d2d3d4d5d6d7d8d9dadbdcdddedf");
    m.setBytes(0, "e0e1e2e3e4e5e6e7e8e9eaebecedeeef");
    m.setBytes(3, "000f101f202f30ff0000000000000000");
    m.setBytes(4, "77777777777777777777777777777777");
    m.run(table(true, 1, 4, 30, 3, 3)); // TBX V4.16B, {V30.16B, V31.16B, V0.16B}, V3.16B
    assertThat(m.bytesOf(4)).isEqualTo("c0cfd0dfe0ef7777" + "c0c0c0c0c0c0c0c0");
  }
}
