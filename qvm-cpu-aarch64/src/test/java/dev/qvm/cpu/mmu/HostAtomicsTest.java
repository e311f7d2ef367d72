package dev.qvm.cpu.mmu;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Host compare-and-set on guest RAM: two threads incrementing one location through CAS loops
 * lose no increment (the bug this class fixed lost an atomic_dec and hung Linux), and a CAS on a
 * byte or halfword never disturbs the other bytes of its word, which another thread stores to
 * at the same time (qspinlock's byte-sized unlock inside the lock word).
 */
class HostAtomicsTest {

  private static final int PER_THREAD = 200_000;

  @ParameterizedTest(name = "{0}-byte counter")
  @ValueSource(ints = {1, 2, 4, 8})
  void concurrentIncrementsAreNotLost(int size) throws Exception {
    ByteBuffer ram = ByteBuffer.allocateDirect(4096).order(ByteOrder.LITTLE_ENDIAN);
    int at = 64 + (size < 4 ? 4 - size : 0); // bytes and halfwords at the top of their word
    long mask = size == 8 ? -1L : (1L << (8 * size)) - 1;
    Runnable incrementer = () -> {
      for (int i = 0; i < PER_THREAD; i++) {
        long old;
        do {
          old = HostAtomics.load(ram, at, size);
        } while (!HostAtomics.compareAndSet(ram, at, size, old, (old + 1) & mask));
      }
    };
    runTogether(incrementer, incrementer);
    assertThat(HostAtomics.load(ram, at, size)).isEqualTo((2L * PER_THREAD) & mask);
  }

  @Test
  void byteCasLeavesTheRestOfItsWordToPlainStoresOfOtherThreads() throws Exception {
    ByteBuffer ram = ByteBuffer.allocateDirect(4096).order(ByteOrder.LITTLE_ENDIAN);
    // Byte 0x100 is CAS-incremented; byte 0x101, in the same host word, takes plain stores.
    Runnable casser = () -> {
      for (int i = 0; i < PER_THREAD; i++) {
        long old;
        do {
          old = HostAtomics.load(ram, 0x100, 1);
        } while (!HostAtomics.compareAndSet(ram, 0x100, 1, old, (old + 1) & 0xff));
      }
    };
    Runnable storer = () -> {
      for (int i = 0; i < PER_THREAD; i++) {
        ram.put(0x101, (byte) i);
      }
    };
    runTogether(casser, storer);
    assertThat(ram.get(0x100) & 0xff).isEqualTo(PER_THREAD & 0xff);
    assertThat(ram.get(0x101) & 0xff).isEqualTo((PER_THREAD - 1) & 0xff);
  }

  @Test
  void compareAndSetFailsOnAMismatchAndWritesNothing() {
    ByteBuffer ram = ByteBuffer.allocateDirect(64).order(ByteOrder.LITTLE_ENDIAN);
    ram.putLong(8, 0x1122_3344_5566_7788L);
    assertThat(HostAtomics.compareAndSet(ram, 8, 8, 0x1122_3344_5566_7789L, 0)).isFalse();
    assertThat(HostAtomics.compareAndSet(ram, 9, 1, 0x78, 0)).isFalse();
    assertThat(ram.getLong(8)).isEqualTo(0x1122_3344_5566_7788L);
    assertThat(HostAtomics.compareAndSet(ram, 10, 2, 0x5566, 0xabcd)).isTrue();
    assertThat(ram.getLong(8)).isEqualTo(0x1122_3344_abcd_7788L);
  }

  @Test
  void pairsSwapBothHalvesOrNeither() {
    ByteBuffer ram = ByteBuffer.allocateDirect(64).order(ByteOrder.LITTLE_ENDIAN);
    ram.putLong(16, 1).putLong(24, 2);
    assertThat(HostAtomics.compareAndSetPair(ram, 16, 1, 3, 10, 20)).isFalse();
    assertThat(ram.getLong(16)).isEqualTo(1);
    assertThat(ram.getLong(24)).isEqualTo(2);
    assertThat(HostAtomics.compareAndSetPair(ram, 16, 1, 2, 10, 20)).isTrue();
    assertThat(ram.getLong(16)).isEqualTo(10);
    assertThat(ram.getLong(24)).isEqualTo(20);
  }

  @Test
  void heapBuffersFallBackToTheLockAndStillCount() throws Exception {
    ByteBuffer ram = ByteBuffer.allocate(64).order(ByteOrder.LITTLE_ENDIAN);
    Runnable incrementer = () -> {
      for (int i = 0; i < PER_THREAD / 4; i++) {
        long old;
        do {
          old = HostAtomics.load(ram, 8, 4);
        } while (!HostAtomics.compareAndSet(ram, 8, 4, old, old + 1));
      }
    };
    runTogether(incrementer, incrementer);
    assertThat(ram.getInt(8)).isEqualTo(PER_THREAD / 2);
  }

  private static void runTogether(Runnable... bodies) throws InterruptedException {
    List<Thread> threads = new ArrayList<>();
    for (Runnable body : bodies) {
      threads.add(Thread.ofPlatform().start(body));
    }
    for (Thread t : threads) {
      t.join();
    }
  }
}
