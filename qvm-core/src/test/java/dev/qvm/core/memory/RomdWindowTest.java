package dev.qvm.core.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A ROM device's window in stage 2: mapped read/execute to its array in ROMD mode (a write is
 * then the device's, not a fault), a trap in every other mode, switched at run time by rewriting
 * the window's descriptors and telling the listeners, which make vCPUs drop what they cached.
 */
class RomdWindowTest {

  private static final int BLOCK = 256 * 1024;

  /** A ROM device that records the writes it gets. */
  private static final class Device implements RomDevice {
    final RomDeviceMemory array;
    final List<String> writes = new ArrayList<>();
    RomdWindow window;

    Device(long ipa, long size) {
      array = RomDeviceMemory.allocate("flash", ipa, size, BLOCK, (byte) 0xff);
    }

    @Override
    public long read(long offset, int size) {
      return 0x5a;
    }

    @Override
    public void write(long offset, int size, long value) {
      writes.add(String.format("0x%x/%d=0x%x", offset, size, value));
    }

    @Override
    public RomDeviceMemory romdMemory() {
      return array;
    }

    @Override
    public void attachRomdWindow(RomdWindow window) {
      this.window = window;
    }
  }

  private record Change(long ipa, long size) {}

  private static long descriptorAt(PhysicalMemory m, long ipa) {
    List<Walk.Step> steps = m.walk(ipa).steps();
    return steps.getLast().descriptor();
  }

  @Test
  void romdModeMapsTheArrayReadOnlyAndExecutableAndHandsWritesToTheDevice() {
    Device d = new Device(0x0400_0000L, 4L << 20);
    PhysicalMemory m =
        PhysicalMemory.builder()
            .addMmio("flash", 0x0400_0000L, 4L << 20, d)
            .addRam("ram", 0x4000_0000L, 1 << 20)
            .build();
    assertThat(d.window).as("the builder hands the device its switch").isNotNull();
    assertThat(d.window.isRomd()).as("flash powers up in read-array mode").isTrue();

    d.array.writableBlock(BLOCK).putInt(0x123, 0x1122_3344);
    PageMapping p = m.lookup(0x0400_0000L + BLOCK + 0x123);
    assertThat(p.kind()).isEqualTo(PageMapping.Kind.RAM);
    assertThat(p.readable()).isTrue();
    assertThat(p.executable()).as("firmware executes in place").isTrue();
    assertThat(p.writable()).as("S2AP read-only: a write is a permission fault").isFalse();
    assertThat(p.device()).as("...which the device takes").isSameAs(d);
    assertThat(p.deviceOffset()).isEqualTo(BLOCK);
    assertThat(p.buffer().getInt(p.bufferOffset() + 0x123)).isEqualTo(0x1122_3344);
    PageMapping erased = m.lookup(0x0400_0000L + 3 * BLOCK);
    assertThat(erased.buffer().getLong(erased.bufferOffset())).as("an erased block").isEqualTo(-1L);

    long descriptor = descriptorAt(m, 0x0400_0000L);
    assertThat(Stage2Descriptor.s2ap(descriptor)).isEqualTo(Stage2Descriptor.S2AP_READ_ONLY);
    assertThat(Stage2Descriptor.xn(descriptor)).isZero();
    assertThat(m.walk(0x0400_0000L).outcome()).isInstanceOf(Walk.Mapped.class);
    assertThat(m.walk(0x0400_0000L, AccessType.WRITE).outcome())
        .as("the walk reports the permission fault behind the device write")
        .isInstanceOf(Walk.Fault.class);
  }

  @Test
  void leavingRomdModeMakesTheWholeWindowTrapAndTellsTheListenersOnce() {
    Device d = new Device(0x0400_0000L, 4L << 20);
    PhysicalMemory m = PhysicalMemory.builder().addMmio("flash", 0x0400_0000L, 4L << 20, d).build();
    List<Change> changes = new ArrayList<>();
    m.addStage2Listener((ipa, size) -> changes.add(new Change(ipa, size)));

    d.window.setRomd(false);
    assertThat(d.window.isRomd()).isFalse();
    for (long at : new long[] {0x0400_0000L, 0x0420_0000L, 0x0400_0000L + (4L << 20) - 4096}) {
      PageMapping p = m.lookup(at);
      assertThat(p.kind()).as("IPA 0x%x traps, reads included", at).isEqualTo(PageMapping.Kind.MMIO);
      assertThat(p.device()).isSameAs(d);
      assertThat(p.deviceOffset()).isEqualTo(at - 0x0400_0000L);
      assertThat(p.executable()).as("no fetch from registers").isFalse();
      assertThat(Stage2Descriptor.isTrap(descriptorAt(m, at))).isTrue();
    }
    assertThat(m.walk(0x0400_1000L).outcome()).isInstanceOf(Walk.Mmio.class);
    assertThat(changes).containsExactly(new Change(0x0400_0000L, 4L << 20));

    d.window.setRomd(false);
    assertThat(changes).as("no switch, no invalidation").hasSize(1);

    d.window.setRomd(true);
    assertThat(m.lookup(0x0420_0000L).kind()).isEqualTo(PageMapping.Kind.RAM);
    assertThat(changes).hasSize(2);
    assertThat(d.window.switches()).isEqualTo(2);
  }

