package dev.qvm.core.memory;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Walks through block, page, trap and unmapped IPAs stop at the levels the tables dictate. */
class Stage2WalkTest {

  private static final long RAM = SharedLayout.RAM;
  private final GuestAccess.RegisterFile uart = SharedLayout.UART;
  private final GuestAccess.RegisterFile gic = SharedLayout.GIC;

  // 1 GiB block at 0x40000000, 2 MiB block at 0x80000000, one page at 0x80200000.
  private final PhysicalMemory memory = SharedLayout.MEMORY;

  @Test
  void oneGibBlockEndsTheWalkAtLevelOne() {
    Walk w = memory.walk(RAM + 0x123);
    assertThat(w.steps()).hasSize(1);
    Walk.Step s = w.steps().getFirst();
    assertThat(s.level()).isEqualTo(1);
    assertThat(s.tablePa()).isEqualTo(Stage2Tables.TABLE_PA_BASE);
    assertThat(s.index()).isEqualTo(1);
    assertThat(s.descriptorPa()).isEqualTo(Stage2Tables.TABLE_PA_BASE + 8);
    assertThat(memory.stage2().descriptorAt(s.descriptorPa())).isEqualTo(s.descriptor());
    assertThat(w.outcome())
        .isEqualTo(
            new Walk.Mapped(RAM + 0x123, 1, (HostMemoryRegion) memory.region("ram"), true, true,
                true, 0b1111, 0b11));
  }

  @Test
  void twoMibBlockEndsAtLevelTwoAndPageAtLevelThree() {
    Walk block = memory.walk(0x8000_1234L);
    assertThat(block.steps()).extracting(Walk.Step::level).containsExactly(1, 2);
    assertThat(((Walk.Mapped) block.outcome()).pa()).isEqualTo(0x8000_1234L);
    Walk page = memory.walk(0x8020_0010L);
    assertThat(page.steps()).extracting(Walk.Step::level).containsExactly(1, 2, 3);
    assertThat(((Walk.Mapped) page.outcome()).level()).isEqualTo(3);
  }

  @Test
  void unmappedIpasFaultAtTheLevelOfTheFirstInvalidDescriptor() {
    assertThat(memory.walk(0x1_0000_0000L).outcome())
        .isEqualTo(new Walk.Fault(Walk.FaultKind.TRANSLATION, 1));
    assertThat(memory.walk(0x8040_0000L).outcome())
        .as("level-2 table exists, entry 2 empty")
        .isEqualTo(new Walk.Fault(Walk.FaultKind.TRANSLATION, 2));
    assertThat(memory.walk(0x8020_1000L).outcome())
        .as("level-3 table exists, entry 1 empty")
        .isEqualTo(new Walk.Fault(Walk.FaultKind.TRANSLATION, 3));
    assertThat(memory.lookup(0x8020_1000L).faultLevel()).isEqualTo(3);
    assertThat(memory.lookup(0x1_0000_0000L).faultLevel()).isEqualTo(1);
  }

  @Test
  void ipaBeyondFortyBitsIsALevelZeroTranslationFault() {
    Walk w = memory.walk(1L << 40);
    assertThat(w.steps()).isEmpty();
    assertThat(w.outcome()).isEqualTo(new Walk.Fault(Walk.FaultKind.TRANSLATION, 0));
    assertThat(memory.lookup(-1L).kind()).isEqualTo(PageMapping.Kind.FAULT);
    assertThat(w.describe()).contains("outside the 40-bit IPA space");
  }

  @Test
  void vdevWindowsTrapToTheirDeviceAtBlockOrPageLevel() {
    Walk page = memory.walk(0x0900_0018L);
    assertThat(page.steps().getLast().level()).isEqualTo(3);
    assertThat(page.outcome()).isInstanceOfSatisfying(Walk.Mmio.class, m -> {
      assertThat(m.device()).isSameAs(uart);
      assertThat(m.offset()).isEqualTo(0x18);
      assertThat(m.window().name()).isEqualTo("pl011");
    });
    Walk block = memory.walk(0x081F_F000L);
    assertThat(block.steps().getLast().level()).as("2 MiB trap block").isEqualTo(2);
    assertThat(((Walk.Mmio) block.outcome()).offset()).isEqualTo(0x1F_F000L);
    PageMapping m = memory.lookup(0x081F_F123L);
    assertThat(m.kind()).isEqualTo(PageMapping.Kind.MMIO);
    assertThat(m.device()).isSameAs(gic);
    assertThat(m.deviceOffset()).as("offset of the page in the window").isEqualTo(0x1F_F000L);
    assertThat(m.ipaPage()).isEqualTo(0x081F_F000L);
  }

  @Test
  void permissionIsCheckedWhenAnAccessIsGiven() {
    assertThat(memory.walk(0x1000, AccessType.WRITE).outcome())
        .isEqualTo(new Walk.Fault(Walk.FaultKind.PERMISSION, 3));
    assertThat(memory.walk(0x1000, AccessType.FETCH).outcome()).isInstanceOf(Walk.Mapped.class);
    assertThat(memory.walk(0x0900_0000L, AccessType.FETCH).outcome())
        .as("no instruction fetch from a trap window")
        .isEqualTo(new Walk.Fault(Walk.FaultKind.PERMISSION, 3));
  }

  @Test
  void describeShowsIndexBitsEveryDescriptorAndTheResult() {
    String text = memory.walk(0x8020_0010L).describe();
    assertThat(text)
        .contains("Stage-2 walk of IPA 0x80200010")
        .contains("T0SZ=24 (40-bit IPA)")
        .contains("[39:30]=2 (level 1 index)")
        .contains("[29:21]=1 (level 2 index)")
        .contains("[20:12]=0 (level 3 index)")
        .contains("[11:0]=0x010 (page offset)")
        .contains("level 1: table 0x10000000000[2] at PA 0x10000000010 = 0x")
        .contains("Table: next-level table at PA 0x")
        .contains("Page (4K): OA 0x80200000")
        .contains(
            "=> PA 0x80200010 in ram region \"ram\" (rwx, Normal, Outer Write-Back, Inner"
                + " Write-Back)");
    assertThat(text.lines().count()).isEqualTo(3 + 2 * 3 + 1);
    assertThat(memory.walk(0x0900_0004L).describe())
        .contains("qvm trap tag")
        .contains("=> MMIO exit to pl011 at offset 0x4");
    assertThat(memory.walk(0x1000, AccessType.WRITE).describe())
        .contains("for a write")
        .contains("Permission fault at level 3 (write not allowed)");
    assertThat(memory.walk(0x8040_0000L).describe())
        .contains("=> stage-2 Translation fault at level 2");
  }

  @Test
  void blocksAreUsedWhereAlignmentAllows() {
    PhysicalMemory m = PhysicalMemory.builder().addRam("ram", 0x4000_0000L, 4L << 20).build();
    assertThat(m.stage2().tableBytes())
        .as("8K root + one level-2 table, no level-3 table: two 2 MiB blocks")
        .isEqualTo(8192 + 4096);
  }
}
