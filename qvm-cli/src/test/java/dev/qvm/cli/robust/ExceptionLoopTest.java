package dev.qvm.cli.robust;

import static org.assertj.core.api.Assertions.assertThat;

import dev.qvm.cli.Main;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 10: a guest that cannot make progress (an exception loop) is stopped with exit code 97
 * and a report naming the vCPU, PC, ESR, FAR, the exception class, how the loop began and the
 * last instructions, long before the --timeout; never a hang or a Java exception.
 */
class ExceptionLoopTest {

  @TempDir Path dir;

  /** Turns the MMU on with TTBR0_EL1 = 0x40100000 (T0SZ 25, 4 KiB granule, IPS 40 bits), then spins. */
  static final int[] MMU_ON_WITH_TABLE_AT_0X40100000 = {
    0xd2a8_0200, // movz x0, #0x4010, lsl #16
    0xd518_2000, // msr ttbr0_el1, x0
    0xd280_0321, // movz x1, #25             T0SZ = 25: 39-bit VAs, walk starts at level 1
    0xf2a0_1001, // movk x1, #0x80, lsl #16  EPD1: no TTBR1 walks
    0xf2c0_0041, // movk x1, #2, lsl #32     IPS = 40 bits
    0xd518_2041, // msr tcr_el1, x1
    0xd503_3fdf, // isb
    0xd538_1002, // mrs x2, sctlr_el1
    0xb240_0042, // orr x2, x2, #1           SCTLR_EL1.M
    0xd518_1002, // msr sctlr_el1, x2
    0xd503_3fdf, // isb   already fetched through the new tables, as on QEMU (the write takes effect at once)
    0x1400_0000, // b .
  };

  private record Result(int code, String out, String err, long millis) {}

  private Result run(Path board) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    long start = System.nanoTime();
    int code;
    try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
      code = Main.run(new String[] {"run", "--timeout", "60s", board.toString()}, o, e);
    }
    return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8), (System.nanoTime() - start) / 1_000_000);
  }

  private static void assertCleanReport(Result r) {
    assertThat(r.code()).as("exit code of an exception loop; stderr:%n%s", r.err()).isEqualTo(97);
    assertThat(r.err())
        .startsWith("qvm: vcpu0 is stuck in an exception loop: 10000 exceptions taken without an exception return")
        .doesNotContain("\tat ")
        .doesNotContain("internal error");
    assertThat(r.millis()).as("detected well before the 60 s timeout").isLessThan(30_000);
  }

  @Test
  void noVectorTableStopsWith97AndSaysWhere() throws Exception {
    // VBAR_EL1 resets to 0, where this board has nothing: the UDF's vector fetch faults, and so
    // does every vector fetch after it.
    Result r = run(Guests.board(dir, new int[] {0x0000_0000 /* udf #0 */}, "16M", ""));
    assertCleanReport(r);
    assertThat(r.err())
        .contains("qvm:   last exception: Instruction Abort without a change in Exception level (EC 0x21), Synchronous External abort")
        .contains("qvm:   PC=0x200 ELR_EL1=0x200 ESR_EL1=0x86000010 FAR_EL1=0x200 ")
        .contains("qvm:   the loop began with: Unknown reason (UNDEFINED instruction) (EC 0x00) at ELR 0x40080000, FAR 0x0: 00000000  udf #0")
        .contains("qvm:     0x200: (no instruction: the fetch faulted)");
  }

  @Test
  void vectorsInZeroedRamLoopOnUdf() throws Exception {
    // VBAR_EL1 = 0x40000000: RAM, but zero, so each vector is UDF #0 (EC 0x00) at 0x40000200.
    int[] code = {
      0xd2a8_0000, // movz x0, #0x4000, lsl #16
      0xd518_c000, // msr vbar_el1, x0
      0xd503_3fdf, // isb
      0xd400_0001, // svc #0
    };
    Result r = run(Guests.board(dir, code, "16M", ""));
    assertCleanReport(r);
    assertThat(r.err())
        .contains("qvm:   last exception: Unknown reason (UNDEFINED instruction) (EC 0x00)")
        .contains("qvm:   the loop began with: SVC in AArch64 state (EC 0x15) at ELR 0x40080010")
        .contains("qvm:     0x40000200: 00000000  udf #0   <- exception");
  }

  @Test
  void allZerosTranslationTablesLoopOnALevelOneTranslationFault() throws Exception {
    // RAM is zeroed, so the table at 0x40100000 is all zeros: every fetch, the vector's too, is a
    // level-1 translation fault (ARM ARM D8.3: an invalid descriptor), IFSC 0b000101.
    Result r = run(Guests.board(dir, MMU_ON_WITH_TABLE_AT_0X40100000, "16M", ""));
    assertCleanReport(r);
    assertThat(r.err())
        .contains("qvm:   the loop began with: Instruction Abort without a change in Exception level (EC 0x21), Translation fault, level 1 at ELR 0x40080028, FAR 0x40080028")
        .contains("ESR_EL1=0x86000005");
  }

  @Test
  void allOnesTranslationTablesLoopOnALevelOneAddressSizeFault() throws Exception {
    // An all-ones level-1 entry is a table descriptor whose next-level address exceeds the 40-bit
    // PA size: an Address size fault at level 1 (D8.3.3), IFSC 0b000001.
    byte[] ones = new byte[4096];
    Arrays.fill(ones, (byte) 0xff);
    Files.write(dir.resolve("ones.bin"), ones);
    Result r = run(Guests.board(dir, MMU_ON_WITH_TABLE_AT_0X40100000, "16M", "data load 0x40100000,ones.bin\n"));
    assertCleanReport(r);
    assertThat(r.err())
        .contains("qvm:   the loop began with: Instruction Abort without a change in Exception level (EC 0x21), Address size fault, level 1 at ELR 0x40080028")
        .contains("ESR_EL1=0x86000001");
  }
}
