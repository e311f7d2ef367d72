package dev.qvm.cli.gdb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.qvm.cli.Main;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code qvm run --trace}: instructions with objdump text and symbols, exits, MMIO, walks, irq. */
class TraceTest {

  record Result(int exitCode, String out, String err) {}

  static Path repo() {
    return GdbMultiarchTest.repo();
  }

  static Result qvm(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code;
    try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
      code = Main.run(args, o, e);
    }
    return new Result(code, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  static String hello() {
    return repo().resolve("qvmconf-examples/hello.qvmconf").toString();
  }

  @Test
  void insnTraceShowsTheFirstInstructionsWithSymbolsAndObjdumpText() {
    Result r = qvm("run", "--trace", "insn", "--timeout", "60s", hello());
    assertThat(r.exitCode()).as(r.err()).isZero();
    List<String> lines = r.err().lines().filter(l -> l.contains(" insn ")).toList();
    // aarch64-linux-gnu-objdump -d hello.elf: the first instructions of _start.
    assertThat(lines.get(0)).isEqualTo("vcpu0  insn 0000000040080000 <_start> d0000029  adrp\tx9, 40086000");
    assertThat(lines.get(1)).isEqualTo("vcpu0  insn 0000000040080004 <_start+0x4> 91018129  add\tx9, x9, #0x60");
    assertThat(lines.get(2)).isEqualTo("vcpu0  insn 0000000040080008 <_start+0x8> 9100013f  mov\tsp, x9");
    assertThat(r.err()).contains("<main> a9bb7bfd  stp\tx29, x30, [sp, #-80]!");
    assertThat(r.out()).as("the guest ran as without tracing").contains("All checks passed.");
  }

  @Test
  void exitAndMmioTracesShowThePl011Writes() {
    Result r = qvm("run", "--trace", "exit,mmio", "--timeout", "60s", hello());
    assertThat(r.exitCode()).as(r.err()).isZero();
    // 'H' of "Hello" is the first byte written to UARTDR (offset 0), after a poll of UARTFR (0x18).
    assertThat(r.err()).containsPattern("vcpu0  exit mmio read pl011\\S*\\+0x18 size 4 at PC 0x[0-9a-f]+");
    assertThat(r.err()).containsPattern("vcpu0  exit mmio write pl011\\S*\\+0x0 size 4 value 0x48 at PC 0x[0-9a-f]+");
    assertThat(r.err()).containsPattern("vcpu0  mmio write pl011\\S* offset 0x0 size 4 value 0x48");
    assertThat(r.err()).containsPattern("vcpu0  mmio read pl011\\S* offset 0x18 size 4 value 0x[0-9a-f]+");
    assertThat(r.err()).contains("exit semihosting at PC").contains("SYS_EXIT");
    assertThat(r.err()).doesNotContain(" insn ");
  }

  @Test
  void pcAndVcpuFiltersAndTraceFile(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("trace.txt");
    Result r = qvm("run", "--trace", "insn", "--trace-pc", "uart_putc", "--trace-vcpu", "0", "--trace-file", file.toString(), "--timeout", "60s", hello());
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.err()).doesNotContain(" insn ");
    List<String> lines = Files.readAllLines(file);
    assertThat(lines).isNotEmpty().allMatch(l -> l.contains("<uart_putc"), "every traced instruction is in uart_putc");
    Result bad = qvm("run", "--trace", "insn,bogus", hello());
    assertThat(bad.exitCode()).isEqualTo(2);
    assertThat(bad.err().strip()).isEqualTo("qvm: --trace: unknown trace kind 'bogus' (known: insn, exit, irq, mmio, mmu, psci, all)");
  }

  @Test
  void mmuTraceShowsStage2WalksOnTlbMisses() {
    Result r = qvm("run", "--trace", "mmu", "--timeout", "60s", hello());
    assertThat(r.exitCode()).as(r.err()).isZero();
    assertThat(r.err()).contains("vcpu0  mmu s1 off (SCTLR_EL1.M=0)");
    assertThat(r.err()).contains("vcpu0  mmu s2 Stage-2 walk of IPA 0x4008");
    assertThat(r.err()).containsPattern("vcpu0  mmu s2   level \\d: table");
  }

