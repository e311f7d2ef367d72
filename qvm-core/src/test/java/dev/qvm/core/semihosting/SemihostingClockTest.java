package dev.qvm.core.semihosting;

import static dev.qvm.core.semihosting.FakeVcpu.BASE;
import static dev.qvm.core.semihosting.SemihostingOp.*;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.io.OutputStream;
import org.junit.jupiter.api.Test;

class SemihostingClockTest {
  private static final long BLOCK = BASE + 0x100;

  private final FakeVcpu vcpu = new FakeVcpu(0x1000);
  private final FakeClock clock = new FakeClock();
  private final Semihosting semihosting =
      new Semihosting(
          new RecordingVm(),
          InputStream.nullInputStream(),
          OutputStream.nullOutputStream(),
          OutputStream.nullOutputStream(),
          new HeapInfo(0x4100_0000L, 0x4800_0000L, 0x4800_0000L, 0x4100_0000L),
          "",
          clock);

  @Test
  void clockCountsCentisecondsSinceConstruction() {
    assertThat(vcpu.call(semihosting, SYS_CLOCK, 0)).isZero();
    clock.nanos += 1_239_000_000L;
    assertThat(vcpu.call(semihosting, SYS_CLOCK, 0)).isEqualTo(123);
  }

  @Test
  void elapsedWritesA64BitTickCountAndTickFreqGivesItsRate() {
    clock.nanos += 0x1_0000_0005L;
    assertThat(vcpu.call(semihosting, SYS_ELAPSED, BLOCK)).isZero();
    assertThat(vcpu.getLong(BLOCK)).isEqualTo(0x1_0000_0005L);
    assertThat(vcpu.call(semihosting, SYS_TICKFREQ, 0)).isEqualTo(1_000_000_000L);
  }

  @Test
  void timeIsSecondsSinceTheEpoch() {
    assertThat(vcpu.call(semihosting, SYS_TIME, 0)).isEqualTo(1_700_000_000L);
  }

  @Test
  void heapInfoFillsTheBlockWhoseAddressX1PointsTo() {
    long pointer = BLOCK;
    long result = BASE + 0x400;
    vcpu.putLong(pointer, result);
    assertThat(vcpu.call(semihosting, SYS_HEAPINFO, pointer)).isZero();
    assertThat(vcpu.getLong(result)).as("heap base").isEqualTo(0x4100_0000L);
    assertThat(vcpu.getLong(result + 8)).as("heap limit").isEqualTo(0x4800_0000L);
    assertThat(vcpu.getLong(result + 16)).as("stack base").isEqualTo(0x4800_0000L);
    assertThat(vcpu.getLong(result + 24)).as("stack limit").isEqualTo(0x4100_0000L);
    assertThat(vcpu.getLong(pointer)).as("the pointer word is left alone").isEqualTo(result);
  }

  @Test
  void syncCacheSucceeds() {
    assertThat(vcpu.call(semihosting, SYS_SYNCCACHE, BLOCK)).isZero();
  }
}
