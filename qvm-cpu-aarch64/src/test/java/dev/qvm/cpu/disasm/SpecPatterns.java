package dev.qvm.cpu.disasm;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.random.RandomGenerator;

/**
 * The encodings of {@code a64-integer.spec} as fixed-bit mask/value pairs, for drawing random
 * instruction words: every named field and don't-care bit is filled at random.
 */
record SpecPatterns(List<SpecPatterns.Pattern> patterns) {

  /** One spec line: its name, its {@code @group}, and the bits the line fixes. */
  record Pattern(String name, String group, int mask, int value) {
    int random(RandomGenerator random) {
      return value | (random.nextInt() & ~mask);
    }
  }

  static Path specFile(Path repoRoot) {
    return repoRoot.resolve("qvm-cpu-aarch64/src/main/spec/a64-integer.spec");
  }

  static SpecPatterns load(Path spec) throws IOException {
    List<Pattern> result = new ArrayList<>();
    String group = "";
    for (String raw : Files.readAllLines(spec)) {
      String line = raw.strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      if (line.startsWith("@group")) {
        group = line.substring("@group".length()).strip();
        continue;
      }
      String[] tokens = line.split("\\s+");
      int mask = 0;
      int value = 0;
      int bit = 32;
      for (int i = 1; i < tokens.length; i++) {
        String token = tokens[i];
        int colon = token.indexOf(':');
        if (colon >= 0) {
          bit -= Integer.parseInt(token.substring(colon + 1));
          continue;
        }
        for (char c : token.toCharArray()) {
          bit--;
          if (c == '0' || c == '1') {
            mask |= 1 << bit;
            value |= (c - '0') << bit;
          }
        }
      }
      if (bit != 0) {
        throw new IllegalStateException("spec line does not have 32 bits: " + line);
      }
      result.add(new Pattern(tokens[0], group, mask, value));
    }
    return new SpecPatterns(List.copyOf(result));
  }

  List<String> groups() {
    return patterns.stream().map(Pattern::group).distinct().toList();
  }

  /**
   * {@code perGroup} words for every group, shared evenly between the group's lines so that a
   * group of few lines still has its rare fields well covered.
   */
  int[] randomWords(RandomGenerator random, int perGroup) {
    List<Integer> words = new ArrayList<>();
    for (String group : groups()) {
      List<Pattern> lines = patterns.stream().filter(p -> p.group().equals(group)).toList();
      for (int i = 0; i < perGroup; i++) {
        words.add(lines.get(i % lines.size()).random(random));
      }
    }
    return words.stream().mapToInt(Integer::intValue).toArray();
  }
}
