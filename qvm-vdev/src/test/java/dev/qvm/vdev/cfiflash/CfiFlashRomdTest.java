package dev.qvm.vdev.cfiflash;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.qvm.core.config.ConfigException;
import dev.qvm.core.memory.PageMapping;
import dev.qvm.core.memory.PhysicalMemory;
import dev.qvm.core.memory.RomdWindow;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bank in the memory map: stage 2 maps its cells exactly while it is in read-array mode
 * (reads and fetches then cost no exit), every command mode makes the window trap, and each
 * switch tells the stage-2 listeners. Program and erase results show through the mapping once
 * the bank is back in read array.
 */
class CfiFlashRomdTest {
  private static final int BLOCK = 256 * 1024;
  private static final long BASE = 0x0400_0000L;

  @TempDir Path dir;

  private record Bank(CfiFlash flash, PhysicalMemory memory, RomdWindow window, AtomicInteger changes) {}

  private Bank bank(String... extra) throws Exception {
    FlashContext context = new FlashContext(dir);
    for (int i = 0; i < extra.length; i += 2) {
      context.option(extra[i], extra[i + 1]);
    }
    CfiFlash f = (CfiFlash) new CfiFlashProvider().create(context);
    PhysicalMemory m = PhysicalMemory.builder().addMmio("flash1", BASE, CfiFlashProvider.WINDOW, f).build();
    AtomicInteger changes = new AtomicInteger();
    m.addStage2Listener(
        (ipa, size) -> {
          assertThat(ipa).isEqualTo(BASE);
          assertThat(size).isEqualTo(CfiFlashProvider.WINDOW);
          changes.incrementAndGet();
        });
    return new Bank(f, m, m.romdWindows().getFirst(), changes);
  }

  private static long both(int command) {
    return (command & 0xffffL) | (command & 0xffffL) << 16;
  }

  private static int mapped(PhysicalMemory m, long ipa) {
    PageMapping p = m.lookup(ipa);
    assertThat(p.kind()).as("IPA 0x%x mapped", ipa).isEqualTo(PageMapping.Kind.RAM);
    return p.buffer().getInt(p.bufferOffset() + (int) (ipa & 0xfff));
  }

  @Test
  void readArrayIsMappedAndEveryOtherModeTraps() throws Exception {
    Files.write(dir.resolve("image.bin"), new byte[] {0x11, 0x22, 0x33, 0x44});
    Bank b = bank("file", "image.bin");
    assertThat(b.window().isRomd()).isTrue();
    assertThat(mapped(b.memory(), BASE)).isEqualTo(0x4433_2211);

    int[][] commandsAndModes = {{0x98, 0}, {0xff, 1}, {0x90, 0}, {0xf0, 1}, {0x70, 0}, {0x50, 1}};
    int switches = 0;
    for (int[] step : commandsAndModes) {
      b.flash().write(0x55 * 4, 4, both(step[0]));
      boolean romd = step[1] == 1;
      assertThat(b.window().isRomd()).as("after command 0x%x", step[0]).isEqualTo(romd);
      assertThat(b.memory().lookup(BASE + 0x1000).kind())
          .isEqualTo(romd ? PageMapping.Kind.RAM : PageMapping.Kind.MMIO);
      assertThat(b.changes().get()).as("one invalidation per switch").isEqualTo(++switches);
    }
    b.flash().write(0, 4, both(0xff));
    assertThat(b.changes().get()).as("read array in read array: no switch").isEqualTo(switches);
  }

  @Test
  void programAndEraseTrapUntilReadArrayThenShowThroughTheMapping() throws Exception {
    Files.write(dir.resolve("image.bin"), new byte[] {0, 0, 0, 0});
    Bank b = bank("file", "image.bin");
    b.flash().write(0x100, 4, both(0x40));
    assertThat(b.window().isRomd()).isFalse();
    b.flash().write(0x100, 4, 0x1234_5678L);
    assertThat(b.flash().mode()).isEqualTo(CfiFlash.Mode.READ_STATUS);
    assertThat(b.memory().lookup(BASE + 0x100).kind()).as("status mode traps").isEqualTo(PageMapping.Kind.MMIO);
    b.flash().write(0, 4, both(0xff));
    assertThat(mapped(b.memory(), BASE + 0x100)).isEqualTo(0x1234_5678);

    b.flash().write(0, 4, both(0x20));
    b.flash().write(0, 4, both(0xd0));
    b.flash().write(0, 4, both(0xff));
    assertThat(mapped(b.memory(), BASE)).as("erased").isEqualTo(-1);
    assertThat(mapped(b.memory(), BASE + 0x100)).isEqualTo(-1);
    assertThat(b.changes().get()).isEqualTo(4);
  }

  @Test
  void onlyBlocksThatHoldDataTakeHostMemory() throws Exception {
    byte[] image = new byte[BLOCK + 16];
    java.util.Arrays.fill(image, 0, BLOCK, (byte) 0xff);
    Files.write(dir.resolve("image.bin"), image);
    Bank b = bank("file", "image.bin");
    var array = b.flash().romdMemory();
    assertThat(array.hasOwnBuffer(0)).as("a block of 0xff shares the erased one").isFalse();
    assertThat(array.hasOwnBuffer(1)).isTrue();
    assertThat(array.hasOwnBuffer(2)).isFalse();
    assertThat(array.size()).as("the array covers the window").isEqualTo(CfiFlashProvider.WINDOW);
    b.flash().write(BLOCK, 4, both(0x20));
    b.flash().write(BLOCK, 4, both(0xd0));
    assertThat(array.hasOwnBuffer(1)).as("erase gives the memory back").isFalse();
  }

  @Test
  void theBankMustStartOnAPage() {
    FlashContext context = new FlashContext(dir).at(0x0400_0800L);
    assertThatThrownBy(() -> new CfiFlashProvider().create(context))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("flash.qvmconf:1:1")
        .hasMessageContaining("cfi-flash loc 0x4000800 must be a multiple of 4K");
  }
}
