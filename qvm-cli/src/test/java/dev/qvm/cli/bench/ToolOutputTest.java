package dev.qvm.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ToolOutputTest {

  @Test
  void sumsQvmStatsOverVcpus() {
    String stderr = "qvm: ran 35.195 s\n"
        + "qvm: vcpu0  939,599,568 instructions  26.7 MIPS\n"
        + "qvm: vcpu1  1,000 instructions  0.0 MIPS\n";
    assertThat(ToolOutput.qvmInstructionsRetired(stderr)).hasValue(939_600_568L);
  }

  @Test
  void noStatsLinesIsNoCount() {
    assertThat(ToolOutput.qvmInstructionsRetired("qvm: build failed\n")).isEmpty();
  }

  @Test
  void readsPeakRssFromTheFormatTheRunnerGivesTime() {
    assertThat(ToolOutput.TIME_FORMAT).contains("%M");
    assertThat(ToolOutput.peakRssKib("Command exited with non-zero status 1\nqvm-bench-rss-kib=183452\n")).hasValue(183_452L);
    assertThat(ToolOutput.peakRssKib("")).isEmpty();
  }

  @Test
  void icountTicksBecomeInstructionsAtOneNanosecondEach() {
    BenchLine l = new BenchLine("crc32", 1, "bytes", 0, 0, 34_410_712L, 62_500_000L, true);
    // 62.5 MHz: one tick is 16 ns, so 16 instructions under -icount shift=0.
    assertThat(ToolOutput.icountInstructions(l)).isEqualTo(34_410_712L * 16);
  }
}
