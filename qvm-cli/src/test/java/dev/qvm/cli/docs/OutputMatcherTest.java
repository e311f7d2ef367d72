package dev.qvm.cli.docs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The rules by which a page's console block is compared with what a command printed. */
class OutputMatcherTest {

  @Test
  void identicalOutputMatchesAndADifferentLineDoesNot() {
    assertThat(OutputMatcher.matches(List.of("GICv3 up", "SGI test passed"), List.of("GICv3 up", "SGI test passed"))).isTrue();
    assertThat(OutputMatcher.matches(List.of("GICv3 up", "SGI test passed"), List.of("GICv3 up", "SGI test failed"))).isFalse();
    assertThat(OutputMatcher.matches(List.of("a"), List.of("a", "b"))).as("an extra line is a difference").isFalse();
    assertThat(OutputMatcher.matches(List.of("a", "b"), List.of("a"))).as("a missing line is a difference").isFalse();
  }

  @Test
  void aLoneEllipsisSkipsAnyNumberOfLinesIncludingNone() {
    List<String> page = List.of("Hello", "...", "All checks passed.");
    assertThat(OutputMatcher.matches(page, List.of("Hello", "x", "y", "All checks passed."))).isTrue();
    assertThat(OutputMatcher.matches(page, List.of("Hello", "All checks passed."))).isTrue();
    assertThat(OutputMatcher.matches(page, List.of("Hello", "x", "Some checks failed."))).isFalse();
  }

  @Test
  void anEllipsisInsideALineSkipsText() {
    assertThat(OutputMatcher.matches(List.of("handled ... pass-through interrupts"), List.of("handled 417 pass-through interrupts"))).isTrue();
    assertThat(OutputMatcher.matches(List.of("handled ... pass-through interrupts"), List.of("handled 417 interrupts"))).isFalse();
  }

  @Test
  void timingFiguresAndSpacingAreNormalisedButCountsAreNot() {
    assertThat(OutputMatcher.normalise("qvm: vcpu0  1,872 instructions  0.0 MIPS")).isEqualTo("qvm: vcpu0 1,872 instructions N MIPS");
    assertThat(OutputMatcher.normalise("   1   10   69.7us  3268.6us")).isEqualTo("1 10 Nus Nus");
    assertThat(OutputMatcher.normalise("statistics for VM x: 0.332 s wall time")).isEqualTo("statistics for VM x: N s wall time");
    assertThat(OutputMatcher.normalise("10 SGIs to self delivered")).as("a count before a word is kept").isEqualTo("10 SGIs to self delivered");
    assertThat(OutputMatcher.matches(List.of("qvm: vcpu0  1,872 instructions  0.4 MIPS"), List.of("qvm: vcpu0 1,873 instructions 9.9 MIPS"))).isFalse();
  }

  @Test
  void parsesCommandsOutputsAndRequirements(@TempDir Path dir) throws Exception {
    Path page = dir.resolve("page.md");
    Files.writeString(page, String.join("\n", "text", "```console requires=a/b,c", "$ ./qvm run x.qvmconf", "out 1", "", "$ echo $?", "0", "```", "```sh", "$ not tested", "```", ""));
    List<DocBlock> blocks = DocBlock.parse(dir, page);
    assertThat(blocks).hasSize(1);
    DocBlock b = blocks.getFirst();
    assertThat(b.line()).isEqualTo(2);
    assertThat(b.requires()).containsExactly("a/b", "c");
    assertThat(b.commands()).extracting(DocBlock.Command::text).containsExactly("./qvm run x.qvmconf", "echo $?");
    assertThat(b.commands().getFirst().expected()).containsExactly("out 1", "");
    assertThat(b.commands().getFirst().line()).isEqualTo(3);
    assertThat(b.where(b.commands().get(1))).isEqualTo("page.md:6");
  }

  @Test
  void aConsoleBlockMustStartWithACommand(@TempDir Path dir) throws Exception {
    Path page = dir.resolve("bad.md");
    Files.writeString(page, "```console\noutput first\n$ ./qvm\n```\n");
    assertThatThrownBy(() -> DocBlock.parse(dir, page)).hasMessageContaining("bad.md:2");
  }

  @Test
  void shellWordsHonourQuotes() {
    assertThat(ShellWords.split("./qvm run b.qvmconf cmdline '\"console=ttyAMA0 x\"'")).containsExactly("./qvm", "run", "b.qvmconf", "cmdline", "\"console=ttyAMA0 x\"");
    assertThat(ShellWords.split("a \"b c\" d\\ e")).containsExactly("a", "b c", "d e");
    assertThat(ShellWords.pipeline("./qvm check b --json | jq -c '.a[] | {x}' | head -1")).containsExactly("./qvm check b --json", "jq -c '.a[] | {x}'", "head -1");
  }
}