  @Test
  void blocksGetTheirOwnBufferWhenWrittenAndGiveItUpWhenErased() {
    Device d = new Device(0, 1L << 20);
    PhysicalMemory m = PhysicalMemory.builder().addMmio("flash", 0, 1L << 20, d).build();
    PageMapping before = m.lookup(BLOCK);
    assertThat(m.lookup(0).buffer()).as("erased blocks share one buffer").isSameAs(before.buffer());

    d.window.setRomd(false);
    d.array.writableBlock(BLOCK + 8).put(d.array.chunkOffset(BLOCK + 8), (byte) 0x42);
    d.window.setRomd(true);
    PageMapping after = m.lookup(BLOCK);
    assertThat(after.buffer()).as("a written block has its own").isNotSameAs(before.buffer());
    assertThat(after.buffer().get(after.bufferOffset() + 8)).isEqualTo((byte) 0x42);
    assertThat(after.buffer().get(after.bufferOffset() + 9)).as("copied from erased").isEqualTo((byte) 0xff);
    assertThat(m.lookup(0).buffer().get(8)).as("the shared erased block is untouched").isEqualTo((byte) 0xff);
    assertThat(d.array.hasOwnBuffer(1)).isTrue();

    d.array.eraseBlock(BLOCK + 100);
    assertThat(d.array.hasOwnBuffer(1)).isFalse();
    assertThat(m.lookup(BLOCK).buffer()).isSameAs(before.buffer());
  }

  @Test
  void pageSizedWindowsSwitchPageByPage() {
    // Not 2 MiB aligned: stage 2 maps it with level-3 pages, and remaps them all.
    Device d = new Device(0x0804_0000L, BLOCK);
    PhysicalMemory m = PhysicalMemory.builder().addMmio("flash", 0x0804_0000L, BLOCK, d).build();
    assertThat(m.walk(0x0804_0000L).steps().getLast().level()).isEqualTo(3);
    d.window.setRomd(false);
    for (long at = 0x0804_0000L; at < 0x0804_0000L + BLOCK; at += 4096) {
      assertThat(m.lookup(at).kind()).isEqualTo(PageMapping.Kind.MMIO);
    }
    assertThat(m.lookup(0x0804_0000L + BLOCK).kind()).as("past the window").isEqualTo(PageMapping.Kind.FAULT);
    d.window.setRomd(true);
    assertThat(m.lookup(0x0804_0000L + BLOCK - 4096).kind()).isEqualTo(PageMapping.Kind.RAM);
  }

  @Test
  void hostAccessorsDoNotReachTheArrayAndCheckShowsTheWindowAsRomd() {
    Device d = new Device(0, 1L << 20);
    PhysicalMemory m = PhysicalMemory.builder().addMmio("flash", 0, 1L << 20, d).build();
    assertThatThrownBy(() -> m.read32(0))
        .as("a loader may not write around the device's program/erase model")
        .isInstanceOf(MemoryAccessException.class)
        .hasMessageContaining("it is vdev flash");
    assertThat(m.regions().getFirst().access()).isEqualTo("trap, romd r-x");
  }

  @Test
  void aWindowMustBePageAlignedAndMatchItsArray() {
    Device d = new Device(0x0400_0000L, 1L << 20);
    assertThatThrownBy(() -> PhysicalMemory.builder().addMmio("flash", 0x0410_0000L, 1L << 20, d))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("is not its window");
    assertThatThrownBy(() -> PhysicalMemory.builder().addMmio("flash", 0x0400_0800L, 1L << 20, d))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("must be 4K aligned");
    assertThatThrownBy(() -> RomDeviceMemory.allocate("flash", 0, 1L << 20, 3 * 4096, (byte) 0xff))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
