package dev.qvm.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class BenchLineTest {

  private static final String LINE =
      "BENCH name=crc32 units=78643200 unit=bytes checksum=0x000000007358E8FA"
          + " expected=0x000000007358E8FA ticks=91307002 freq=62500000 status=ok";

  @Test
  void parsesEveryFieldOfTheGuestsResultLine() {
    BenchLine l = BenchLine.find("boot noise\r\n" + LINE + "\r\n").orElseThrow();
    assertThat(l.name()).isEqualTo("crc32");
    assertThat(l.units()).isEqualTo(78_643_200L);
    assertThat(l.unit()).isEqualTo("bytes");
    assertThat(l.checksum()).isEqualTo(0x7358E8FAL);
    assertThat(l.expected()).isEqualTo(0x7358E8FAL);
    assertThat(l.ticks()).isEqualTo(91_307_002L);
    assertThat(l.frequencyHz()).isEqualTo(62_500_000L);
    assertThat(l.ok()).isTrue();
    assertThat(l.seconds()).as("ticks / CNTFRQ").isCloseTo(1.46091203, org.assertj.core.data.Offset.offset(1e-8));
  }

  @Test
  void checksumsUseAllSixtyFourBits() {
    BenchLine l = BenchLine.find(LINE.replace("checksum=0x000000007358E8FA", "checksum=0xD4846D302F3AAB26")
        .replace("status=ok", "status=BAD")).orElseThrow();
    assertThat(l.checksum()).isEqualTo(0xD4846D302F3AAB26L);
    assertThat(l.ok()).isFalse();
  }

  @Test
  void aLineCutShortByACrashIsNoResult() {
    assertThat(BenchLine.find("BENCH name=crc32 units=78643200 unit=bytes checksum=0x0")).isEmpty();
    assertThat(BenchLine.find("UNEXPECTED EXCEPTION vector=4 ESR_EL1=0x0")).isEmpty();
    assertThat(BenchLine.find(LINE.replace("freq=62500000", "freq=0"))).as("a zero frequency gives no time").isEmpty();
    assertThat(BenchLine.find(LINE.replace("checksum=0x", "checksum="))).isEmpty();
  }

  @Test
  void theLineMustStartALine() {
    assertThat(BenchLine.find("echo " + LINE)).isEmpty();
  }

  @Test
  void theLastResultLineWins() {
    String first = LINE.replace("ticks=91307002", "ticks=1");
    assertThat(BenchLine.find(first + "\n" + LINE + "\n").orElseThrow().ticks()).isEqualTo(91_307_002L);
  }
}
