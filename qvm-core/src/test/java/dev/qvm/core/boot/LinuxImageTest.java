package dev.qvm.core.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.qvm.core.memory.PhysicalMemory;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

/** Linux arm64 Image: header detection and placement per the arm64 boot protocol. */
class LinuxImageTest {

  /** An Image of {@code fileBytes} with the given header fields. */
  private static byte[] image(int fileBytes, long textOffset, long imageSize, long flags) {
    ByteBuffer b = ByteBuffer.allocate(fileBytes).order(ByteOrder.LITTLE_ENDIAN);
    b.putInt(0, 0x1400_0010); // code0: b #0x40, past the header
    b.putLong(0x08, textOffset);
    b.putLong(0x10, imageSize);
    b.putLong(0x18, flags);
    b.put(0x38, new byte[] {'A', 'R', 'M', 0x64});
    for (int i = 0x40; i < fileBytes; i++) {
      b.put(i, (byte) 0x5A);
    }
    return b.array();
  }

  @Test
  void headerIsRecognisedByItsMagicAndDecoded() throws Exception {
    byte[] img = image(0x1000, 0x80000, 0x20_0000, 0b1010);
    assertThat(LinuxImageHeader.isLinuxImage(img)).isTrue();
    LinuxImageHeader h = LinuxImageHeader.parse(img);
    assertThat(h.textOffset()).isEqualTo(0x80000);
    assertThat(h.imageSize()).isEqualTo(0x20_0000);
    assertThat(h.bigEndian()).isFalse();
    assertThat(h.pageSize()).as("flags[2:1] = 01: 4K pages").isEqualTo(4096);
    assertThat(h.placeAnywhere()).as("flags bit 3").isTrue();
    byte[] noMagic = img.clone();
    noMagic[0x3B] = 0x65;
    assertThat(LinuxImageHeader.isLinuxImage(noMagic)).isFalse();
    assertThat(LinuxImageHeader.isLinuxImage(new byte[0x3C])).isFalse();
  }

  @Test
  void kernelsBefore317HaveAnAssumedTextOffset() throws Exception {
    assertThat(LinuxImageHeader.parse(image(0x100, 0xDEAD, 0, 0)).textOffset()).isEqualTo(0x80000);
  }

  @Test
  void loadsAtTextOffsetAboveATwoMibAlignedBaseInTheFirstRam() throws Exception {
    PhysicalMemory m =
        PhysicalMemory.builder()
            .addRom("flash", 0, 0x10000)
            .addRam("ram", 0x4010_0000L, 8 << 20)
            .build();
    m.fill(0x4020_0000L, 0x40_0000, (byte) 0xEE);
    byte[] img = image(0x3000, 0x1_0000, 0x20_0000, 0);
    LoadedImage loaded = Loaders.load(m, img, OptionalLong.empty());
    assertThat(loaded.format()).isEqualTo(LoadedImage.Format.LINUX_IMAGE);
    assertThat(loaded.entryIpa())
        .as("RAM at 0x40100000: base rounds up to 0x40200000, plus text_offset")
        .isEqualTo(0x4021_0000L);
    assertThat(m.read32(0x4021_0000L)).isEqualTo(0x1400_0010);
    assertThat(loaded.extents())
        .containsExactly(new LoadedImage.Extent(0x4021_0000L, 0x3000, 0x20_0000));
    assertThat(m.readBytes(0x4021_3000L, 0x20_0000 - 0x3000))
        .as("image_size beyond the file is zeroed for the kernel's bss")
        .containsOnly(0);
  }

  @Test
  void gzipCompressedImageIsUnpackedFirst() throws Exception {
    PhysicalMemory m = PhysicalMemory.builder().addRam("ram", 0x4000_0000L, 8 << 20).build();
    byte[] img = image(0x3000, 0x8_0000, 0x10_0000, 0);
    java.io.ByteArrayOutputStream gz = new java.io.ByteArrayOutputStream();
    try (var out = new java.util.zip.GZIPOutputStream(gz)) {
      out.write(img);
    }
    LoadedImage loaded = Loaders.load(m, gz.toByteArray(), OptionalLong.empty());
    assertThat(loaded.format()).isEqualTo(LoadedImage.Format.LINUX_IMAGE);
    assertThat(loaded.entryIpa()).isEqualTo(0x4008_0000L);
    assertThat(m.readBytes(0x4008_0000L, 0x3000)).isEqualTo(img);
    byte[] corrupt = gz.toByteArray().clone();
    corrupt[corrupt.length / 2] ^= 0x55;
    assertThatThrownBy(() -> Loaders.load(m, java.util.Arrays.copyOf(corrupt, corrupt.length - 9), OptionalLong.empty()))
        .isInstanceOf(ImageLoadException.class)
        .hasMessageContaining("gzip");
  }

  @Test
  void imagesThatCannotRunAreRejected() {
    PhysicalMemory m = PhysicalMemory.builder().addRam("ram", 0x4000_0000L, 2 << 20).build();
    assertThatThrownBy(() -> LinuxImageLoader.load(m, image(0x1000, 0x80000, 16 << 20, 0)))
        .isInstanceOf(ImageLoadException.class)
        .hasMessageContaining("Linux Image [0x40080000, 0x41080000) does not fit in guest RAM/ROM");
    assertThatThrownBy(() -> LinuxImageLoader.load(m, image(0x1000, 0, 0x1000, 1)))
        .hasMessageContaining("big-endian");
    PhysicalMemory romOnly = PhysicalMemory.builder().addRom("flash", 0, 1 << 20).build();
    assertThatThrownBy(() -> LinuxImageLoader.load(romOnly, image(0x1000, 0, 0x1000, 0)))
        .hasMessageContaining("needs guest RAM");
  }
}
