package dev.qvm.core.config.fuzz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.qvm.core.config.ConfigException;
import dev.qvm.core.config.QvmConfigParser;
import dev.qvm.core.config.VmLayoutPlanner;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** Each crash {@link ConfigFuzzTest} found, reduced to its smallest input and pinned. */
class FuzzFindingsTest {

  private static final Path BOARD = Path.of("board.qvmconf");

  private static void plan(String text, List<String> words, Map<String, String> env)
      throws ConfigException {
    VmLayoutPlanner.plan(QvmConfigParser.parse(BOARD, text, words, env), FuzzCorpus.catalog());
  }

  /** Seed 1, case 3861: a NUL inside a load path reached Path.of and threw InvalidPathException. */
  @Test
  void nulInAPathIsALocatedError() {
    assertThatThrownBy(() -> plan("ram 0x40000000,1M\nload 0x40000000,k.\0bin\n", List.of(), Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessage("board.qvmconf:2:19: NUL character (byte 0) in the config; is this a binary file?");
  }

  /** Seed 1, case 1012: a carriage return in a command-line word split the one error line. */
  @Test
  void carriageReturnInACommandLineWordIsEscaped() {
    assertThatThrownBy(() -> plan("", List.of("set", "fdt-d\rump-file", "x"), Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("<command line>:1:5: unknown variable 'fdt-d\\rump-file'")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\r", "\n"));
  }

  /** Seed 1, case 2089: the name inside $env{} is quoted in the error, control characters and all. */
  @Test
  void controlCharactersInAnEnvNameAreEscaped() {
    assertThatThrownBy(() -> plan("ram $env{\rX\u0007}", List.of(), Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessage("board.qvmconf:1:5: environment variable \\rX\\u0007 is not set");
  }

  /**
   * Seeds 1-3: a path with a character the platform encoding cannot map (non-ASCII under the POSIX
   * locale) threw InvalidPathException from ConfigPaths.resolve. NUL is refused on every host, so it
   * stands in for the encoding-dependent case; command-line words do not pass through the lexer.
   */
  @Test
  void unusablePathOnTheCommandLineIsALocatedError() {
    assertThatThrownBy(() -> plan("", List.of("set", "fdt-dump-file", "b\0.dtb"), Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("<command line>:1:19: 'b\\u0000.dtb' is not a usable path here: ");
  }

  @Test
  void unusableLoadPathIsALocatedError() {
    assertThatThrownBy(() -> plan("ram 0x40000000,1M", List.of("load", "0x40000000,k\0.bin"), Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("<command line>:1:17: 'k\\u0000.bin' is not a usable path here: ");
  }

  @Test
  void unusablePassBackendPathIsALocatedError() {
    assertThatThrownBy(
            () -> plan("", List.of("pass", "loc", "0x1c000000,4k,rw", "backend", "file:x\0"), Map.of()))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("is not a usable path here");
  }
}
