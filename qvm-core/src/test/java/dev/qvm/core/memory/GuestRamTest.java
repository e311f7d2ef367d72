package dev.qvm.core.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

/** RAM regions in chunks: pages never straddle a chunk, accesses may. */
class GuestRamTest {

  @Test
  void ramAboveOneGibSpansTwoChunksAndEachPageLiesInOne() {
    PhysicalMemory m = SharedLayout.MEMORY;
    GuestRam ram = (GuestRam) m.region("ram");
    assertThat(ram.chunkCount()).isEqualTo(2);
    assertThat(ram.chunk(0).capacity()).isEqualTo(1 << 30);
    PageMapping last = m.lookup(0x7FFF_F000L);
    PageMapping next = m.lookup(0x8000_0000L);
    assertThat(last.buffer()).isSameAs(ram.chunk(0));
    assertThat(last.bufferOffset()).isEqualTo((1 << 30) - 4096);
    assertThat(next.buffer()).as("the page after 1 GiB is in the second chunk")
        .isSameAs(ram.chunk(1L << 30));
    assertThat(next.bufferOffset()).isZero();
    // A doubleword across the chunk boundary, written by the host, read by the guest.
    m.write64(0x7FFF_FFFCL, 0x1122_3344_5566_7788L);
    assertThat(GuestAccess.read(m, 0x7FFF_FFFCL, 8)).isEqualTo(0x1122_3344_5566_7788L);
    assertThat(ram.chunk(1L << 30).get(0)).isEqualTo((byte) 0x44);
  }

  @Test
  void smallChunksBehaveLikeGiantOnes() {
    PhysicalMemory m =
        PhysicalMemory.builder().chunkShift(16).addRam("ram", 0x4000_0000L, 256 * 1024).build();
    GuestRam ram = (GuestRam) m.region("ram");
    assertThat(ram.chunkCount()).isEqualTo(4);
    byte[] bytes = new byte[200_000];
    for (int i = 0; i < bytes.length; i++) {
      bytes[i] = (byte) (i * 7);
    }
    m.write(0x4000_0010L, bytes);
    assertThat(m.readBytes(0x4000_0010L, bytes.length)).isEqualTo(bytes);
    long ipa = 0x4000_0000L + 0x20000 - 3;
    assertThat(GuestAccess.read(m, ipa, 8)).isEqualTo(m.read64(ipa));
    PageMapping p = m.lookup(0x4002_1000L);
    assertThat(p.buffer()).isSameAs(ram.chunk(0x21000));
    assertThat(p.bufferOffset()).isEqualTo(0x1000);
  }

  @Test
  void freshRamIsZeroedDirectAndLittleEndian() {
    GuestRam ram = GuestRam.allocate("ram", 0, 8192, false);
    assertThat(ram.chunk(0).isDirect()).isTrue();
    assertThat(ram.chunk(0).order()).isEqualTo(ByteOrder.LITTLE_ENDIAN);
    assertThat(ram.read(8184, 8)).isZero();
    ram.write(0, 4, 0x0403_0201);
    assertThat(ram.read(0, 1)).isEqualTo(1);
  }

  @Test
  void outOfMemoryBecomesAOneLineMessage() {
    int[] calls = {0};
    assertThatThrownBy(
            () ->
                GuestRam.allocate("ram0", 0x4000_0000L, 64L << 30, false, 30, length -> {
                  if (++calls[0] == 3) {
                    throw new OutOfMemoryError("Cannot reserve 1073741824 bytes of direct buffer");
                  }
                  return ByteBuffer.allocate(4096);
                }))
        .isInstanceOf(GuestMemoryAllocationException.class)
        .hasMessageStartingWith("cannot allocate 64G of guest RAM for ram0: Cannot reserve")
        .hasMessageContaining("-XX:MaxDirectMemorySize")
        .hasMessageNotContaining("\n");
  }

  @Test
  void unalignedRegionsAreRejected() {
    assertThatThrownBy(() -> PhysicalMemory.builder().addRam("ram", 0x4000_0800L, 4096))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("multiples of 4K");
    assertThatThrownBy(() -> PhysicalMemory.builder().addRom("rom", 0, 1000))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void sizesAreWrittenAsConfigsWriteThem() {
    assertThat(Sizes.format(64L << 30)).isEqualTo("64G");
    assertThat(Sizes.format(128L << 20)).isEqualTo("128M");
    assertThat(Sizes.format(1536L << 20)).isEqualTo("1536M");
    assertThat(Sizes.format(0x50)).isEqualTo("80");
  }
}
