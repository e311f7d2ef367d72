package dev.qvm.cpu.diff;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ThreadLocalRandom;
import org.junit.jupiter.api.Test;

/**
 * Random FP/SIMD blocks with special operands, under every FPCR rounding mode and FZ/DN/AHP
 * setting, run under QEMU and qvm must leave identical V0-V31, FPSR, X registers, NZCV, scratch
 * memory and exception records. {@code -Dqvm.diff.seed=S} replays one seed;
 * {@code -Dqvm.diff.count=N} (default 20000) sequences run, half from a fixed seed and half from
 * a fresh one.
 */
class FpSimdDifferentialTest {

  static final long FIXED_SEED = 0x5EED_F9F9_0000_0001L;

  /** Fewer per image than the integer test: each line carries the 32 V registers. */
  static final int PER_IMAGE = 250;

  /**
   * Above this share of UNDEFINED instructions the generator wastes the run: only the small
   * "any value" share of {@link FpTemplates} should hit unallocated encodings.
   */
  static final double MAX_UNDEFINED_SHARE = 0.15;

  @Test
  void randomFpSimdBlocksMatchQemu() throws Exception {
    QemuGuestRunner qemu = ExternalTools.qemuOrSkip();
    GuestRunner qvm = QvmRunnerLocator.qvmOrSkip();
    int count = Integer.getInteger("qvm.diff.count", 20_000);
    int perImage = Integer.getInteger("qvm.diff.perImage", PER_IMAGE);
    Duration timeout = Duration.ofSeconds(Integer.getInteger("qvm.diff.timeoutSeconds", 120));
    String given = System.getProperty("qvm.diff.seed");
    List<long[]> plan = new ArrayList<>();
    if (given != null && !given.isBlank()) {
      plan.add(new long[] {Long.decode(given.trim()), count});
    } else {
      plan.add(new long[] {FIXED_SEED, count / 2});
      plan.add(new long[] {ThreadLocalRandom.current().nextLong(), count - count / 2});
    }
    List<String> reports = new ArrayList<>();
    FpCoverage coverage = new FpCoverage();
    int mismatches = 0;
    for (long[] p : plan) {
      System.out.printf("FpSimdDifferentialTest: seed=0x%x count=%d (replay with"
          + " -Dqvm.diff.seed=0x%x -Dqvm.diff.count=%d)%n", p[0], p[1], p[0], p[1]);
      FpDifferentialRun.Result r =
          FpDifferentialRun.run(p[0], (int) p[1], perImage, qemu, qvm, timeout, coverage);
      reports.addAll(r.reports());
      mismatches += r.mismatches();
    }
    reports.forEach(System.out::println);
    System.out.println("FpSimdDifferentialTest: instructions QEMU executed, per template:");
    System.out.print(coverage.report());
    System.out.println("FpSimdDifferentialTest: mismatching sequences: " + mismatches);
    assertThat(mismatches).as("qvm must match QEMU on every FP/SIMD sequence").isZero();
    assertCoverage(coverage, "QEMU");
  }

  /**
   * The generator's coverage, measured on qvm alone so that it is checked even where QEMU is
   * absent: every template executes and few instructions are UNDEFINED. (The QEMU test above
   * checks the same on the reference, which decides what UNDEFINED is.)
   */
  @Test
  void generatorMostlyDrawsAllocatedEncodings() throws Exception {
    GuestRunner qvm = new QvmGuestRunner();
    FpCoverage coverage = new FpCoverage();
    for (int index = 0; index < 4; index++) {
      FpDifferentialRun.Image image = FpDifferentialRun.image(FIXED_SEED, index, PER_IMAGE);
      Path elf = Files.createTempFile("qvm-fpcov-", ".elf");
      try {
        Files.write(elf, image.elf());
        RunResult run = qvm.run(elf, Duration.ofSeconds(120));
        assertThat(run.exitCode()).as("qvm completes the image").isZero();
        coverage.add(image, run);
      } finally {
        Files.deleteIfExists(elf);
      }
    }
    System.out.println("FpSimdDifferentialTest: instructions qvm executed, per template:");
    System.out.print(coverage.report());
    assertThat(coverage.templates()).as("every data-processing template is drawn")
        .containsAll(FpTemplates.names());
    assertCoverage(coverage, "qvm");
  }

  private static void assertCoverage(FpCoverage coverage, String runner) {
    List<String> never = new ArrayList<>(coverage.neverExecuted());
    never.removeAll(FpTemplates.probes());
    assertThat(never)
        .as("templates of which %s executed no instruction (all UNDEFINED)", runner)
        .isEmpty();
    assertThat(coverage.undefinedShare())
        .as("share of generated instructions UNDEFINED on %s", runner)
        .isLessThan(MAX_UNDEFINED_SHARE);
  }
}
