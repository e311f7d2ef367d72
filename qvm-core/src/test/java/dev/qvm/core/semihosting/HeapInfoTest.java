package dev.qvm.core.semihosting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.qvm.core.semihosting.HeapInfo.Occupied;
import java.util.List;
import org.junit.jupiter.api.Test;

class HeapInfoTest {
  private static final long RAM = 0x4000_0000L;
  private static final long MIB = 1 << 20;

  @Test
  void heapAndStackShareTheRamAboveTheOnlyImage() {
    HeapInfo info =
        HeapInfo.largestFreeGap(RAM, 128 * MIB, List.of(new Occupied(RAM + 0x80000, 0x6060)));
    long imageEnd = RAM + 0x86060;
    assertThat(info.heapBase()).isEqualTo(imageEnd);
    assertThat(info.heapLimit()).isEqualTo(RAM + 128 * MIB);
    assertThat(info.stackBase()).as("stack grows down from the end").isEqualTo(info.heapLimit());
    assertThat(info.stackLimit()).isEqualTo(info.heapBase());
  }

  @Test
  void theLargestGapWinsEvenBelowAnImage() {
    // A DTB at the top leaves a small gap above it; the big gap is below the kernel.
    HeapInfo info =
        HeapInfo.largestFreeGap(
            RAM,
            64 * MIB,
            List.of(new Occupied(RAM, 0x1000), new Occupied(RAM + 60 * MIB, 2 * MIB)));
    assertThat(info.heapBase()).isEqualTo(RAM + 0x1000);
    assertThat(info.heapLimit()).isEqualTo(RAM + 60 * MIB);
  }

  @Test
  void boundsAreSixteenByteAligned() {
    HeapInfo info = HeapInfo.largestFreeGap(RAM, 0x1001, List.of(new Occupied(RAM, 3)));
    assertThat(info.heapBase()).isEqualTo(RAM + 16);
    assertThat(info.heapLimit()).isEqualTo(RAM + 0x1000);
  }

  @Test
  void imagesOutsideTheRegionAreIgnored() {
    HeapInfo info =
        HeapInfo.largestFreeGap(
            RAM, MIB, List.of(new Occupied(0, 0x1000), new Occupied(RAM + MIB, 5)));
    assertThat(info).isEqualTo(new HeapInfo(RAM, RAM + MIB, RAM + MIB, RAM));
  }

  @Test
  void ramFullOfImagesReportsNone() {
    assertThat(HeapInfo.largestFreeGap(RAM, 0x1000, List.of(new Occupied(RAM, 0x1000))))
        .isEqualTo(HeapInfo.NONE);
  }

  @Test
  void emptyRamIsRejected() {
    assertThatThrownBy(() -> HeapInfo.largestFreeGap(RAM, 0, List.of()))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
