package dev.qvm.core.config.fuzz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.qvm.core.config.ConfigException;
import dev.qvm.core.config.QvmConfig;
import dev.qvm.core.config.QvmConfigParser;
import dev.qvm.core.config.VdevCatalog;
import dev.qvm.core.config.VmLayoutPlanner;
import dev.qvm.core.config.Word;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 10, "Configs": mutated example and synthetic boards are parsed and planned, and every
 * outcome must be a success or a {@link ConfigException} whose message is one line that starts
 * with {@code FILE:LINE:COL: } — never another exception, never a hang.
 *
 * <p>{@code -Dqvm.fuzz.seed=S} (default: random, printed), {@code -Dqvm.fuzz.count=N} (default
 * 100,000), {@code -Dqvm.fuzz.case=I} (run case I of seed S alone, to reproduce a report).
 */
class ConfigFuzzTest {

  private static final long GOLDEN = 0x9E3779B97F4A7C15L;

  @TempDir Path dir;

  /** What one case produced: null for a clean outcome, else what was wrong. */
  private record Finding(String signature, String detail) {}

  @Test
  void mutatedConfigsGiveSuccessOrALocatedOneLineError() throws Exception {
    long seed = Long.getLong("qvm.fuzz.seed", new SplittableRandom().nextLong());
    int count = Integer.getInteger("qvm.fuzz.count", 100_000);
    Integer only = Integer.getInteger("qvm.fuzz.case");
    System.out.printf(
        "ConfigFuzzTest: -Dqvm.fuzz.seed=%d -Dqvm.fuzz.count=%d%n", seed, count);
    Path repo = Path.of(System.getProperty("qvm.repo.root", "..")).toAbsolutePath().normalize();
    List<FuzzCorpus.Seed> seeds = FuzzCorpus.seeds(repo, dir);
    VdevCatalog catalog = FuzzCorpus.catalog();

    Map<String, Finding> findings = new LinkedHashMap<>();
    int[] outcomes = new int[2]; // successes, located errors
    int first = only == null ? 0 : only;
    int last = only == null ? count : only + 1;
    assertTimeoutPreemptively(
        Duration.ofSeconds(Math.max(120, count / 200)),
        () -> {
          for (int i = first; i < last; i++) {
            Finding f = runCase(seed, i, seeds, catalog, outcomes);
            if (f != null) {
              findings.putIfAbsent(f.signature(), f);
            }
          }
        },
        "a case hung: rerun with the printed seed and a smaller -Dqvm.fuzz.count to find it");

    System.out.printf(
        "ConfigFuzzTest: %d cases, %d parsed and planned, %d located errors, %d kinds of crash%n",
        last - first, outcomes[0], outcomes[1], findings.size());
    assertThat(findings.values())
        .as("crashes (seed %d); each is one kind, with its first case", seed)
        .isEmpty();
    if (only == null && count >= 1000) {
      assertThat(outcomes[0]).as("some mutants must still be valid, or the fuzzer tests nothing").isPositive();
      assertThat(outcomes[1]).as("most mutants are errors").isGreaterThan(outcomes[0] / 10);
    }
  }

  private static Finding runCase(
      long seed, int index, List<FuzzCorpus.Seed> seeds, VdevCatalog catalog, int[] outcomes) {
    SplittableRandom random = new SplittableRandom(seed ^ (index * GOLDEN));
    FuzzCorpus.Seed base = seeds.get(random.nextInt(seeds.size()));
    ConfigMutator mutator = new ConfigMutator(random);
    String text = mutator.mutate(base.text());
    List<String> extra = List.of();
    if (random.nextInt(5) == 0) {
      String words = mutator.mutate(String.join(" ", FuzzCorpus.EXTRA_WORDS));
      extra = Arrays.stream(words.split(" ")).filter(w -> !w.isEmpty()).toList();
    }
    try {
      QvmConfig config = QvmConfigParser.parse(base.file(), text, extra, FuzzCorpus.ENV);
      VmLayoutPlanner.plan(config, catalog);
      outcomes[0]++;
      return null;
    } catch (ConfigException e) {
      outcomes[1]++;
      String message = e.getMessage();
      if (!located(message, base.file())) {
        return new Finding(
            "unlocated: " + signature(e.bareMessage()),
            describe(index, base, text, extra, "message without FILE:LINE:COL: " + quote(message)));
      }
      if (message.indexOf('\n') >= 0 || message.indexOf('\r') >= 0) {
        return new Finding(
            "multi-line: " + signature(e.bareMessage()),
            describe(index, base, text, extra, "message of several lines: " + quote(message)));
      }
      return null;
    } catch (RuntimeException | StackOverflowError e) {
      StackTraceElement top =
          Arrays.stream(e.getStackTrace())
              .filter(s -> s.getClassName().startsWith("dev.qvm"))
              .findFirst()
              .orElse(e.getStackTrace().length > 0 ? e.getStackTrace()[0] : null);
      return new Finding(
          e.getClass().getName() + " at " + top,
          describe(index, base, text, extra, e + " at " + top));
    }
  }

  /** The words of a message up to its first quote or digit: one kind of message, whatever the input. */
  private static String signature(String message) {
    String words = message.split("['\"0-9\n]", 2)[0];
    return words.length() > 40 ? words.substring(0, 40) : words;
  }

  /** {@code FILE:LINE:COL: } where FILE is the config or the command line. */
  private static boolean located(String message, Path file) {
    for (Path p : List.of(file, Word.COMMAND_LINE)) {
      String prefix = p.toString();
      if (message.startsWith(prefix)
          && Pattern.compile(":[0-9]+:[0-9]+: ").matcher(message).region(prefix.length(), message.length()).lookingAt()) {
        return true;
      }
    }
    return false;
  }

  private static String describe(int index, FuzzCorpus.Seed base, String text, List<String> extra, String what) {
    List<String> lines = new ArrayList<>();
    lines.add("case " + index + " (-Dqvm.fuzz.case=" + index + ") from " + base.file().getFileName() + ": " + what);
    lines.add("  text: " + quote(text));
    if (!extra.isEmpty()) {
      lines.add("  command-line words: " + extra);
    }
    return String.join("\n", lines);
  }

  private static String quote(String s) {
    StringBuilder sb = new StringBuilder("\"");
    for (char c : s.toCharArray()) {
      switch (c) {
        case '\n' -> sb.append("\\n");
        case '\r' -> sb.append("\\r");
        case '\t' -> sb.append("\\t");
        case '"' -> sb.append("\\\"");
        case '\\' -> sb.append("\\\\");
        default -> {
          if (c < 0x20 || c > 0x7e) {
            sb.append(String.format("\\u%04x", (int) c));
          } else {
            sb.append(c);
          }
        }
      }
    }
    return sb.append('"').toString();
  }
}
