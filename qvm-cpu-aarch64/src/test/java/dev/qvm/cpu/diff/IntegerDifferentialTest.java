package dev.qvm.cpu.diff;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

/**
 * Random integer instruction blocks run under QEMU and under qvm must leave identical registers,
 * flags, scratch memory and exception records. {@code -Dqvm.diff.seed=S} (decimal or 0x-hex)
 * replays one seed; by default a fixed seed and a fresh per-run seed each run half of
 * {@code -Dqvm.diff.count=N} (default 20000) sequences.
 */
class IntegerDifferentialTest {

  /** The seed every run covers, so a regression there is always caught. */
  static final long FIXED_SEED = 0x5EED_0A64_0000_0001L;

  @Test
  void randomIntegerBlocksMatchQemu() throws Exception {
    QemuGuestRunner qemu = ExternalTools.qemuOrSkip();
    GuestRunner qvm = QvmRunnerLocator.qvmOrSkip();
    int count = Integer.getInteger("qvm.diff.count", 20_000);
    int perImage = Integer.getInteger("qvm.diff.perImage", DifferentialHarness.DEFAULT_PER_IMAGE);
    Duration timeout = Duration.ofSeconds(Integer.getInteger("qvm.diff.timeoutSeconds", 120));
    String given = System.getProperty("qvm.diff.seed");
    List<long[]> plan = new ArrayList<>(); // {seed, count}
    if (given != null && !given.isBlank()) {
      plan.add(new long[] {Long.decode(given.trim()), count});
    } else {
      long fresh = ThreadLocalRandom.current().nextLong();
      plan.add(new long[] {FIXED_SEED, count / 2});
      plan.add(new long[] {fresh, count - count / 2});
    }
    List<String> reports = new ArrayList<>();
    for (long[] p : plan) {
      System.out.printf("IntegerDifferentialTest: seed=0x%x count=%d (replay with"
          + " -Dqvm.diff.seed=0x%x -Dqvm.diff.count=%d)%n", p[0], p[1], p[0], p[1]);
      reports.addAll(DifferentialHarness.run(p[0], (int) p[1], perImage, qemu, qvm, timeout));
    }
    reports.forEach(System.out::println);
    assertThat(reports).as("qvm must match QEMU on every sequence").isEmpty();
  }
}
