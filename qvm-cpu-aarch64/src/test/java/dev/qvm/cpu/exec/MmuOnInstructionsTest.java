package dev.qvm.cpu.exec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.qvm.cpu.asm.A64;
import dev.qvm.cpu.asm.A64Mem;
import dev.qvm.cpu.asm.MemOp;
import dev.qvm.cpu.asm.SysReg;
import dev.qvm.cpu.testing.TestMachine;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Instructions whose meaning depends on stage-1 translation, run at EL1 with the MMU on over
 * hand-built 4KB tables (39-bit VA, identity mapped): LDTR/STTR (EL0's permissions at EL1), AT
 * S1E0R/S1E1R into PAR_EL1, DC ZVA on Normal memory, and the alignment rule of LDAR.
 *
 * <p>Map (VA = PA): RAM_BASE .. +2 MiB one EL1-only block (code, tables, vectors); then four
 * pages: {@link #EL1_ONLY} (AP = 00), {@link #EL0_RW} (AP = 01), {@link #EL0_RO} (AP = 11) and
 * {@link #NO_AF} (AP = 01, AF = 0).
 */
class MmuOnInstructionsTest {
  static final long BASE = TestMachine.RAM_BASE;
  static final long L1 = BASE + 0x10_0000;
  static final long L2 = BASE + 0x10_1000;
  static final long L3 = BASE + 0x10_2000;
  static final long VECTORS = BASE + 0x4000;
  static final long EL1_ONLY = BASE + 0x20_0000;
  static final long EL0_RW = BASE + 0x20_1000;
  static final long EL0_RO = BASE + 0x20_2000;
  static final long NO_AF = BASE + 0x20_3000;

  static final long AF = 1L << 10;
  static final long SH_INNER = 3L << 8;
  static final long NORMAL = 1L << 2; // AttrIndx 1
  static final long AP_EL0 = 1L << 6;
  static final long AP_RO = 1L << 7;
  static final long UXN = 1L << 54;

  private TestMachine m;
  private Cpu cpu;
  private long code = BASE + 0x1_0000;

  private void descriptor(long table, int index, long value) {
    m.ram.putLong((int) (table - BASE) + 8 * index, value);
  }

  @BeforeEach
  void setUp() {
    m = new TestMachine();
    cpu = m.cpu;
    descriptor(L1, 1, L2 | 3); // VA[38:30] = 1: 0x4000_0000
    descriptor(L2, 0, BASE | UXN | AF | SH_INNER | NORMAL | 1); // 2 MiB block, EL1 RWX
    descriptor(L2, 1, L3 | 3);
    descriptor(L3, 0, EL1_ONLY | UXN | AF | SH_INNER | NORMAL | 3);
    descriptor(L3, 1, EL0_RW | UXN | AP_EL0 | AF | SH_INNER | NORMAL | 3);
    descriptor(L3, 2, EL0_RO | UXN | AP_EL0 | AP_RO | AF | SH_INNER | NORMAL | 3);
    descriptor(L3, 3, NO_AF | UXN | AP_EL0 | SH_INNER | NORMAL | 3);
    cpu.sys.mairEl1 = 0xff00L; // Attr0 Device-nGnRnE, Attr1 Normal write-back
    cpu.sys.tcrEl1 = (5L << 32) | (1L << 23) | 25; // IPS 48 bits, EPD1, TG0 4KB, T0SZ 25 (39-bit)
    cpu.sys.ttbr0El1 = L1;
    cpu.sys.vbarEl1 = VECTORS;
    cpu.sys.sctlrEl1 |= 1; // M
    cpu.translationChanged();
  }

  /** Runs {@code words} from a fresh page (decoded code is cached per page). */
  private void run(int... words) {
    code += 0x1000;
    m.load(code, words);
    cpu.step(words.length);
  }

  private long dfsc() {
    return cpu.sys.esrEl1 & 0x3f;
  }

  private int ec() {
    return (int) (cpu.sys.esrEl1 >>> 26) & 0x3f;
  }

  /**
   * C6.2.146 LDTR / C6.2.311 STTR: executed at EL1 they are checked as if at EL0 (D8.5.2
   * "unprivileged access"). On an EL1-only page LDR and STR work and LDTR, STTR take a permission
   * fault at level 3 (EC 0x25, DFSC 0b001111, WnR for the store, FAR the address).
   */
  @Test
  void ldtrAndSttrAtEl1UseEl0Permissions() {
    m.ram.putLong((int) (EL1_ONLY - BASE) + 8, 0x1234_5678L);
    cpu.x[1] = EL1_ONLY;
    cpu.x[2] = 0x55;
    run(A64Mem.ldr(true, 0, 1, 8), A64Mem.str(true, 2, 1, 16));
    assertThat(cpu.pc).as("LDR and STR at EL1 are allowed").isEqualTo(code + 8);
    assertThat(cpu.x[0]).isEqualTo(0x1234_5678L);

    cpu.x[3] = 77;
    run(A64Mem.unprivileged(MemOp.LDR_X, 3, 1, 8));
    assertThat(ec()).as("data abort, same EL").isEqualTo(0x25);
    assertThat(dfsc()).as("permission fault, level 3").isEqualTo(0x0f);
    assertThat(cpu.sys.esrEl1 & (1 << 6)).as("WnR: a read").isZero();
    assertThat(cpu.sys.farEl1).isEqualTo(EL1_ONLY + 8);
    assertThat(cpu.x[3]).as("no load happened").isEqualTo(77);

    run(A64Mem.unprivileged(MemOp.STR_W, 2, 1, 24));
    assertThat(dfsc()).isEqualTo(0x0f);
    assertThat(cpu.sys.esrEl1 & (1 << 6)).as("WnR: a write").isNotZero();
    assertThat(m.ram.getInt((int) (EL1_ONLY - BASE) + 24)).as("no store happened").isZero();
  }

  /** On pages EL0 may use, LDTR/STTR behave as LDR/STR; AP[2] = 1 still refuses STTR. */
  @Test
  void ldtrAndSttrWorkWhereEl0Could() {
    cpu.x[1] = EL0_RW;
    cpu.x[2] = 0xfedc_ba98_7654_3210L;
    cpu.x[4] = EL0_RO;
    run(A64Mem.unprivileged(MemOp.STR_X, 2, 1, 0), A64Mem.unprivileged(MemOp.LDRSW, 3, 1, 4),
        A64Mem.unprivileged(MemOp.LDRB, 5, 4, 0));
    assertThat(cpu.pc).isEqualTo(code + 12);
    assertThat(cpu.x[3]).as("LDTRSW sign-extends").isEqualTo(0xffff_ffff_fedc_ba98L);
    assertThat(cpu.x[5]).isZero();
    run(A64Mem.unprivileged(MemOp.STRB, 2, 4, 0));
    assertThat(dfsc()).as("STTRB on a read-only page: permission fault, level 3").isEqualTo(0x0f);
  }

  /**
   * C5.5.4 AT S1E0R: translates as an EL0 read and writes PAR_EL1 (D17.2.113): on success
   * PA[47:12], ATTR = MAIR attribute, SH, NS and bit 11 (RES1); on a fault F = 1 with FST (the
   * DFSC) in [6:1]. AT S1E1R on the same EL1-only page succeeds.
   */
  @Test
  void atS1e0rReportsEl0TranslationInPar() {
    cpu.x[1] = EL0_RW + 0x123;
    cpu.x[2] = EL1_ONLY;
    cpu.x[3] = NO_AF;
    run(A64.atS1e0r(1), A64.mrs(4, new SysReg("PAR_EL1", 3, 0, 7, 4, 0)));
    assertThat(cpu.x[4]).as("EL0_RW: Normal WB (0xFF), inner shareable, NS, RES1")
        .isEqualTo(0xff00_0000_0000_0000L | EL0_RW | 0xb80);
    run(A64.atS1e0r(2));
    assertThat(cpu.sys.parEl1).as("EL1-only page at EL0: F, permission fault level 3").isEqualTo(0x81fL);
    run(A64.atS1e0r(3));
    assertThat(cpu.sys.parEl1).as("AF = 0: F, access flag fault level 3").isEqualTo(0x817L);
    run(0xd5087802 /* at s1e1r, x2 */);
    assertThat(cpu.sys.parEl1 & 1).as("S1E1R on the EL1-only page succeeds").isZero();
    assertThat(cpu.sys.parEl1 & 0xffff_ffff_f000L).isEqualTo(EL1_ONLY);
  }

  /**
   * C5.3.22 DC ZVA: zeroes the naturally aligned block of DCZID_EL0 size (2^BS words: 64 bytes)
   * that holds the address; the bytes around it are untouched and no register changes.
   */
  @Test
  void dcZvaZeroesTheDczidBlock() {
    for (int i = 0; i < 0x100; i++) {
      m.ram.put((int) (EL0_RW - BASE) + i, (byte) 0xaa);
    }
    cpu.x[0] = EL0_RW + 0x45;
    run(A64.mrs(1, new SysReg("DCZID_EL0", 3, 3, 0, 0, 7)), A64.dcZva(0));
    assertThat(cpu.x[1]).as("DCZID_EL0: BS = 4, DZP = 0").isEqualTo(4);
    assertThat(cpu.pc).isEqualTo(code + 8);
    for (int i = 0; i < 0x100; i++) {
      byte want = i >= 0x40 && i < 0x80 ? 0 : (byte) 0xaa;
      assertThat(m.ram.get((int) (EL0_RW - BASE) + i)).as("byte 0x%x", i).isEqualTo(want);
    }
    assertThat(cpu.x[0]).isEqualTo(EL0_RW + 0x45);
  }

  /**
   * B2.5.2: LDAR and STLR need natural alignment whatever SCTLR_EL1.A says (ARMv8.0: no
   * FEAT_LSE2); an unaligned one takes an alignment fault (DFSC 0b100001) where LDR does not.
   */
  @Test
  void unalignedLdarFaultsOnNormalMemory() {
    cpu.x[1] = EL0_RW + 4;
    run(A64Mem.ldr(true, 0, 1, 0));
    assertThat(cpu.pc).as("an unaligned LDR on Normal memory with SCTLR.A = 0").isEqualTo(code + 4);
    run(A64Mem.ldar(3, 0, 1));
    assertThat(ec()).isEqualTo(0x25);
    assertThat(dfsc()).isEqualTo(0x21);
    assertThat(cpu.sys.farEl1).isEqualTo(EL0_RW + 4);
    run(A64Mem.stlr(2, 0, 1)); // a 4-byte STLR at a 4-byte aligned address is fine
    assertThat(cpu.pc).isEqualTo(code + 4);
  }
}
