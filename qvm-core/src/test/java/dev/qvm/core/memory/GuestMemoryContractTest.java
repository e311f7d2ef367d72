package dev.qvm.core.memory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * What every kind of guest memory promises, through the path a vCPU uses (stage-2 lookup, then
 * buffer or device): RAM, ROM, pass-through windows and MMIO windows each run it with their own
 * permissions. Every region under test has unmapped IPA space right after it.
 */
abstract class GuestMemoryContractTest {

  protected PhysicalMemory memory;

  /** Builds a memory map holding the region under test. */
  protected abstract PhysicalMemory create();

  protected abstract long base();

  protected abstract long size();

  protected abstract boolean guestWritable();

  protected abstract boolean guestExecutable();

  /** True for regions in host memory, which the host accessors reach. */
  protected abstract boolean hostBacked();

  @BeforeEach
  void setUp() {
    memory = create();
  }

  private static long pattern(int size) {
    long v = 0x8877_6655_4433_2211L;
    return size == 8 ? v : v & ((1L << (8 * size)) - 1);
  }

  /** Puts a value there as the host would (a loader for ROM, a device for MMIO). */
  private void prime(long ipa, int size, long value) {
    if (guestWritable()) {
      GuestAccess.write(memory, ipa, size, value);
    } else {
      memory.write(ipa, size, value);
    }
  }

  @ParameterizedTest(name = "size {0}")
  @ValueSource(ints = {1, 2, 4, 8})
  void valueReadsBackAtRegionStart(int size) {
    prime(base(), size, pattern(size));
    assertThat(GuestAccess.read(memory, base(), size)).isEqualTo(pattern(size));
  }

  @ParameterizedTest(name = "size {0}")
  @ValueSource(ints = {1, 2, 4, 8})
  void valueReadsBackAtRegionEnd(int size) {
    long ipa = base() + size() - size;
    prime(ipa, size, pattern(size));
    assertThat(GuestAccess.read(memory, ipa, size)).isEqualTo(pattern(size));
  }

  @ParameterizedTest(name = "size {0}")
  @ValueSource(ints = {1, 2, 4, 8})
  void accessJustPastTheEndIsATranslationFault(int size) {
    long ipa = base() + size();
    assertThatThrownBy(() -> GuestAccess.read(memory, ipa, size))
        .isInstanceOfSatisfying(
            GuestAccess.Abort.class,
            a -> {
              assertThat(a.permission).as("unmapped IPA: Translation, not Permission").isFalse();
              assertThat(a.level).isEqualTo(memory.walk(ipa).steps().getLast().level());
            });
    assertThat(memory.lookup(ipa).kind()).isEqualTo(PageMapping.Kind.FAULT);
  }

  @ParameterizedTest(name = "size {0}")
  @ValueSource(ints = {2, 4, 8})
  void accessStraddlingTheEndFaults(int size) {
    long ipa = base() + size() - 1;
    assertThatThrownBy(() -> GuestAccess.read(memory, ipa, size))
        .isInstanceOf(GuestAccess.Abort.class);
  }

  @ParameterizedTest(name = "size {0}")
  @ValueSource(ints = {2, 4, 8})
  void unalignedAccessesReadBack(int size) {
    long ipa = base() + 3;
    prime(ipa, size, pattern(size));
    assertThat(GuestAccess.read(memory, ipa, size)).isEqualTo(pattern(size));
    // Little-endian: the lowest byte sits at the lowest address.
    assertThat(GuestAccess.read(memory, ipa, 1)).isEqualTo(0x11);
  }

  @Test
  void unalignedAccessAcrossAPageBoundaryInside() {
    if (size() < 8192) {
      return;
    }
    long ipa = base() + 4096 - 3;
    prime(ipa, 8, pattern(8));
    assertThat(GuestAccess.read(memory, ipa, 8)).isEqualTo(pattern(8));
  }

  @Test
  void writePermissionMatchesTheRegion() {
    long ipa = base() + 16;
    if (guestWritable()) {
      GuestAccess.write(memory, ipa, 4, 0xCAFEF00DL);
      assertThat(GuestAccess.read(memory, ipa, 4)).isEqualTo(0xCAFEF00DL);
    } else {
      memory.write(ipa, 4, 0x1234_5678L);
      assertThatThrownBy(() -> GuestAccess.write(memory, ipa, 4, 0xCAFEF00DL))
          .isInstanceOfSatisfying(
              GuestAccess.Abort.class,
              a -> assertThat(a.permission).as("S2AP read-only: Permission fault").isTrue());
      assertThat(GuestAccess.read(memory, ipa, 4))
          .as("a refused store leaves memory unchanged")
          .isEqualTo(0x1234_5678L);
    }
  }

  @Test
  void fetchPermissionMatchesTheRegion() {
    assertThat(memory.lookup(base()).permits(AccessType.FETCH)).isEqualTo(guestExecutable());
    assertThat(memory.lookup(base() + size() - 1).permits(AccessType.FETCH))
        .isEqualTo(guestExecutable());
  }

  @ParameterizedTest(name = "size {0}")
  @ValueSource(ints = {1, 2, 4, 8})
  void hostAccessorsSeeTheSameBytes(int size) {
    long ipa = base() + size() - size;
    if (!hostBacked()) {
      assertThatThrownBy(() -> memory.read(ipa, size))
          .isInstanceOf(MemoryAccessException.class)
          .hasMessageContaining("not guest RAM");
      return;
    }
    memory.write(ipa, size, pattern(size));
    assertThat(GuestAccess.read(memory, ipa, size)).isEqualTo(pattern(size));
    assertThat(memory.read(ipa, size)).isEqualTo(pattern(size));
  }

  @ParameterizedTest(name = "size {0}")
  @ValueSource(ints = {2, 4, 8})
  void hostAccessPastTheEndIsRefused(int size) {
    long ipa = base() + size() - size + 1;
    assertThatThrownBy(() -> memory.read(ipa, size)).isInstanceOf(MemoryAccessException.class);
    assertThatThrownBy(() -> memory.write(ipa, size, 0)).isInstanceOf(MemoryAccessException.class);
  }

  @Test
  void walkAndLookupAgree() {
    for (long ipa : new long[] {base(), base() + size() - 1, base() + size()}) {
      Walk walk = memory.walk(ipa);
      PageMapping m = memory.lookup(ipa);
      switch (walk.outcome()) {
        case Walk.Mapped mapped -> {
          assertThat(m.kind()).isEqualTo(PageMapping.Kind.RAM);
          assertThat(m.writable()).isEqualTo(mapped.writable());
          assertThat(mapped.pa()).as("PA = IPA").isEqualTo(ipa);
        }
        case Walk.Mmio mmio -> {
          assertThat(m.kind()).isEqualTo(PageMapping.Kind.MMIO);
          assertThat(m.device()).isSameAs(mmio.device());
        }
        case Walk.Fault fault -> {
          assertThat(m.kind()).isEqualTo(PageMapping.Kind.FAULT);
          assertThat(m.faultLevel()).isEqualTo(fault.level());
        }
      }
    }
  }
}
