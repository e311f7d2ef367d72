package dev.qvm.cpu.diff;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * The FP/SIMD counterpart of {@link DifferentialHarness}: images of {@link FpTestCase}s from
 * {@link FpBlockGenerator}, run under both runners and compared line by line.
 */
public final class FpDifferentialRun {

  private static final int MAX_REPORTED = 5;

  private FpDifferentialRun() {}

  /** One image: its cases and ELF bytes. */
  public record Image(long seed, int index, List<FpTestCase> cases, byte[] elf) {}

  public static Image image(long seed, int index, int count) {
    FpBlockGenerator generator = new FpBlockGenerator(DifferentialHarness.imageSeed(seed, index));
    byte[] fill = generator.scratchFill();
    List<FpTestCase> cases = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      cases.add(generator.next(i));
    }
    return new Image(seed, index, cases, FpDiffImageBuilder.build(cases, fill));
  }

  /**
   * Runs the sequences under both runners; adds what the reference executed to {@code coverage}.
   */
  public static Result run(long seed, int total, int perImage, GuestRunner reference,
      GuestRunner underTest, Duration timeout, FpCoverage coverage) throws IOException, InterruptedException {
    List<String> reports = new ArrayList<>();
    int mismatches = 0;
    int images = (total + perImage - 1) / perImage;
    for (int index = 0; index < images; index++) {
      int count = Math.min(perImage, total - index * perImage);
      Image image = image(seed, index, count);
      Path elf = Files.createTempFile("qvm-fpdiff-" + Long.toHexString(seed) + "-" + index + "-", ".elf");
      Files.write(elf, image.elf());
      try {
        CompletableFuture<RunResult> ref = CompletableFuture.supplyAsync(() -> {
          try {
            return reference.run(elf, timeout);
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
          }
        });
        RunResult actual = underTest.run(elf, timeout);
        RunResult expected;
        try {
          expected = ref.join();
        } catch (CompletionException e) {
          throw new IOException(reference.name() + " failed on " + elf, e.getCause());
        }
        if (!expected.timedOut() && expected.exitCode() == 0) {
          coverage.add(image, expected);
        }
        mismatches += compare(image, perImage, reference.name(), expected, underTest.name(), actual, reports);
      } finally {
        Files.deleteIfExists(elf);
      }
    }
    return new Result(reports, mismatches);
  }

  /** The mismatch reports and the number of mismatching sequences. */
  public record Result(List<String> reports, int mismatches) {}

  private static int compare(Image image, int perImage, String refName, RunResult ref,
      String testName, RunResult test, List<String> reports) {
    String where = String.format("seed=0x%x image=%d (reproduce: -Dqvm.diff.seed=0x%x"
        + " -Dqvm.diff.count=%d)", image.seed(), image.index(), image.seed(),
        (image.index() + 1) * perImage);
    List<String> refLines = DifferentialHarness.sequenceLines(ref.console());
    if (ref.timedOut() || ref.exitCode() != 0 || refLines.size() != image.cases().size()) {
      reports.add("reference " + refName + " did not complete " + where + ": exit="
          + ref.exitCode() + " lines=" + refLines.size());
      return image.cases().size();
    }
    List<String> testLines = DifferentialHarness.sequenceLines(test.console());
    int mismatches = 0;
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < refLines.size(); i++) {
      String a = refLines.get(i);
      String b = i < testLines.size() ? testLines.get(i) : "<missing>";
      if (a.equals(b)) {
        continue;
      }
      mismatches++;
      if (mismatches <= MAX_REPORTED) {
        FpTestCase tc = image.cases().get(i);
        sb.append(String.format("MISMATCH %s seq %04x%n", where, tc.number()));
        sb.append(tc.describe());
        sb.append("  differs: ").append(DifferentialHarness.fieldDiff(a, b, refName, testName))
            .append('\n');
      }
    }
    if (testLines.size() != refLines.size() || test.exitCode() != 0) {
      sb.append(String.format("%s run incomplete %s: exit=%d lines=%d of %d%n", testName, where,
          test.exitCode(), testLines.size(), refLines.size()));
    }
    if (!sb.isEmpty()) {
      reports.add(sb.toString());
    }
    return mismatches;
  }
}
