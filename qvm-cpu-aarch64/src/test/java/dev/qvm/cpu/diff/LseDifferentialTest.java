package dev.qvm.cpu.diff;

import static org.assertj.core.api.Assertions.assertThat;

import dev.qvm.cpu.CpuModel;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

/**
 * The {@code cortex-a57-lse} model against a QEMU CPU that has FEAT_LSE, FEAT_LOR and
 * FEAT_LRCPC ({@code -cpu max}, override with {@code -Dqvm.diff.lse.qemu.cpu}): random integer
 * blocks with the ARMv8.1 atomics mixed in must leave identical state. Honours
 * {@code -Dqvm.diff.seed} and {@code -Dqvm.diff.count} (default 5,000 here).
 */
class LseDifferentialTest {
  static final long FIXED_SEED = 0x5EED_0A64_0000_15E1L;

  @Test
  void lseBlocksMatchQemu() throws Exception {
    ExternalTools.qemuOrSkip();
    QemuGuestRunner qemu = new QemuGuestRunner(
        QemuGuestRunner.findOnPath(QemuGuestRunner.EXECUTABLE).orElseThrow(),
        System.getProperty("qvm.diff.lse.qemu.cpu", "max"));
    GuestRunner qvm = new QvmGuestRunner(CpuModel.CORTEX_A57_LSE);
    int count = Integer.getInteger("qvm.diff.count", 5_000);
    String given = System.getProperty("qvm.diff.seed");
    List<long[]> plan = new ArrayList<>();
    if (given != null && !given.isBlank()) {
      plan.add(new long[] {Long.decode(given.trim()), count});
    } else {
      plan.add(new long[] {FIXED_SEED, count / 2});
      plan.add(new long[] {ThreadLocalRandom.current().nextLong(), count - count / 2});
    }
    List<String> reports = new ArrayList<>();
    for (long[] p : plan) {
      System.out.printf("LseDifferentialTest: seed=0x%x count=%d (replay with -Dqvm.diff.seed=0x%x -Dqvm.diff.count=%d)%n", p[0], p[1], p[0], p[1]);
      reports.addAll(DifferentialHarness.run(p[0], (int) p[1], DifferentialHarness.DEFAULT_PER_IMAGE, qemu, qvm, Duration.ofSeconds(120), true));
    }
    reports.forEach(System.out::println);
    assertThat(reports).as("qvm's cortex-a57-lse must match QEMU on every sequence").isEmpty();
  }

  /** The generator really exercises every LSE family (so a green run above means something). */
  @Test
  void generatorEmitsEveryLseFamily() {
    var image = DifferentialHarness.image(FIXED_SEED, 0, 500, true);
    java.util.Map<String, Integer> seen = new java.util.TreeMap<>();
    for (TestCase c : image.cases()) {
      for (Insn i : c.block()) {
        for (String family : List.of("LDADD", "LDCLR", "LDEOR", "LDSET", "LDSMAX", "LDUMIN", "SWP", "CAS ", "CASP", "LDAPR", "LDLAR", "STLLR")) {
          String name = i.text().split(" ")[0];
          if (name.startsWith(family.strip()) && (!family.equals("CAS ") || !name.startsWith("CASP"))) {
            seen.merge(family.strip(), 1, Integer::sum);
          }
        }
      }
    }
    assertThat(seen).as("LSE instructions in 500 sequences: %s", seen).hasSize(12);
    assertThat(seen.values().stream().mapToInt(Integer::intValue).sum()).isGreaterThan(200);
  }
}
