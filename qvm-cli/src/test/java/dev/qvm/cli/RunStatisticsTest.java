package dev.qvm.cli;

import static dev.qvm.cli.CliTesting.example;
import static dev.qvm.cli.CliTesting.qvm;
import static dev.qvm.cli.CliTesting.repo;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --stats} and {@code --stats-json}: exits by reason, guest exceptions by class, MMU slow
 * path and code-page counters, per vCPU and for the VM. Each expectation comes from what the
 * guest's source does (guest-images/...), not from a recorded run.
 */
class RunStatisticsTest {

  /** A QEMU-virt-like board (as hello.qvmconf) that loads guest image {@code guest}. */
  private static Path board(Path dir, String guest) throws Exception {
    Path board = dir.resolve(guest + ".qvmconf");
    Path elf = repo().resolve("guest-images").resolve(guest).resolve(guest + ".elf");
    Files.writeString(board, String.join("\n",
        "system " + guest, "ram 0x40000000,128M", "cpu", "semihosting", "load " + elf,
        "vdev pl011", "    loc 0x09000000", "    intr gic:33", "    hostdev >-", ""));
    return board;
  }

  private static JsonNode runJson(Path dir, String... args) throws Exception {
    Path json = dir.resolve("stats.json");
    String[] all = new String[args.length + 3];
    all[0] = "run";
    all[1] = "--stats-json";
    all[2] = json.toString();
    System.arraycopy(args, 0, all, 3, args.length);
    var r = qvm(all);
    assertThat(r.exitCode()).as("guest exit status; stderr: %s", r.err()).isZero();
    JsonNode tree = new ObjectMapper().readTree(json.toFile());
    tree = ((com.fasterxml.jackson.databind.node.ObjectNode) tree).put("console", r.out());
    return tree;
  }

  /**
   * exc-el0.c: an EL0 program makes 4 SVCs (puts, add, puts, exit) and tries 8 instructions that
   * trap: MRS SCTLR_EL1, MRS CurrentEL and ERET are UNDEFINED at EL0 (EC 0x00), WFI traps with
   * SCTLR_EL1.nTWI = 0 (EC 0x01), MRS DAIF / MRS CTR_EL0 / DC ZVA trap with UMA, UCT, DZE = 0
   * (EC 0x18), BRK is EC 0x3C. One ERET enters EL0 and each of the 12 exceptions returns by ERET.
   */
  @Test
  void exceptionsAreCountedByClass(@TempDir Path dir) throws Exception {
    JsonNode t = runJson(dir, board(dir, "exc-el0").toString());
    JsonNode exc = t.path("vcpus").get(0).path("exceptions");
    JsonNode sync = exc.path("synchronous");
    assertThat(sync.path("SVC (AArch64)").asLong()).as("SVC: puts, add, puts, exit").isEqualTo(4);
    assertThat(sync.path("unknown reason (UNDEFINED)").asLong()).as("MRS SCTLR_EL1, MRS CurrentEL, ERET at EL0").isEqualTo(3);
    assertThat(sync.path("WFI/WFE trapped").asLong()).as("WFI with nTWI = 0").isEqualTo(1);
    assertThat(sync.path("MSR/MRS/system instruction trapped").asLong()).as("MRS DAIF, MRS CTR_EL0, DC ZVA").isEqualTo(3);
    assertThat(sync.path("BRK (AArch64)").asLong()).isEqualTo(1);
    assertThat(sync.size()).as("no other class: %s", sync).isEqualTo(5);
    assertThat(exc.path("eret").asLong()).as("one ERET into EL0, one per exception").isEqualTo(13);
    assertThat(exc.path("irq").asLong()).isZero();
    assertThat(t.path("total").path("exceptions")).as("one vCPU: the VM total is that vCPU's").isEqualTo(exc);
  }

  /** Each character the guest prints is one write of UARTDR: an MMIO exit to the pl011 vdev. */
  @Test
  void mmioExitsAreCountedPerVdev(@TempDir Path dir) throws Exception {
    JsonNode t = runJson(dir, example("hello.qvmconf").toString());
    JsonNode exits = t.path("vcpus").get(0).path("exits");
    long printed = t.path("console").asText().length();
    assertThat(printed).isGreaterThan(100);
    assertThat(exits.path("mmio").path("pl011-0").path("writes").asLong()).as("one UARTDR write per character").isEqualTo(printed);
    assertThat(exits.path("mmio").path("pl011-0").path("reads").asLong()).as("the guest polls UARTFR before each character").isGreaterThanOrEqualTo(printed);
    assertThat(exits.path("semihosting").asLong()).as("SYS_EXIT").isEqualTo(1);
    assertThat(exits.path("hvc").asLong()).isZero();
    long mmio = exits.path("mmio").path("pl011-0").path("reads").asLong() + exits.path("mmio").path("pl011-0").path("writes").asLong();
    assertThat(exits.path("total").asLong()).as("total = MMIO + semihosting").isEqualTo(mmio + 1);
    JsonNode mem = t.path("vcpus").get(0).path("memory");
    assertThat(mem.path("stage1Walks").asLong()).as("hello never turns on its MMU").isZero();
    assertThat(mem.path("codePageMisses").asLong()).as("at least the entry page").isPositive();
    assertThat(mem.path("codePageHits").asLong() + mem.path("codePageMisses").asLong())
        .as("a lookup per entry into a code page, so fewer than instructions")
        .isLessThan(t.path("vcpus").get(0).path("instructions").asLong());
    assertThat(mem.path("tlbFills").asLong()).isLessThanOrEqualTo(mem.path("tlbReadMisses").asLong() + mem.path("tlbWriteMisses").asLong());
  }

