package dev.qvm.cpu.diff;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** Properties of the generator that hold without any emulator. */
class BlockGeneratorTest {

  private static List<TestCase> cases(long seed, int n) {
    BlockGenerator g = new BlockGenerator(seed);
    g.scratchFill();
    return java.util.stream.IntStream.range(0, n).mapToObj(g::next).toList();
  }

  @Test
  void sameSeedGivesSameImage() {
    byte[] a = DifferentialHarness.image(42, 3, 50).elf();
    byte[] b = DifferentialHarness.image(42, 3, 50).elf();
    byte[] c = DifferentialHarness.image(43, 3, 50).elf();
    assertThat(a).isEqualTo(b);
    assertThat(a).isNotEqualTo(c);
  }

  @Test
  void blocksHaveOneToEightInstructions() {
    for (TestCase tc : cases(7, 2000)) {
      assertThat(tc.block().size()).isBetween(1, BlockGenerator.MAX_BLOCK);
    }
  }

  @Test
  void generatedWordsAvoidSystemAndUnboundedBranchEncodings() {
    Set<String> mnemonics = new HashSet<>();
    for (TestCase tc : cases(11, 5000)) {
      for (int i = 0; i < tc.block().size(); i++) {
        Insn insn = tc.block().get(i);
        int w = insn.word();
        int op0 = (w >>> 25) & 0xF;
        mnemonics.add(insn.text().split("[ .]")[0]);
        if ((op0 & 0b1110) == 0b1010) {
          // Only forward conditional/unconditional immediate branches that stay in the block.
          long offset;
          if ((w & 0xFC00_0000) == 0x1400_0000) {
            offset = 4L * (w & 0x3FF_FFFF);
          } else if ((w & 0xFF00_0010) == 0x5400_0000 || (w & 0x7E00_0000) == 0x3400_0000) {
            offset = 4L * ((w >> 5) & 0x7FFFF);
          } else if ((w & 0x7E00_0000) == 0x3600_0000) {
            offset = 4L * ((w >> 5) & 0x3FFF);
          } else {
            throw new AssertionError("system/branch encoding generated: " + insn);
          }
          assertThat(offset).as("%s", insn).isPositive()
              .isLessThanOrEqualTo(4L * (tc.block().size() - i));
        }
      }
    }
    assertThat(mnemonics).contains("ADD", "SUBS", "ANDS", "CSNEG", "CCMP", "UMULH", "SDIV",
        "CRC32CX", "RBIT", "LDR", "STRB", "LDUR", "LDP", "STP", "LDPSW", "LDXR", "STXR",
        "LDAR", "STLR", "TBZ", "CBNZ", "EXTR", "BFM");
  }

  @Test
  void initialStatesIncludeScratchPointers() {
    for (TestCase tc : cases(5, 200)) {
      long pointers = java.util.Arrays.stream(tc.registers())
          .filter(v -> DiffImageBuilder.inScratch(v, 16)).count();
      assertThat(pointers).isPositive();
    }
  }

  @Test
  void scratchRangeCheckDoesNotOverflowNearTheTopOfTheAddressSpace() {
    assertThat(DiffImageBuilder.inScratch(Long.MAX_VALUE, 1)).isFalse();
    assertThat(DiffImageBuilder.inScratch(DiffImageBuilder.SCRATCH, 8)).isTrue();
    assertThat(DiffImageBuilder.inScratch(
        DiffImageBuilder.SCRATCH + DiffImageBuilder.SCRATCH_SIZE - 8, 8)).isTrue();
    assertThat(DiffImageBuilder.inScratch(
        DiffImageBuilder.SCRATCH + DiffImageBuilder.SCRATCH_SIZE - 4, 8)).isFalse();
  }
}
