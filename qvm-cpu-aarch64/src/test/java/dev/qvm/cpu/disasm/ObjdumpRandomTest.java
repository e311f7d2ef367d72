package dev.qvm.cpu.disasm;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/**
 * Random valid-looking encodings of every line of {@code a64-integer.spec} (fields filled at
 * random) disassemble exactly as objdump prints them: a committed corpus of {@value
 * DisasmReferences#PER_GROUP} words per group with objdump's committed listing, and, when
 * objdump is installed, a fresh sample with a new seed.
 */
class ObjdumpRandomTest {

  private static final int LIVE_PER_GROUP = 3_000;

  @Test
  void committedCorpusMatchesObjdump() throws Exception {
    Path root = DisasmReferences.repoRoot();
    if (DisasmReferences.regenerating() && ExternalObjdump.availableOrSkip("regeneration")) {
      DisasmReferences.regenerateCorpus(root);
    }
    int[] corpus = ExternalObjdump.readWords(
        Files.readAllBytes(DisasmReferences.testResources(root).resolve(DisasmReferences.CORPUS)));
    List<ObjdumpListing.Line> lines;
    try (BufferedReader reader = DisasmReferences.openCorpusListing(root)) {
      lines = ObjdumpListing.parse(reader);
    }
    int groups = SpecPatterns.load(SpecPatterns.specFile(root)).groups().size();
    assertThat(corpus).as("corpus words").hasSize(groups * DisasmReferences.PER_GROUP);
    assertThat(lines).as("objdump listing of the corpus").hasSize(corpus.length);
    for (int i = 0; i < corpus.length; i++) {
      if (lines.get(i).word() != corpus[i] || lines.get(i).address() != 4L * i) {
        throw new AssertionError("listing line " + i + " is not corpus word " + i
            + ": regenerate both with -Dqvm.regenerate=true");
      }
    }
    List<String> mismatches = ObjdumpListing.mismatches(lines);
    assertThat(mismatches).as("mismatches (word, ours, objdump)").isEmpty();
  }

  @Test
  void freshSampleMatchesLiveObjdump() throws Exception {
    if (!ExternalObjdump.availableOrSkip("the live random comparison")) {
      return;
    }
    long seed = System.nanoTime();
    System.out.println("ObjdumpRandomTest: live sample seed " + seed);
    SpecPatterns spec = SpecPatterns.load(SpecPatterns.specFile(DisasmReferences.repoRoot()));
    int[] words = spec.randomWords(new SplittableRandom(seed), LIVE_PER_GROUP);
    List<ObjdumpListing.Line> lines = ExternalObjdump.disassembleWords(words);
    assertThat(lines).hasSize(words.length);
    assertThat(ObjdumpListing.mismatches(lines))
        .as("mismatches (word, ours, objdump) for seed %d", seed)
        .isEmpty();
  }
}