  /**
   * mmu-basic.c turns stage 1 on: TLB misses now walk the guest's tables, and every MMIO access
   * walks too (Device pages are never cached), so walks outnumber fills.
   */
  @Test
  void stageOneWalksAreCountedWithTheMmuOn(@TempDir Path dir) throws Exception {
    JsonNode mem = runJson(dir, board(dir, "mmu-basic").toString()).path("vcpus").get(0).path("memory");
    assertThat(mem.path("stage1Walks").asLong()).isGreaterThan(mem.path("tlbFills").asLong());
    assertThat(mem.path("tlbFlushes").asLong()).as("TLBIs and SCTLR/TCR/TTBR writes").isGreaterThan(2);
  }

  /**
   * gic-timer.c takes 100 virtual-timer interrupts, waiting in WFI for each; with --icount WFI
   * skips to the deadline, and each interrupt is an IRQ exception that returns by ERET.
   */
  @Test
  void interruptsAndWfiAreCounted(@TempDir Path dir) throws Exception {
    JsonNode t = runJson(dir, "--icount", example("tour/gic-timer.qvmconf").toString());
    JsonNode c = t.path("vcpus").get(0);
    assertThat(c.path("exceptions").path("irq").asLong()).isEqualTo(100);
    assertThat(c.path("exceptions").path("eret").asLong()).isEqualTo(100);
    assertThat(c.path("exits").path("wfi").asLong()).as("one WFI per tick").isEqualTo(100);
    assertThat(c.path("exits").path("mmio").has("gic distributor")).as("the guest programs GICD").isTrue();
    long acked = 0;
    for (JsonNode i : t.path("interrupts")) {
      acked += i.path("acknowledged").asLong();
    }
    assertThat(acked).as("every IRQ taken was acknowledged").isEqualTo(100);
  }

  /**
   * gdb-smp.c on two vCPUs: vCPU 0 calls CPU_ON once, vCPU 1 calls CPU_OFF once, which does not
   * return (ARM DEN 0022), so vCPU 1 executes nothing after it: its only exit is that HVC.
   */
  @Test
  void psciCallsAreCountedPerVcpuAndSummedForTheVm(@TempDir Path dir) throws Exception {
    JsonNode t = runJson(dir, example("gdb-smp.qvmconf").toString());
    JsonNode v0 = t.path("vcpus").get(0).path("exits");
    JsonNode v1 = t.path("vcpus").get(1).path("exits");
    assertThat(v0.path("psci").path("CPU_ON").asLong()).isEqualTo(1);
    assertThat(v0.path("hvc").asLong()).isEqualTo(1);
    assertThat(v1.path("psci").path("CPU_OFF").asLong()).isEqualTo(1);
    assertThat(v1.path("total").asLong()).as("vCPU 1: CPU_OFF only; %s", v1).isEqualTo(1);
    JsonNode total = t.path("total").path("exits");
    assertThat(total.path("hvc").asLong()).isEqualTo(2);
    assertThat(total.path("total").asLong()).isEqualTo(v0.path("total").asLong() + 1);
    assertThat(total.path("psci").size()).as("CPU_ON and CPU_OFF: %s", total.path("psci")).isEqualTo(2);
    assertThat(t.path("total").path("instructions").asLong())
        .isEqualTo(t.path("vcpus").get(0).path("instructions").asLong() + t.path("vcpus").get(1).path("instructions").asLong());
    var r = qvm("run", "--stats", example("gdb-smp.qvmconf").toString());
    assertThat(r.err()).containsPattern("exits \\(control left guest code for qvm\\): +vcpu0 +vcpu1 +VM")
        .containsPattern("psci CPU_ON +1 +0 +1")
        .containsPattern("psci CPU_OFF +0 +1 +1");
  }

  @Test
  void humanTableSaysWhatIsCounted() {
    var r = qvm("run", "--stats", example("hello.qvmconf").toString());
    assertThat(r.exitCode()).isZero();
    assertThat(r.err())
        .containsPattern("exits \\(control left guest code for qvm\\): +vcpu0")
        .containsPattern("mmio write pl011-0 +[0-9,]+")
        .containsPattern("total exits +[0-9,]+")
        .containsPattern("TLB read hits +[0-9,]+")
        .containsPattern("code-page lookups hit +[0-9,]+");
  }
}
