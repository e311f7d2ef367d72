package dev.qvm.cpu.diff;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The comparison path, exercised with QEMU on both sides: identical runners agree, and a runner
 * that corrupts one register of one sequence is reported with the seed, the sequence, the block
 * and the differing field.
 */
class DifferentialHarnessTest {

  private static final long SEED = 0xD1FFL;

  /** QEMU with x5 of sequence 3 in every image replaced. */
  private record CorruptingRunner(GuestRunner inner) implements GuestRunner {
    @Override
    public String name() {
      return "corrupt";
    }

    @Override
    public RunResult run(Path elf, Duration timeout) throws java.io.IOException,
        InterruptedException {
      RunResult r = inner.run(elf, timeout);
      String console = r.console().replaceFirst("(seq 0003:.*? x5=)[0-9a-f]{16}",
          "$1" + "0123456789abcdef");
      return new RunResult(console, r.exitCode(), r.timedOut());
    }
  }

  @Test
  void identicalRunnersAgree() throws Exception {
    QemuGuestRunner qemu = ExternalTools.qemuOrSkip();
    List<String> reports =
        DifferentialHarness.run(SEED, 600, 300, qemu, qemu, Duration.ofSeconds(60));
    assertThat(reports).isEmpty();
  }

  @Test
  void aCorruptedRegisterIsReportedWithSeedSequenceAndBlock() throws Exception {
    QemuGuestRunner qemu = ExternalTools.qemuOrSkip();
    List<String> reports = DifferentialHarness.run(SEED, 50, 50, qemu, new CorruptingRunner(qemu),
        Duration.ofSeconds(60));
    assertThat(reports).hasSize(1);
    String report = reports.get(0);
    DifferentialHarness.Image image = DifferentialHarness.image(SEED, 0, 50);
    assertThat(report)
        .contains("seed=0xd1ff", "seq 0003", "x5 qemu=", "corrupt=0123456789abcdef")
        .contains(image.cases().get(3).block().get(0).toString())
        .doesNotContain("seq 0002", "seq 0004");
  }

  @Test
  void aTruncatedRunIsReported() {
    DifferentialHarness.Image image = DifferentialHarness.image(SEED, 0, 3);
    String line = "seq %04x: x0=0000000000000000 nzcv=0 mem=0000000000000000";
    String full = String.format(line + "%n" + line + "%n" + line + "%nend%n", 0, 1, 2);
    String cut = String.format(line + "%n", 0);
    String report = DifferentialHarness.compare(image, "qemu", new RunResult(full, 0, false),
        "qvm", new RunResult(cut, -1, true));
    assertThat(report).contains("seq 0001", "<missing>", "qvm run incomplete", "timedOut=true");
    assertThat(DifferentialHarness.compare(image, "qemu", new RunResult(full, 0, false), "qvm",
        new RunResult(full, 0, false))).isNull();
  }
}
