package dev.qvm.core.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.lang.reflect.Method;
import org.junit.jupiter.api.Test;

/** The memory map: building it, host accessors, sub-page windows, and the cost of a lookup. */
class PhysicalMemoryTest {

  @Test
  void overlappingRegionsAreRejectedNamingBoth() {
    PhysicalMemory.Builder b = PhysicalMemory.builder().addRam("ram", 0x4000_0000L, 1 << 20);
    GuestAccess.RegisterFile uart = new GuestAccess.RegisterFile(0x2000);
    assertThatThrownBy(() -> b.addMmio("uart", 0x400F_F000L, 0x2000, uart))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("uart [0x400ff000, 0x40101000) overlaps ram [0x40000000, 0x40100000)");
  }

  @Test
  void regionsBeyondTheFortyBitIpaSpaceAreRejected() {
    assertThatThrownBy(() -> PhysicalMemory.builder().addRam("ram", (1L << 40) - 4096, 8192))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("outside the 40-bit IPA space");
  }

  @Test
  void hostAccessesSpanAdjacentRegionsButNotHoles() {
    PhysicalMemory m =
        PhysicalMemory.builder()
            .addRom("rom", 0x1000_0000L, 4096)
            .addRam("ram", 0x1000_1000L, 4096)
            .build();
    byte[] bytes = {1, 2, 3, 4, 5, 6};
    m.write(0x1000_0FFDL, bytes);
    assertThat(m.readBytes(0x1000_0FFDL, 6)).isEqualTo(bytes);
    assertThat(m.isHostMemory(0x1000_0000L, 8192)).isTrue();
    assertThat(m.isHostMemory(0x1000_0000L, 8193)).isFalse();
    assertThatThrownBy(() -> m.read32(0x2000_0000L))
        .isInstanceOf(MemoryAccessException.class)
        .hasMessage(
            "IPA 0x20000000 is not guest RAM, ROM or a pass window (nothing is mapped there)");
    assertThatThrownBy(() -> m.read64(0x1000_0FFCL))
        .as("a sized access stays in one region")
        .isInstanceOf(MemoryAccessException.class);
  }

  @Test
  void hostAndGuestAgreeInsideABlock() {
    PhysicalMemory m = SharedLayout.MEMORY;
    m.write32(0x4012_3454L, 0xDEAD_BEEF);
    assertThat(GuestAccess.read(m, 0x4012_3454L, 4)).isEqualTo(0xDEAD_BEEFL);
    m.write32(0x8012_3454L, 0x0BAD_F00D);
    assertThat(GuestAccess.read(m, 0x8012_3454L, 4)).isEqualTo(0x0BAD_F00DL);
  }

  @Test
  void regionsAreListedInIpaOrderForQvmCheck() {
    assertThat(SharedLayout.MEMORY.regions())
        .extracting(MemoryRegion::name)
        .containsExactly("flash", "gic", "pl011", "gpio", "ram");
    assertThat(SharedLayout.MEMORY.region("gpio").summary())
        .isEqualTo("pass gpio             0x0010000000-0x0010000fff       4K rw- device-nGnRE");
    assertThat(SharedLayout.MEMORY.ramRegions()).extracting(GuestRam::name).containsExactly("ram");
    assertThat(SharedLayout.MEMORY.mmioBus().windowAt(0x0900_0FFFL).name()).isEqualTo("pl011");
    assertThat(SharedLayout.MEMORY.mmioBus().windowAt(0x0900_1000L)).isNull();
  }

  @Test
  void smallWindowsSharingAPageEachGetTheirAccesses() {
    GuestAccess.RegisterFile gpio = new GuestAccess.RegisterFile(0x50);
    GuestAccess.RegisterFile timer = new GuestAccess.RegisterFile(0x100);
    PhysicalMemory m =
        PhysicalMemory.builder()
            .addMmio("gpio", 0xE605_5400L, 0x50, gpio)
            .addMmio("timer", 0xE605_5800L, 0x100, timer)
            .build();
    GuestAccess.write(m, 0xE605_5404L, 4, 0x1234_5678L);
    GuestAccess.write(m, 0xE605_5810L, 2, 0xABCD);
    assertThat(gpio.read(4, 4)).isEqualTo(0x1234_5678L);
    assertThat(timer.read(0x10, 2)).isEqualTo(0xABCD);
    assertThat(GuestAccess.read(m, 0xE605_5000L, 4))
        .as("a hole in a trapping page reads as all ones")
        .isEqualTo(0xFFFF_FFFFL);
    GuestAccess.write(m, 0xE605_5000L, 4, 0);
    assertThat(m.walk(0xE605_5810L).outcome())
        .isInstanceOfSatisfying(Walk.Mmio.class, o -> {
          assertThat(o.window().name()).isEqualTo("timer");
          assertThat(o.offset()).isEqualTo(0x10);
        });
    assertThat(m.walk(0xE605_5000L).describe()).contains("in no window");
  }

  @Test
  void windowWithARaggedEndTrapsWholePagesDirectly() {
    GuestAccess.RegisterFile dev = new GuestAccess.RegisterFile(0x1800);
    PhysicalMemory m = PhysicalMemory.builder().addMmio("dev", 0x0900_0000L, 0x1800, dev).build();
    assertThat(m.lookup(0x0900_0000L).device()).isSameAs(dev);
    GuestAccess.write(m, 0x0900_17F8L, 8, 42);
    assertThat(dev.read(0x17F8, 8)).isEqualTo(42);
    assertThat(GuestAccess.read(m, 0x0900_1800L, 1)).isEqualTo(0xFF);
  }

  @Test
  void lookupAllocatesNoMoreThanItsResult() throws ReflectiveOperationException {
    // Reflection, because module dev.qvm.core does not read java.management; tests run on the
    // class path, where the JDK's allocation counter is reachable.
    Object threads =
        Class.forName("java.lang.management.ManagementFactory")
            .getMethod("getThreadMXBean")
            .invoke(null);
    Method allocated =
        Class.forName("com.sun.management.ThreadMXBean")
            .getMethod("getThreadAllocatedBytes", long.class);
    PhysicalMemory m = SharedLayout.MEMORY;
    long[] ipas = {0x4000_0000L, 0x8000_0000L, 0x8020_0000L, 0x0900_0000L, 0x1_0000_0000L};
    for (int i = 0; i < 20_000; i++) {
      m.lookup(ipas[i % ipas.length]);
    }
    long tid = Thread.currentThread().threadId();
    long before = (long) allocated.invoke(threads, tid);
    int n = 10_000;
    for (int i = 0; i < n; i++) {
      m.lookup(ipas[i % ipas.length]);
    }
    long perLookup = ((long) allocated.invoke(threads, tid) - before) / n;
    assertThat(perLookup).as("bytes per lookup: at most one PageMapping").isLessThanOrEqualTo(64);
  }
}
