package dev.qvm.cpu.decode;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Fails when the checked-in {@code A64Decoder.java} is not what the spec files generate. Run
 * with {@code -Dqvm.regenerate=true} to rewrite it.
 */
class GeneratedDecoderIsCurrentTest {

  static Path moduleDir() {
    Path root = Path.of(System.getProperty("qvm.repo.root", "..")).toAbsolutePath();
    return root.resolve("qvm-cpu-aarch64");
  }

  @Test
  void generatedDecoderMatchesSpec() throws Exception {
    Path module = moduleDir();
    String expected = DecoderGenerator.generateFrom(module.resolve("src/main/spec"));
    Path generated = module.resolve("src/main/java/dev/qvm/cpu/decode/A64Decoder.java");
    if (Boolean.getBoolean("qvm.regenerate")) {
      Files.writeString(generated, expected);
    }
    assertThat(Files.readString(generated))
        .as("A64Decoder.java is stale: regenerate with -Dqvm.regenerate=true (see a64-integer.spec)")
        .isEqualTo(expected);
  }
}
