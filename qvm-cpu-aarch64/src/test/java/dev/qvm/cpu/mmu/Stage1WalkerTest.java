package dev.qvm.cpu.mmu;

import static org.assertj.core.api.Assertions.assertThat;

import dev.qvm.core.memory.AccessType;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The stage-1 walker on hand-built translation tables (ARM ARM D8.2-D8.4), one granule at a
 * time. Every descriptor address below is worked out by hand from the VA's index fields, so a
 * walker that picks the wrong start level, index width or table alignment reads an empty slot
 * and faults. The 16KB granule is not part of the Cortex-A57 model (QEMU's cortex-a57 reports
 * ID_AA64MMFR0_EL1.TGran16 = 0) but the walker implements it for models that have it
 * ({@link Stage1Walker#granule16k}); no guest reaches it, so these tests are its only check.
 *
 * <p>Fault status codes (D17.2.37, DFSC): 0b0001LL translation, 0b0010LL access flag, 0b0011LL
 * permission, LL the level at which the walk stopped.
 */
class Stage1WalkerTest {

  /** Guest RAM for the tables: a descriptor read outside it is an external abort on the walk. */
  static final long RAM = 0x4000_0000L;

  static final long RAM_END = 0x5000_0000L;

  static final long VALID_TABLE = 3; // table (levels 0-2) or page (level 3) descriptor
  static final long VALID_BLOCK = 1;
  static final long AF = 1L << 10;
  static final long ATTR_NORMAL = 1L << 2; // AttrIndx 1: MAIR Attr1 = 0xFF, Normal WB
  static final long AP_EL0 = 1L << 6; // AP[1]: EL0 access
  static final long AP_RO = 1L << 7; // AP[2]: read-only
  static final long UXN = 1L << 54;
  static final long MAIR = 0xff00L;

  /** TCR_EL1.TG0: 00 = 4KB, 01 = 64KB, 10 = 16KB; TG1: 10 = 4KB, 11 = 64KB, 01 = 16KB (D17.2.131). */
  static final long TG0_4K = 0L << 14;

  static final long TG0_64K = 1L << 14;
  static final long TG0_16K = 2L << 14;
  static final long TG1_16K = 1L << 30;
  static final long IPS_48 = 5L << 32;

  private final Map<Long, Long> memory = new HashMap<>();
  private Stage1Walker walker;

  @BeforeEach
  void setUp() {
    walker = new Stage1Walker((ipa, out) -> {
      if (ipa < RAM || ipa >= RAM_END) {
        return false;
      }
      out[0] = memory.getOrDefault(ipa, 0L);
      return true;
    });
  }

  private void put(long tableIpa, long index, long descriptor) {
    memory.put(tableIpa + 8 * index, descriptor);
  }

  private static long tcr0(int vaBits, long tg0) {
    return IPS_48 | tg0 | (64 - vaBits);
  }

  private long walk(long va, AccessType type, int el, long tcr, long ttbr0) {
    return walker.walk(va, type, el, tcr, ttbr0, 0, 0, MAIR);
  }

  // ---- 16KB granule: 11 index bits per level, 14 offset bits ----

  static final long L0 = RAM;
  static final long L1 = RAM + 0x1_0000;
  static final long L2 = RAM + 0x2_0000;
  static final long L3 = RAM + 0x3_0000;

  /** VA of the 48-bit 16KB cases: L0 index 1 (bit 47), L1 index 5, L2 index 7, L3 index 9. */
  static final long VA16 = (1L << 47) | (5L << 36) | (7L << 25) | (9L << 14) | 0x123;

  static final long PAGE16 = 0x4_1234_c000L; // 16KB aligned, above 4 GiB (44-bit PA model)

  /** D8.2.9: a 48-bit VA with 16KB pages needs four levels; level 0 resolves only bit 47. */
  private void build16k48() {
    put(L0, 1, L1 | VALID_TABLE);
    put(L1, 5, L2 | VALID_TABLE);
    put(L2, 7, L3 | VALID_TABLE);
    put(L3, 9, PAGE16 | ATTR_NORMAL | AF | VALID_TABLE);
  }

  @Test
  void granule16kFourLevelsFor48BitVa() {
    build16k48();
    walker.granule16k = true;
    long ipa = walk(VA16, AccessType.READ, 1, tcr0(48, TG0_16K), L0);
    assertThat(ipa).as("16KB page, four levels").isEqualTo(PAGE16 | 0x123);
    assertThat(walker.leafShift).as("a 16KB page").isEqualTo(14);
    assertThat(walker.device).as("AttrIndx 1 is Normal memory").isFalse();
  }

  /**
   * Without FEAT_TGran16K, TG0 = 16KB is a reserved value that behaves as an implemented size
   * (D8.1.5); qvm, like QEMU's cortex-a57, walks 4KB tables: level 0 index = VA[47:39] = 256,
   * which this table does not have.
   */
  @Test
  void withoutTheFeatureTg0Of16kWalksAs4k() {
    build16k48();
    walker.granule16k = false;
    assertThat(walk(VA16, AccessType.READ, 1, tcr0(48, TG0_16K), L0)).isEqualTo(-1);
    assertThat(walker.faultStatus).as("4KB walk: translation fault, level 0").isEqualTo(0x04);
  }

  /** 47-bit VA, 16KB: three levels from level 1 (11 bits each), a 32 MiB block at level 2. */
  @Test
  void granule16kThreeLevelsWithALevel2Block() {
    walker.granule16k = true;
    long va = (3L << 36) | (4L << 25) | 0x123_4567L;
    put(L1, 3, L2 | VALID_TABLE);
    put(L2, 4, 0x8000_0000L | ATTR_NORMAL | AF | VALID_BLOCK);
    long ipa = walk(va, AccessType.WRITE, 1, tcr0(47, TG0_16K), L1);
    assertThat(ipa).isEqualTo(0x8123_4567L);
    assertThat(walker.leafShift).as("a 32 MiB block (D8.3.1: 2^25 at level 2)").isEqualTo(25);
  }

  /** D8.3.1: with 16KB pages only level 2 may hold a block (no FEAT_LPA2); one at level 1 faults. */
  @Test
  void granule16kBlockAtLevel1IsATranslationFault() {
    walker.granule16k = true;
    long va = 3L << 36;
    put(L1, 3, 0x10_0000_0000L | ATTR_NORMAL | AF | VALID_BLOCK);
    assertThat(walk(va, AccessType.READ, 1, tcr0(47, TG0_16K), L1)).isEqualTo(-1);
    assertThat(walker.faultStatus).as("translation fault, level 1").isEqualTo(0x05);
  }

  /** 36-bit VA, 16KB: two levels, starting at level 2 (VA[35:25]), then the page (VA[24:14]). */
  @Test
  void granule16kTwoLevelsFor36BitVa() {
    walker.granule16k = true;
    long va = (0x7ffL << 25) | (2L << 14) | 0x3ffc;
    put(L2, 0x7ff, L3 | VALID_TABLE);
    put(L3, 2, PAGE16 | AP_EL0 | ATTR_NORMAL | AF | VALID_TABLE);
    assertThat(walk(va, AccessType.READ, 0, tcr0(36, TG0_16K), L2)).isEqualTo(PAGE16 | 0x3ffc);
    // A VA bit above the 36-bit range: translation fault at level 0 whatever the start level (D8.2.1).
    assertThat(walk(va | (1L << 40), AccessType.READ, 0, tcr0(36, TG0_16K), L2)).isEqualTo(-1);
    assertThat(walker.faultStatus).isEqualTo(0x04);
  }

  /** An invalid descriptor stops the walk at its own level: FSC 0b0001LL. */
  @Test
  void granule16kTranslationFaultsCarryTheLevel() {
    walker.granule16k = true;
    long tcr = tcr0(48, TG0_16K);
    put(L0, 1, L1 | VALID_TABLE);
    put(L1, 5, L2 | VALID_TABLE);
    assertThat(walk(VA16, AccessType.READ, 1, tcr, L0)).isEqualTo(-1);
    assertThat(walker.faultStatus).as("level-2 slot empty").isEqualTo(0x06);
    put(L2, 7, L3 | VALID_TABLE);
    assertThat(walk(VA16, AccessType.READ, 1, tcr, L0)).isEqualTo(-1);
    assertThat(walker.faultStatus).as("level-3 slot empty").isEqualTo(0x07);
    // D8.3.2: at level 3 descriptor type 0b01 is reserved: invalid, not a block.
    put(L3, 9, PAGE16 | AF | VALID_BLOCK);
    assertThat(walk(VA16, AccessType.READ, 1, tcr, L0)).isEqualTo(-1);
    assertThat(walker.faultStatus).as("0b01 at level 3").isEqualTo(0x07);
  }

  /** D8.4.3: AF = 0 in the leaf is an access-flag fault at the leaf's level (no hardware AF update in v8.0). */
  @Test
  void granule16kAccessFlagFaults() {
    walker.granule16k = true;
    build16k48();
    put(L3, 9, PAGE16 | ATTR_NORMAL | VALID_TABLE);
    assertThat(walk(VA16, AccessType.READ, 1, tcr0(48, TG0_16K), L0)).isEqualTo(-1);
    assertThat(walker.faultStatus).as("page without AF").isEqualTo(0x0b);
    long va = (3L << 36) | (4L << 25);
    put(L1, 3, L2 | VALID_TABLE);
    put(L2, 4, 0x8000_0000L | ATTR_NORMAL | VALID_BLOCK);
    assertThat(walk(va, AccessType.READ, 1, tcr0(47, TG0_16K), L1)).isEqualTo(-1);
    assertThat(walker.faultStatus).as("level-2 block without AF").isEqualTo(0x0a);
  }

  /** D8.4.1 AP[2:1] and UXN: permission faults at the leaf's level. */
  @Test
  void granule16kPermissionFaults() {
    walker.granule16k = true;
    long tcr = tcr0(48, TG0_16K);
    build16k48();
    assertThat(walk(VA16, AccessType.READ, 0, tcr, L0)).as("AP[1] = 0: no EL0 access").isEqualTo(-1);
    assertThat(walker.faultStatus).isEqualTo(0x0f);
    put(L3, 9, PAGE16 | AP_RO | AP_EL0 | UXN | ATTR_NORMAL | AF | VALID_TABLE);
    assertThat(walk(VA16, AccessType.READ, 0, tcr, L0)).isEqualTo(PAGE16 | 0x123);
    assertThat(walk(VA16, AccessType.WRITE, 1, tcr, L0)).as("AP[2] = 1: read-only").isEqualTo(-1);
    assertThat(walker.faultStatus).isEqualTo(0x0f);
    assertThat(walk(VA16, AccessType.FETCH, 0, tcr, L0)).as("UXN at EL0").isEqualTo(-1);
    assertThat(walker.faultStatus).isEqualTo(0x0f);
    long va = (3L << 36) | (4L << 25);
    put(L1, 3, L2 | VALID_TABLE);
    put(L2, 4, 0x8000_0000L | AP_RO | ATTR_NORMAL | AF | VALID_BLOCK);
    assertThat(walk(va, AccessType.WRITE, 1, tcr0(47, TG0_16K), L1)).isEqualTo(-1);
    assertThat(walker.faultStatus).as("read-only level-2 block").isEqualTo(0x0e);
  }

  /** TTBR1 with TG1 = 16KB (TG1's encoding differs from TG0's: 0b01 is 16KB). */
  @Test
  void granule16kThroughTtbr1() {
    walker.granule16k = true;
    long tcr = IPS_48 | TG1_16K | (17L << 16) | (1L << 7); // T1SZ = 17: 47-bit; EPD0: no TTBR0 walks
    long va = 0xffff_8000_0000_0000L | (2L << 36) | (1L << 25) | (6L << 14) | 0x10;
    put(L1, 2, L2 | VALID_TABLE);
    put(L2, 1, L3 | VALID_TABLE);
    put(L3, 6, PAGE16 | ATTR_NORMAL | AF | VALID_TABLE);
    assertThat(walker.walk(va, AccessType.READ, 1, tcr, 0, L1, 0, MAIR)).isEqualTo(PAGE16 | 0x10);
    assertThat(walker.walk(0x1000, AccessType.READ, 1, tcr, L1, L1, 0, MAIR)).as("EPD0").isEqualTo(-1);
    assertThat(walker.faultStatus).isEqualTo(0x04);
  }

  // ---- 4KB granule: 9 index bits per level, 12 offset bits ----

  @Test
  void granule4kFourLevelPageAndThreeLevelBlocks() {
    long va = (1L << 39) | (2L << 30) | (3L << 21) | (4L << 12) | 0xabc;
    put(L0, 1, L1 | VALID_TABLE);
    put(L1, 2, L2 | VALID_TABLE);
    put(L2, 3, L3 | VALID_TABLE);
    put(L3, 4, 0x4567_8000L | ATTR_NORMAL | AF | VALID_TABLE);
    assertThat(walk(va, AccessType.READ, 1, tcr0(48, TG0_4K), L0)).isEqualTo(0x4567_8abcL);
    assertThat(walker.leafShift).isEqualTo(12);
    // 39-bit VA: three levels from level 1; a 1 GiB block at level 1, a 2 MiB block at level 2.
    put(L1, 5, 0x8000_0000L | ATTR_NORMAL | AF | VALID_BLOCK);
    assertThat(walk((5L << 30) | 0x1234_5678L, AccessType.READ, 1, tcr0(39, TG0_4K), L1)).isEqualTo(0x9234_5678L);
    assertThat(walker.leafShift).isEqualTo(30);
    put(L2, 6, 0x4060_0000L | ATTR_NORMAL | AF | VALID_BLOCK);
    put(L1, 2, L2 | VALID_TABLE);
    assertThat(walk((2L << 30) | (6L << 21) | 0x1_2345L, AccessType.READ, 1, tcr0(39, TG0_4K), L1))
        .isEqualTo(0x4061_2345L);
    assertThat(walker.leafShift).isEqualTo(21);
    assertThat(walk(7L << 30, AccessType.READ, 1, tcr0(39, TG0_4K), L1)).isEqualTo(-1);
    assertThat(walker.faultStatus).as("empty level-1 slot").isEqualTo(0x05);
  }

  // ---- 64KB granule: 13 index bits per level, 16 offset bits ----

  @Test
  void granule64kPagesAndALevel2Block() {
    // 42-bit VA: two levels, level 2 (VA[41:29]) then level 3 (VA[28:16]).
    long va = (0x1fffL << 29) | (3L << 16) | 0xfedc;
    put(L2, 0x1fff, L3 | VALID_TABLE);
    put(L3, 3, 0x4_0001_0000L | ATTR_NORMAL | AF | VALID_TABLE);
    assertThat(walk(va, AccessType.READ, 1, tcr0(42, TG0_64K), L2)).isEqualTo(0x4_0001_fedcL);
    assertThat(walker.leafShift).as("a 64KB page").isEqualTo(16);
    // 48-bit VA: three levels, level 1 resolves VA[47:42]; a 512 MiB block at level 2.
    put(L1, 0x3f, L2 | VALID_TABLE);
    put(L2, 1, 0x6000_0000L | ATTR_NORMAL | AF | VALID_BLOCK);
    long blockVa = (0x3fL << 42) | (1L << 29) | 0x1234_5678L;
    assertThat(walk(blockVa, AccessType.READ, 1, tcr0(48, TG0_64K), L1)).isEqualTo(0x7234_5678L);
    assertThat(walker.leafShift).isEqualTo(29);
    // D8.3.1: no level-1 blocks with 64KB pages (without FEAT_LPA).
    put(L1, 1, 0x400_0000_0000L | ATTR_NORMAL | AF | VALID_BLOCK);
    assertThat(walk(1L << 42, AccessType.READ, 1, tcr0(48, TG0_64K), L1)).isEqualTo(-1);
    assertThat(walker.faultStatus).isEqualTo(0x05);
  }
}
