package dev.qvm.core.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.qvm.core.memory.MmioDevice;
import dev.qvm.core.memory.PhysicalMemory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.OptionalLong;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ElfLoaderTest {

  private static final long RAM = 0x4000_0000L;
  private PhysicalMemory memory;

  private static final MmioDevice NULL_DEVICE =
      new MmioDevice() {
        @Override
        public long read(long offset, int size) {
          return 0;
        }

        @Override
        public void write(long offset, int size, long value) {}
      };

  @BeforeEach
  void setUp() {
    memory =
        PhysicalMemory.builder()
            .addRom("flash", 0, 0x10000)
            .addMmio("pl011", 0x0900_0000L, 0x1000, NULL_DEVICE)
            .addRam("ram", RAM, 1 << 20)
            .build();
  }

  private static byte[] bytes(int n, int seed) {
    byte[] b = new byte[n];
    for (int i = 0; i < n; i++) {
      b[i] = (byte) (seed + i);
    }
    return b;
  }

  @Test
  void loadSegmentsAtTheirPhysicalAddressAndZeroesBss() throws Exception {
    memory.fill(RAM + 0x1000, 0x3000, (byte) 0xAA); // stale bytes where the bss will be
    byte[] text = bytes(0x123, 1);
    byte[] data = bytes(0x40, 9);
    byte[] elf =
        new TinyElf()
            .entry(RAM + 0x10)
            .load(RAM, RAM, text, text.length)
            .note(new byte[] {1, 2, 3, 4})
            .load(RAM + 0x1000, RAM + 0x1000, data, 0x3000)
            .build();
    LoadedImage img = ElfLoader.load(memory, elf);
    assertThat(img.format()).isEqualTo(LoadedImage.Format.ELF);
    assertThat(img.entryIpa()).isEqualTo(RAM + 0x10);
    assertThat(img.extents())
        .containsExactly(
            new LoadedImage.Extent(RAM, 0x123, 0x123),
            new LoadedImage.Extent(RAM + 0x1000, 0x40, 0x3000));
    assertThat(img.ipaEnd()).isEqualTo(RAM + 0x4000);
    assertThat(memory.readBytes(RAM, text.length)).isEqualTo(text);
    assertThat(memory.readBytes(RAM + 0x1000, data.length)).isEqualTo(data);
    byte[] bss = memory.readBytes(RAM + 0x1040, 0x3000 - 0x40);
    assertThat(bss).as("p_memsz beyond p_filesz is zeroed").containsOnly(0);
  }

  @Test
  void entryFollowsTheSegmentWhenVirtualAndPhysicalDiffer() throws Exception {
    long kernelVa = 0xFFFF_0000_0008_0000L;
    byte[] elf =
        new TinyElf().entry(kernelVa + 0x40).load(kernelVa, RAM + 0x8_0000, bytes(0x100, 3), 0x100)
            .build();
    LoadedImage img = ElfLoader.load(memory, elf);
    assertThat(img.entryIpa()).as("e_entry moved into physical space").isEqualTo(RAM + 0x8_0040);
    assertThat(memory.read8(RAM + 0x8_0000)).isEqualTo(3);
  }

  @Test
  void romMayBeLoaded() throws Exception {
    byte[] elf = new TinyElf().entry(0).load(0, 0, bytes(64, 5), 64).build();
    assertThat(ElfLoader.load(memory, elf).entryIpa()).isZero();
    assertThat(memory.read8(63)).isEqualTo((byte) (5 + 63) & 0xFF);
  }

  @Test
  void segmentOutsideRamOrRomIsRejected() {
    byte[] past = new TinyElf().load(RAM, RAM + 0xFF000, bytes(16, 0), 0x2000).build();
    assertThatThrownBy(() -> ElfLoader.load(memory, past))
        .isInstanceOf(ImageLoadException.class)
        .hasMessage(
            "ELF segment 0 [0x400ff000, 0x40101000) does not fit in guest RAM/ROM: 0x40100000 is"
                + " not mapped");
    byte[] device = new TinyElf().load(0x0900_0000L, 0x0900_0000L, bytes(16, 0), 16).build();
    assertThatThrownBy(() -> ElfLoader.load(memory, device))
        .isInstanceOf(ImageLoadException.class)
        .hasMessageContaining("0x9000000 is in mmio pl011");
    assertThat(memory.read8(RAM + 0xFF000)).as("nothing written before the check").isZero();
  }

  @Test
  void brokenElfsAreRejectedWithAReason() {
    byte[] good = new TinyElf().entry(RAM).load(RAM, RAM, bytes(32, 0), 32).build();
    assertThatThrownBy(() -> ElfLoader.load(memory, Arrays.copyOf(good, 40)))
        .hasMessage("truncated ELF: 40 bytes, an ELF64 header needs 64");
    assertThatThrownBy(() -> ElfLoader.load(memory, Arrays.copyOf(good, 100)))
        .hasMessage("truncated ELF: program headers end at byte 120, the file has 100");
    assertThatThrownBy(() -> ElfLoader.load(memory, Arrays.copyOf(good, good.length - 1)))
        .hasMessage("truncated ELF: segment 0 needs file bytes [120, 152), the file has 151");
    byte[] hugePhoff = good.clone();
    ByteBuffer.wrap(hugePhoff).order(ByteOrder.LITTLE_ENDIAN).putLong(32, Long.MAX_VALUE - 8);
    assertThatThrownBy(() -> ElfLoader.load(memory, hugePhoff))
        .isInstanceOf(ImageLoadException.class)
        .hasMessageStartingWith("truncated ELF: program headers end at byte");
    byte[] elf32 = good.clone();
    elf32[4] = 1;
    assertThatThrownBy(() -> ElfLoader.load(memory, elf32)).hasMessageContaining("not 64-bit");
    byte[] bigEndian = good.clone();
    bigEndian[5] = 2;
    assertThatThrownBy(() -> ElfLoader.load(memory, bigEndian))
        .hasMessageContaining("not little-endian");
    byte[] x86 = new TinyElf().machine(62).load(RAM, RAM, bytes(4, 0), 4).build();
    assertThatThrownBy(() -> ElfLoader.load(memory, x86))
        .hasMessage("ELF is for machine 62, not AArch64 (EM_AARCH64 = 183)");
    byte[] fileszOverMemsz = new TinyElf().load(RAM, RAM, bytes(32, 0), 16).build();
    assertThatThrownBy(() -> ElfLoader.load(memory, fileszOverMemsz))
        .hasMessageContaining("p_filesz 0x20 exceeds p_memsz 0x10");
    byte[] notesOnly = new TinyElf().note(bytes(8, 0)).build();
    assertThatThrownBy(() -> ElfLoader.load(memory, notesOnly))
        .hasMessageContaining("no PT_LOAD segment");
  }

  @Test
  void loadersChooseByContent(@TempDir Path dir) throws Exception {
    Path elfFile = dir.resolve("k.elf");
    Files.write(elfFile, new TinyElf().entry(RAM + 4).load(RAM, RAM, bytes(8, 0), 8).build());
    assertThat(Loaders.load(memory, elfFile, OptionalLong.of(0x1234)).format())
        .isEqualTo(LoadedImage.Format.ELF);
    LoadedImage raw = Loaders.load(memory, new byte[] {9, 8, 7}, OptionalLong.of(RAM + 0x100));
    assertThat(raw.format()).isEqualTo(LoadedImage.Format.RAW);
    assertThat(raw.entryIpa()).isEqualTo(RAM + 0x100);
    assertThat(memory.readBytes(RAM + 0x100, 3)).containsExactly(9, 8, 7);
    assertThatThrownBy(() -> Loaders.load(memory, new byte[] {1}, OptionalLong.empty()))
        .isInstanceOf(ImageLoadException.class)
        .hasMessageContaining("a raw image needs an address");
    assertThatThrownBy(() -> Loaders.load(memory, dir.resolve("missing.bin"), OptionalLong.of(RAM)))
        .isInstanceOf(ImageLoadException.class)
        .hasMessageStartingWith("cannot read " + dir.resolve("missing.bin"));
    assertThatThrownBy(() -> RawLoader.load(memory, RAM + (1 << 20) - 2, new byte[4]))
        .isInstanceOf(ImageLoadException.class)
        .hasMessageContaining("raw image [0x400ffffe, 0x40100002) does not fit");
  }

  @Test
  void headerFieldsAreReadLittleEndian() {
    byte[] elf = new TinyElf().entry(0x1122_3344_5566L).load(RAM, RAM, bytes(8, 0), 8).build();
    assertThat(ByteBuffer.wrap(elf).order(ByteOrder.LITTLE_ENDIAN).getLong(24))
        .isEqualTo(0x1122_3344_5566L);
    assertThat(ElfLoader.isElf(elf)).isTrue();
    assertThat(ElfLoader.isElf(new byte[] {0x7F, 'E', 'L'})).isFalse();
  }
}
