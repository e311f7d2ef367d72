package dev.qvm.cpu.exec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.qvm.cpu.testing.TestMachine;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Lazy NZCV (Cpu.deferAddFlags): every condition evaluated from a recorded add or subtract must
 * equal the condition evaluated on the four flags that AddWithCarry sets (ARM ARM J1), for
 * operands at the edges (0, 1, -1, the signed extremes, values differing only in bit 31 or 63)
 * and random ones, at 64 and 32 bits, with carry in 0 (ADDS, CMN) and 1 (SUBS, CMP).
 */
class LazyFlagsTest {

  private static final long[] EDGES = {
    0, 1, 2, -1, -2, Long.MAX_VALUE, Long.MIN_VALUE, Long.MIN_VALUE + 1, 0x7fff_ffffL, 0x8000_0000L,
    0xffff_ffffL, 0x1_0000_0000L, 0xffff_ffff_8000_0000L, 0x8000_0000_7fff_ffffL
  };

  /** The reference: the condition table of ConditionHolds() over the flags themselves. */
  private static boolean reference(int nzcv, int cond) {
    boolean n = (nzcv >>> 31 & 1) != 0;
    boolean z = (nzcv >>> 30 & 1) != 0;
    boolean c = (nzcv >>> 29 & 1) != 0;
    boolean v = (nzcv >>> 28 & 1) != 0;
    boolean result =
        switch (cond >>> 1) {
          case 0 -> z;
          case 1 -> c;
          case 2 -> n;
          case 3 -> v;
          case 4 -> c && !z;
          case 5 -> n == v;
          case 6 -> n == v && !z;
          default -> true;
        };
    return (cond & 1) != 0 && cond != 15 ? !result : result;
  }

  private static void check(Cpu cpu, int sf, long x, long y, int carry) {
    int flags = Alu.addFlags(sf, x, y, carry);
    for (int cond = 0; cond < 16; cond++) {
      cpu.deferAddFlags(sf, x, y, carry);
      assertThat(cpu.conditionHolds(cond))
          .as("cond %d after AddWithCarry(0x%x, 0x%x, %d) at %d bits", cond, x, y, carry, sf != 0 ? 64 : 32)
          .isEqualTo(reference(flags, cond));
    }
    cpu.deferAddFlags(sf, x, y, carry);
    assertThat(cpu.nzcv()).as("materialised flags").isEqualTo(flags);
  }

  @Test
  void everyConditionMatchesTheFlagsOfAddWithCarry() {
    Cpu cpu = new TestMachine().cpu;
    SplittableRandom rnd = new SplittableRandom(0x1a2f);
    for (int sf = 0; sf <= 1; sf++) {
      for (int carry = 0; carry <= 1; carry++) {
        for (long a : EDGES) {
          for (long b : EDGES) {
            check(cpu, sf, a, carry == 1 ? ~b : b, carry);
          }
        }
        for (int i = 0; i < 20_000; i++) {
          long a = rnd.nextLong();
          long b = rnd.nextInt(4) == 0 ? a + rnd.nextInt(-2, 3) : rnd.nextLong();
          check(cpu, sf, a, carry == 1 ? ~b : b, carry);
        }
      }
    }
  }

  @Test
  void aWriteOfNzcvReplacesTheRecordedOperation() {
    Cpu cpu = new TestMachine().cpu;
    cpu.deferAddFlags(1, 5, ~5L, 1); // CMP 5, 5: Z and C
    cpu.setNzcv(0x8000_0000); // then MSR NZCV: N only
    assertThat(cpu.conditionHolds(0)).as("EQ").isFalse();
    assertThat(cpu.conditionHolds(4)).as("MI").isTrue();
    assertThat(cpu.pstateAsSpsr() >>> 28).isEqualTo(0x8);
  }
}
