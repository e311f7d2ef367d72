package dev.qvm.core.memory;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Descriptor bits checked against the ARM ARM's stage-2 VMSAv8-64 encodings. */
class Stage2DescriptorTest {

  private static final long ROOT = Stage2Tables.TABLE_PA_BASE;

  @Test
  void vtcrEl2SaysFortyBitIpaStartingAtLevelOneWithFourKibGranule() {
    long vtcr = Stage2Tables.VTCR_EL2;
    assertThat(vtcr & 0x3F).as("T0SZ = 64 - 40").isEqualTo(24);
    assertThat((vtcr >>> 6) & 0b11).as("SL0 = 0b01: start at level 1 (4K granule)").isEqualTo(1);
    assertThat((vtcr >>> 14) & 0b11).as("TG0 = 0b00: 4K").isZero();
    assertThat((vtcr >>> 16) & 0b111).as("PS = 0b101: 48-bit PA").isEqualTo(0b101);
    assertThat(vtcr).isEqualTo(0x8005_3558L);
    assertThat(Stage2Tables.VTTBR_EL2 & 0x1FFF).as("8K concatenated root is 8K aligned").isZero();
  }

  @Test
  void twoMibBlockOfNormalReadWriteRam() {
    // Block at level 2: bits[1:0]=01, MemAttr[5:2]=1111 (Normal Outer/Inner WB), S2AP[7:6]=11,
    // SH[9:8]=11 (Inner Shareable), AF[10]=1, OA[47:21]=0x40200000, XN[54:53]=00.
    long d =
        Stage2Descriptor.leaf(
            2, 0x4020_0000L, Stage2Descriptor.S2AP_READ_WRITE, Stage2Descriptor.MEMATTR_NORMAL_WB,
            Stage2Descriptor.SH_INNER, false);
    assertThat(d).isEqualTo(0x0000_0000_4020_07FDL);
  }

  @Test
  void builtTablesHoldTheExpectedBlockPageTableAndTrapDescriptors() {
    PhysicalMemory m = SharedLayout.MEMORY;
    // Level 1, index 1 (IPA[39:30] = 1): a 1 GiB block of normal RAM.
    assertThat(m.walk(0x4000_0000L).steps().getFirst().descriptor())
        .isEqualTo(0x0000_0000_4000_07FDL);
    // Level 1 index 2 -> table; level 2 index 0: a 2 MiB block at 0x80000000.
    Walk w = m.walk(0x8000_0000L);
    assertThat(w.steps()).hasSize(2);
    assertThat(w.steps().get(0).descriptor() & 0b11).as("table descriptor").isEqualTo(0b11);
    assertThat(w.steps().get(0).descriptor() & ~Stage2Descriptor.OA_MASK)
        .as("stage-2 table descriptor: no attributes")
        .isEqualTo(0b11);
    assertThat(w.steps().get(1).descriptor()).isEqualTo(0x0000_0000_8000_07FDL);
    // ROM page at level 3: S2AP=01 (read-only), bits[1:0]=11.
    assertThat(m.walk(0x1000).steps().getLast().descriptor()).isEqualTo(0x0000_0000_0000_177FL);
    // Device-nGnRE pass page, rw, XN: MemAttr=0001, SH=10, XN[1] (bit 54) set.
    assertThat(m.walk(0x1000_0000L).steps().getLast().descriptor())
        .isEqualTo(0x0040_0000_1000_06C7L);
    // vdev window: invalid (bit 0 = 0), qvm's trap tag 0b10, target index in bits [31:12].
    long trap = m.walk(0x0900_0000L).steps().getLast().descriptor();
    assertThat(trap & 1).as("invalid to hardware").isZero();
    assertThat(Stage2Descriptor.isTrap(trap)).isTrue();
    assertThat(trap).isEqualTo(Stage2Descriptor.trap(Stage2Descriptor.trapIndex(trap)));
    assertThat(Stage2Descriptor.trap(5)).isEqualTo(0x5002L);
  }

  @Test
  void rootIsTwoConcatenatedTablesIndexedByTenIpaBits() {
    assertThat(Stage2Tables.indexBits(1)).isEqualTo(10);
    assertThat(Stage2Tables.index(0xFF_C000_0000L, 1)).as("IPA[39:30] all ones").isEqualTo(1023);
    PhysicalMemory m = PhysicalMemory.builder().addRam("high", 0xFF_C000_0000L, 4096).build();
    Walk w = m.walk(0xFF_C000_0000L);
    assertThat(w.steps().getFirst().descriptorPa())
        .as("entry 1023 lies in the second concatenated table")
        .isEqualTo(ROOT + 8 * 1023);
    assertThat(w.outcome()).isInstanceOf(Walk.Mapped.class);
  }

  @Test
  void decodedFieldsAreNamed() {
    String text = Stage2Descriptor.describe(0x0040_0000_1000_06C7L, 3);
    assertThat(text)
        .contains("Page (4K)")
        .contains("OA 0x10000000")
        .contains("MemAttr=0b0001 (Device-nGnRE)")
        .contains("S2AP=0b11 (read/write)")
        .contains("SH=0b10 (Outer Shareable)")
        .contains("AF=1")
        .contains("XN=0b10 (execute-never)");
    assertThat(Stage2Descriptor.describe(0x4000_07FDL, 1))
        .contains("Block (1G)")
        .contains("MemAttr=0b1111 (Normal, Outer Write-Back, Inner Write-Back)");
    assertThat(Stage2Descriptor.describe(0, 2)).contains("Translation fault");
  }
}
