package dev.qvm.cpu.diff;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * Generates images from a seed, runs each under a reference runner (QEMU) and the runner under
 * test (qvm), and compares the consoles line by line. An image is a pure function of (seed, image
 * index, sequences per image), so a report's seed reproduces it.
 */
public final class DifferentialHarness {

  /** Sequences per image: enough that QEMU starts rarely, small enough for ADR's 1 MiB reach. */
  public static final int DEFAULT_PER_IMAGE = 500;
  /** Mismatching sequences reported per image before the rest are only counted. */
  private static final int MAX_REPORTED = 5;

  /** One generated image. */
  public record Image(long seed, int index, List<TestCase> cases, byte[] elf) {}

  private DifferentialHarness() {}

  /** The per-image generator seed: a SplitMix-style mix so neighbouring images differ fully. */
  static long imageSeed(long seed, int imageIndex) {
    long z = seed + 0x9E37_79B9_7F4A_7C15L * (imageIndex + 1L);
    z = (z ^ (z >>> 30)) * 0xBF58_476D_1CE4_E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D0_49BB_1331_11EBL;
    return z ^ (z >>> 31);
  }

  /** Builds image {@code index} of {@code seed} with {@code count} sequences. */
  public static Image image(long seed, int index, int count) {
    return image(seed, index, count, false);
  }

  /** Like {@link #image(long, int, int)}, with FEAT_LSE instructions mixed in when {@code lse}. */
  public static Image image(long seed, int index, int count, boolean lse) {
    BlockGenerator generator = new BlockGenerator(imageSeed(seed, index), lse);
    byte[] fill = generator.scratchFill();
    List<TestCase> cases = new ArrayList<>(count);
    for (int i = 0; i < count; i++) {
      cases.add(generator.next(i));
    }
    return new Image(seed, index, cases, DiffImageBuilder.build(cases, fill));
  }

  /** Writes the image to a temporary file. */
  public static Path writeTemp(Image image) {
    try {
      Path file = Files.createTempFile("qvm-diff-" + Long.toHexString(image.seed()) + "-"
          + image.index() + "-", ".elf");
      Files.write(file, image.elf());
      return file;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The {@code seq NNNN:} lines of a console, in order. */
  public static List<String> sequenceLines(String console) {
    return console.lines().filter(l -> l.startsWith("seq ")).toList();
  }

  /**
   * Runs {@code total} sequences of {@code seed} under both runners (the reference in a second
   * thread) and returns the mismatch reports, empty when everything agreed.
   */
  public static List<String> run(long seed, int total, int perImage, GuestRunner reference,
      GuestRunner underTest, Duration timeout) throws IOException, InterruptedException {
    return run(seed, total, perImage, reference, underTest, timeout, false);
  }

  /** Like the other {@code run}, generating FEAT_LSE instructions too when {@code lse}. */
  public static List<String> run(long seed, int total, int perImage, GuestRunner reference,
      GuestRunner underTest, Duration timeout, boolean lse) throws IOException, InterruptedException {
    List<String> reports = new ArrayList<>();
    int images = (total + perImage - 1) / perImage;
    for (int index = 0; index < images; index++) {
      int count = Math.min(perImage, total - index * perImage);
      Image image = image(seed, index, count, lse);
      Path elf = writeTemp(image);
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
        String report = compare(image, reference.name(), expected, underTest.name(), actual);
        if (report != null) {
          reports.add(report);
        }
      } finally {
        Files.deleteIfExists(elf);
      }
    }
    return reports;
  }

  /** A report of every difference between the two runs of {@code image}, or null if none. */
  public static String compare(Image image, String refName, RunResult ref, String testName,
      RunResult test) {
    StringBuilder sb = new StringBuilder();
    String where = String.format("seed=0x%x image=%d (reproduce: -Dqvm.diff.seed=0x%x"
        + " -Dqvm.diff.count=%d)", image.seed(), image.index(), image.seed(),
        (image.index() + 1) * DEFAULT_PER_IMAGE);
    List<String> refLines = sequenceLines(ref.console());
    if (ref.timedOut() || ref.exitCode() != 0 || refLines.size() != image.cases().size()) {
      return "reference " + refName + " did not complete " + where + ": exit=" + ref.exitCode()
          + " timedOut=" + ref.timedOut() + " lines=" + refLines.size() + "\n"
          + tail(ref.console());
    }
    List<String> testLines = sequenceLines(test.console());
    int mismatches = 0;
    for (int i = 0; i < refLines.size(); i++) {
      String a = refLines.get(i);
      String b = i < testLines.size() ? testLines.get(i) : "<missing>";
      if (a.equals(b)) {
        continue;
      }
      mismatches++;
      if (mismatches <= MAX_REPORTED) {
        TestCase tc = image.cases().get(i);
        sb.append(String.format("MISMATCH %s seq %04x%n", where, tc.number()));
        sb.append(tc.describe());
        sb.append("  differs: ").append(fieldDiff(a, b, refName, testName)).append('\n');
        sb.append("  ").append(refName).append(": ").append(a).append('\n');
        sb.append("  ").append(testName).append(": ").append(b).append('\n');
      }
    }
    if (mismatches > MAX_REPORTED) {
      sb.append(String.format("... and %d more mismatching sequences in image %d%n",
          mismatches - MAX_REPORTED, image.index()));
    }
    if (testLines.size() != refLines.size() || test.timedOut() || test.exitCode() != 0) {
      sb.append(String.format("%s run incomplete %s: exit=%d timedOut=%b lines=%d of %d%n%s%n",
          testName, where, test.exitCode(), test.timedOut(), testLines.size(), refLines.size(),
          tail(test.console())));
    }
    return sb.isEmpty() ? null : sb.toString();
  }

  /** The {@code key=value} fields that differ between two sequence lines. */
  static String fieldDiff(String a, String b, String refName, String testName) {
    Map<String, String> fa = fields(a);
    Map<String, String> fb = fields(b);
    StringBuilder sb = new StringBuilder();
    for (Map.Entry<String, String> e : fa.entrySet()) {
      String other = fb.get(e.getKey());
      if (!e.getValue().equals(other)) {
        sb.append(String.format("%s %s=%s %s=%s; ", e.getKey(), refName, e.getValue(), testName,
            other));
      }
    }
    for (String key : fb.keySet()) {
      if (!fa.containsKey(key)) {
        sb.append(key).append(" only in ").append(testName).append("; ");
      }
    }
    return sb.isEmpty() ? "(layout)" : sb.toString();
  }

  private static Map<String, String> fields(String line) {
    Map<String, String> map = new LinkedHashMap<>();
    int n = 0;
    for (String token : line.split(" ")) {
      int eq = token.indexOf('=');
      if (eq > 0) {
        String key = token.substring(0, eq);
        // Exception entries repeat their keys; number them.
        map.put(map.containsKey(key) ? key + "#" + (++n) : key, token.substring(eq + 1));
      }
    }
    return map;
  }

  private static String tail(String console) {
    List<String> lines = console.lines().toList();
    return String.join("\n", lines.subList(Math.max(0, lines.size() - 5), lines.size()));
  }
}
