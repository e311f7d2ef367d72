package dev.qvm.cpu.mmu;

import static org.assertj.core.api.Assertions.assertThat;

import dev.qvm.cpu.exec.Cpu;
import dev.qvm.cpu.testing.TestMachine;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * TLBI by VA drops only the named page (Mmu.invalidatePage), yet every translation the
 * architecture says it removes (D8.13): whatever the EL, and the whole of a block that the VA
 * lies in, although the soft TLB caches a block as separate 4KB entries.
 *
 * <p>The tables (4KB granule, 39-bit VA, identity): 0x4000_0000-0x401f_ffff is one 2MB block,
 * 0x4020_0000-0x403f_ffff is 512 pages of a level-3 table. A stale entry is made visible by
 * rewriting a descriptor without TLBI: the CPU keeps reading through the cached translation.
 */
class TlbiByVaTest {

  static final long L1 = TestMachine.RAM_BASE + 0x40_0000;
  static final long L2 = L1 + 0x1000;
  static final long L3 = L1 + 0x2000;
  static final long CODE = 0x4030_0000L;
  static final long PAGE_A = 0x4021_0000L;
  static final long PAGE_B = 0x4021_1000L;
  static final long OTHER_A = 0x4022_0000L;
  static final long OTHER_B = 0x4022_1000L;
  static final long IN_BLOCK = 0x4000_3000L;
  static final long OTHER_BLOCK = 0x4060_0000L;

  /** Page/block attributes: AF, inner shareable, AttrIndx 0 (MAIR: Normal WB), EL1 RW. */
  static final long LEAF = (1L << 10) | (3L << 8);

  private TestMachine m;
  private Cpu cpu;
  private long codeAt = CODE;

  @BeforeEach
  void setUp() {
    m = new TestMachine();
    cpu = m.cpu;
    put(L1 + 8 * 1, L2 | 3); // VA 0x4000_0000 (1GB region 1) -> L2
    put(L2, 0x4000_0000L | LEAF | 1); // 2MB block
    put(L2 + 8, L3 | 3); // 0x4020_0000 -> L3
    for (int i = 0; i < 512; i++) {
      put(L3 + 8L * i, (0x4020_0000L + 0x1000L * i) | LEAF | 3);
    }
    put(PAGE_A, 0xa);
    put(PAGE_B, 0xb);
    put(OTHER_A, 0xaa);
    put(OTHER_B, 0xbb);
    put(IN_BLOCK, 0x1);
    put(OTHER_BLOCK + 0x3000, 0x2);
    cpu.sys.mairEl1 = 0xff;
    cpu.sys.tcrEl1 = 25 | (1L << 23); // T0SZ = 25 (39-bit), EPD1: no TTBR1 walks
    cpu.sys.ttbr0El1 = L1;
    cpu.sys.sctlrEl1 |= 1; // M
    cpu.translationChanged();
  }

  private void put(long pa, long value) {
    m.ram.putLong((int) (pa - TestMachine.RAM_BASE), value);
  }

  private void setPage(long va, long pa) {
    put(L3 + 8 * ((va - 0x4020_0000L) >>> 12), pa | LEAF | 3);
  }

  /** Runs the words, each call from a fresh code page. */
  private void run(int... words) {
    codeAt += 0x1000;
    m.load(codeAt, words);
    cpu.pc = codeAt;
    cpu.step(words.length);
  }

  private long load(long va) {
    cpu.x[1] = va;
    run(0xf9400020); // ldr x0, [x1]
    return cpu.x[0];
  }

  /** TLBI VAE1, Xt (op2 = 1) or VAAE1 (op2 = 3) for {@code va}: Xt[43:0] = VA[55:12]. */
  private void tlbi(int op2, long va) {
    cpu.x[2] = (va >>> 12) & ((1L << 44) - 1);
    run(0xd5088702 | (op2 << 5), 0xd5033f9f /* dsb sy */);
  }

  @Test
  void dropsTheNamedPageAndKeepsTheOthers() {
    assertThat(load(PAGE_A)).isEqualTo(0xa);
    assertThat(load(PAGE_B)).isEqualTo(0xb);
    setPage(PAGE_A, OTHER_A);
    setPage(PAGE_B, OTHER_B);
    assertThat(load(PAGE_A)).as("cached, no TLBI yet").isEqualTo(0xa);
    long flushes = cpu.counters.tlbFlushes;

    tlbi(1, PAGE_A);

    assertThat(load(PAGE_A)).as("after TLBI VAE1 of its page").isEqualTo(0xaa);
    assertThat(load(PAGE_B)).as("another page keeps its entry").isEqualTo(0xb);
    assertThat(cpu.counters.tlbPageInvalidations).isEqualTo(1);
    assertThat(cpu.counters.tlbFlushes).as("no whole flush").isEqualTo(flushes);
  }

  @Test
  void aVaAnywhereInACachedBlockDropsTheWholeBlock() {
    assertThat(load(IN_BLOCK)).isEqualTo(0x1);
    put(L2, OTHER_BLOCK | LEAF | 1);
    assertThat(load(IN_BLOCK)).as("cached").isEqualTo(0x1);

    tlbi(3, 0x4000_0000L); // the block's first page, not the page that was cached

    assertThat(load(IN_BLOCK)).isEqualTo(0x2);
  }

  @Test
  void dropsTheEntriesOfEveryEl() {
    put(L3 + 8 * ((PAGE_A - 0x4020_0000L) >>> 12), PAGE_A | LEAF | (1L << 6) | 3); // AP = EL0 RW
    assertThat(load(PAGE_A)).isEqualTo(0xa);
    cpu.setElAndSpsel(0, 0);
    assertThat(load(PAGE_A)).isEqualTo(0xa);
    cpu.setElAndSpsel(1, 1);
    put(L3 + 8 * ((PAGE_A - 0x4020_0000L) >>> 12), OTHER_A | LEAF | (1L << 6) | 3);

    tlbi(1, PAGE_A);

    assertThat(load(PAGE_A)).isEqualTo(0xaa);
    cpu.setElAndSpsel(0, 0);
    assertThat(load(PAGE_A)).as("the EL0 entry went too").isEqualTo(0xaa);
  }

  @Test
  void aTlbiOfTheRunningCodePageIsSeenByTheNextFetch() {
    // Two code pages with different instructions at the same offset; the VA points at the first.
    long va = 0x4023_0000L;
    long second = 0x4023_1000L;
    m.load(va, 0xd2800020); // mov x0, #1
    m.load(second, 0xd2800040); // mov x0, #2
    cpu.pc = va;
    cpu.step(1);
    assertThat(cpu.x[0]).isEqualTo(1);
    setPage(va, second);
    tlbi(1, va);
    cpu.pc = va;
    cpu.step(1);
    assertThat(cpu.x[0]).as("the fetch lookup of the page went with the TLB entry").isEqualTo(2);
  }
}
