package dev.qvm.cpu.diff;

import static dev.qvm.cpu.asm.A64.X;
import static org.assertj.core.api.Assertions.assertThat;

import dev.qvm.cpu.asm.A64;
import dev.qvm.cpu.asm.A64Mem;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Hand-written sequences with known architectural results, run under QEMU: checks that the
 * image loads state, prints it, records an UNDEFINED exception (ESR_EL1.EC = 0, IL = 1: ESR
 * 0x02000000, ARM ARM D17.2.37) and a data abort with FAR, and resets the scratch area.
 */
class DiffImageQemuTest {

  @Test
  void handWrittenSequencesPrintTheirArchitecturalResults() throws Exception {
    QemuGuestRunner qemu = ExternalTools.qemuOrSkip();
    long[] regs = new long[31];
    for (int i = 0; i < 31; i++) {
      regs[i] = 0x0101_0101_0101_0101L * i;
    }
    regs[1] = 10;
    regs[5] = DiffImageBuilder.SCRATCH + 0x100;
    regs[7] = 0x7777_0000_0000_0000L;
    List<TestCase> cases = List.of(
        new TestCase(0, regs, 0x6000_0000L,
            List.of(new Insn(A64.addImm(X, 0, 1, 5, false), "ADD x0, x1, #5"))),
        new TestCase(1, regs, 0x9000_0000L, List.of(
            new Insn(0, "UDF #0"),
            new Insn(A64Mem.str(X, 3, 5, 8), "STR x3, [x5, #8]"),
            new Insn(A64Mem.ldr(X, 4, 7, 8), "LDR x4, [x7, #8]"))),
        new TestCase(2, regs, 0, List.of(new Insn(A64.nop(), "NOP"))));
    byte[] fill = new byte[DiffImageBuilder.SCRATCH_SIZE];
    Path elf = Files.createTempFile("qvm-diff-hand-", ".elf");
    try {
      Files.write(elf, DiffImageBuilder.build(cases, fill));
      RunResult run = qemu.run(elf, Duration.ofSeconds(30));
      assertThat(run.exitCode()).isZero();
      List<String> lines = DifferentialHarness.sequenceLines(run.console());
      assertThat(lines).hasSize(3);
      assertThat(lines.get(0)).contains(" x0=000000000000000f ", " x1=000000000000000a ",
          " x30=1e1e1e1e1e1e1e1e ", " nzcv=6 ").doesNotContain("exc=");
      assertThat(lines.get(1)).contains(" x3=0303030303030303 ", " nzcv=9 ",
          " exc=02 esr=02000000 elr=+0000 far=0000000000000000",
          " far=7777000000000008").containsPattern(" esr=96[0-9a-f]{6} elr=\\+0008 ");
      String mem0 = lines.get(0).replaceAll(".* mem=([0-9a-f]+).*", "$1");
      String mem1 = lines.get(1).replaceAll(".* mem=([0-9a-f]+).*", "$1");
      String mem2 = lines.get(2).replaceAll(".* mem=([0-9a-f]+).*", "$1");
      assertThat(mem1).as("the store changes the checksum").isNotEqualTo(mem0);
      assertThat(mem2).as("scratch is reset between sequences").isEqualTo(mem0);
    } finally {
      Files.deleteIfExists(elf);
    }
  }
}