  @Test
  void psciTraceShowsCpuOnAndItsResult(@TempDir Path dir) throws Exception {
    Path elf = repo().resolve("guest-images/gic-storm/gic-storm.elf");
    Path board = dir.resolve("two.qvmconf");
    Files.writeString(board, String.join("\n", "system two", "ram 0x40000000,128M", "cpu", "cpu", "semihosting", "load " + elf, "vdev pl011", "    loc 0x09000000", "    intr gic:33", "    hostdev >-", ""));
    Result r = qvm("run", "--trace", "psci,exit", "--timeout", "60s", board.toString());
    assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
    assertThat(r.err()).containsPattern("vcpu0  exit hvc #0x0 at PC 0x[0-9a-f]+: function id 0xc4000003 \\(PSCI CPU_ON\\)");
    assertThat(r.err()).containsPattern("vcpu0  psci CPU_ON\\(0x1, 0x[0-9a-f]+, 0x0\\) via hvc");
    assertThat(r.err()).contains("vcpu0  psci CPU_ON -> SUCCESS");
  }

  /**
   * guest-images/gdb-smp: vCPU 1 computes, then calls CPU_OFF, which takes no argument (ARM DEN 0022,
   * "CPU_OFF"), so the trace shows none; --trace-vcpu 1 keeps vCPU 0's lines out.
   */
  @Test
  void psciTraceOfOneVcpuShowsOnlyTheArgumentsTheFunctionTakes(@TempDir Path dir) throws Exception {
    Path elf = repo().resolve("guest-images/gdb-smp/gdb-smp.elf");
    Path board = dir.resolve("two.qvmconf");
    Files.writeString(board, String.join("\n", "system two", "ram 0x40000000,128M", "cpu", "cpu", "semihosting", "load " + elf, "vdev pl011", "    loc 0x09000000", "    intr gic:33", "    hostdev >-", ""));
    Result r = qvm("run", "--trace", "psci", "--trace-vcpu", "1", "--timeout", "60s", board.toString());
    assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
    // The result line may be missing: vCPU 0 can end the VM while vCPU 1 is still in CPU_OFF.
    assertThat(r.err().lines().filter(l -> l.startsWith("vcpu")).toList())
        .startsWith("vcpu1  psci CPU_OFF() via hvc")
        .allMatch(l -> l.startsWith("vcpu1  psci CPU_OFF"), "only vCPU 1's CPU_OFF");
  }

  /**
   * The host gate's side of a pass-through interrupt: gic-shutdown EOIs SPI 42 at once, so each
   * forward masks the source and each deactivation unmasks it, one "unmasked" per "forwarded"
   * but perhaps the last (ARCHITECTURE.md section 5).
   */
  @Test
  void irqTraceShowsTheHostGateForwardingMaskingAndUnmasking(@TempDir Path dir) throws Exception {
    Path elf = repo().resolve("guest-images/gic-shutdown/gic-shutdown.elf");
    Path board = dir.resolve("pass.qvmconf");
    Files.writeString(board, String.join("\n", "system pass", "ram 0x40000000,128M", "cpu", "semihosting", "load " + elf, "vdev pl011", "    loc 0x09000000", "    intr gic:33", "    hostdev >-", "pass", "    intr gic:42", "    irq timer:200", ""));
    Result r = qvm("run", "--trace", "irq", "--timeout", "60s", board.toString());
    assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
    long forwarded = r.err().lines().filter(l -> l.equals("-     irq host INTID 42: forwarded to the vGIC, source masked until the guest deactivates it")).count();
    long unmasked = r.err().lines().filter(l -> l.equals("vcpu0  irq host INTID 42: source unmasked (the guest deactivated it)")).count();
    assertThat(forwarded).as(r.err()).isGreaterThanOrEqualTo(5);
    assertThat(unmasked).as("each deactivation unmasks the source").isBetween(forwarded - 1, forwarded);
    assertThat(r.err()).doesNotContain("source left unmasked");
  }

  @Test
  void irqTraceOfAGicGuestShowsAcknowledgeAndEoi(@TempDir Path dir) throws Exception {
    Path elf = repo().resolve("guest-images/gic-sgi/gic-sgi.elf");
    Path board = dir.resolve("gic.qvmconf");
    Files.writeString(board, String.join("\n", "system gic-guest", "ram 0x40000000,128M", "cpu", "semihosting", "load " + elf, "vdev pl011", "    loc 0x09000000", "    intr gic:33", "    hostdev >-", ""));
    Result r = qvm("run", "--trace", "irq", "--timeout", "60s", board.toString());
    assertThat(r.exitCode()).as(r.out() + r.err()).isZero();
    assertThat(r.err()).containsPattern("irq assert INTID \\d+");
    assertThat(r.err()).containsPattern("vcpu0  irq forward: interrupt taken at PC 0x[0-9a-f]+ -> vector 0x[0-9a-f]+");
    assertThat(r.err()).containsPattern("vcpu0  irq acknowledge INTID \\d+");
    assertThat(r.err()).containsPattern("vcpu0  irq EOI/deactivate INTID \\d+");
  }
}
