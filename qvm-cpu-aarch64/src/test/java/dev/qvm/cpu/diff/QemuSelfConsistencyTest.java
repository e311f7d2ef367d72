package dev.qvm.cpu.diff;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Proves the image format under QEMU alone: a generated image completes with SYS_EXIT 0, prints
 * one well-formed line per sequence in order, and prints the same text when run again (so any
 * difference against qvm is qvm's, not non-determinism in the image).
 */
class QemuSelfConsistencyTest {

  private static final int SEQUENCES = 400;

  @Test
  void generatedImageRunsDeterministicallyUnderQemu() throws Exception {
    QemuGuestRunner qemu = ExternalTools.qemuOrSkip();
    DifferentialHarness.Image image = DifferentialHarness.image(0xC0FFEEL, 0, SEQUENCES);
    Path elf = DifferentialHarness.writeTemp(image);
    try {
      RunResult first = qemu.run(elf, Duration.ofSeconds(60));
      RunResult second = qemu.run(elf, Duration.ofSeconds(60));
      assertThat(first.timedOut()).as("first run timed out").isFalse();
      assertThat(first.exitCode()).as("semihosting SYS_EXIT status").isZero();
      List<String> lines = DifferentialHarness.sequenceLines(first.console());
      assertThat(lines).hasSize(SEQUENCES);
      for (int i = 0; i < SEQUENCES; i++) {
        assertThat(lines.get(i))
            .as("line %d", i)
            .startsWith(String.format("seq %04x: x0=", i))
            .matches("seq [0-9a-f]{4}:( x\\d+=[0-9a-f]{16}){31} nzcv=[0-9a-f] mem=[0-9a-f]{16}"
                + "( exc=[0-9a-f]{2}( esr=[0-9a-f]{8} elr=\\+[0-9a-f]{4} far=[0-9a-f]{16})*)?");
      }
      assertThat(first.console()).endsWith("end\n");
      assertThat(lines.stream().filter(l -> l.contains(" exc=")).count())
          .as("random words and traps must produce some recorded exceptions").isPositive();
      assertThat(second.console()).as("second run").isEqualTo(first.console());
    } finally {
      Files.deleteIfExists(elf);
    }
  }
}
