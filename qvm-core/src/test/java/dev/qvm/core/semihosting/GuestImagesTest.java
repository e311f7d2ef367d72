package dev.qvm.core.semihosting;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The committed test guests (guest-images/) are what qvm boots with semihosting: this checks,
 * with only a JDK, that each ELF is an A64 executable entered at 0x40080000, that its .bin is the
 * same memory image, and that it reaches the host through the A64 semihosting trap.
 */
class GuestImagesTest {
  private static final long IMAGE_BASE = 0x4008_0000L;
  private static final int EM_AARCH64 = 183;
  private static final int PT_LOAD = 1;
  /** HLT #0xF000 (ARM ARM C6.2.131 HLT; Semihosting spec 5.2, the A64 trap). */
  private static final int HLT_0XF000 = 0xD45E_0000;

  private static Path guestDir(String guest) {
    return Path.of(System.getProperty("qvm.repo.root", "../"), "guest-images", guest);
  }

  @ParameterizedTest
  @CsvSource({"hello, 0", "fail, 3"})
  void committedImageIsAnA64ExecutableWhoseBinMatchesItsLoadSegments(String guest, int status)
      throws IOException {
    Path dir = guestDir(guest);
    ByteBuffer elf =
        ByteBuffer.wrap(Files.readAllBytes(dir.resolve(guest + ".elf")))
            .order(ByteOrder.LITTLE_ENDIAN);
    byte[] bin = Files.readAllBytes(dir.resolve(guest + ".bin"));

    assertThat(elf.getInt(0)).as("ELF magic").isEqualTo(0x464C457F);
    assertThat(elf.get(4)).as("ELFCLASS64").isEqualTo((byte) 2);
    assertThat(elf.get(5)).as("ELFDATA2LSB").isEqualTo((byte) 1);
    assertThat(elf.getShort(18) & 0xFFFF).as("e_machine").isEqualTo(EM_AARCH64);
    assertThat(elf.getLong(24)).as("e_entry").isEqualTo(IMAGE_BASE);

    // Lay every PT_LOAD's file bytes out at its address: that is what objcopy -O binary makes.
    byte[] image = new byte[bin.length];
    long phoff = elf.getLong(32);
    int phentsize = elf.getShort(54) & 0xFFFF;
    int phnum = elf.getShort(56) & 0xFFFF;
    long lowest = Long.MAX_VALUE;
    for (int i = 0; i < phnum; i++) {
      int ph = (int) (phoff + (long) i * phentsize);
      if (elf.getInt(ph) != PT_LOAD || elf.getLong(ph + 32) == 0) {
        continue;
      }
      long offset = elf.getLong(ph + 8);
      long vaddr = elf.getLong(ph + 16);
      long filesz = elf.getLong(ph + 32);
      lowest = Math.min(lowest, vaddr);
      assertThat(vaddr - IMAGE_BASE + filesz)
          .as("segment inside the .bin")
          .isLessThanOrEqualTo(bin.length);
      elf.get((int) offset, image, (int) (vaddr - IMAGE_BASE), (int) filesz);
    }
    assertThat(lowest).as("lowest load address").isEqualTo(IMAGE_BASE);
    assertThat(Arrays.equals(image, bin))
        .as(guest + ".bin equals the ELF's load segments")
        .isTrue();

    ByteBuffer words = ByteBuffer.wrap(bin).order(ByteOrder.LITTLE_ENDIAN);
    boolean hasTrap = false;
    for (int at = 0; at + 4 <= bin.length; at += 4) {
      hasTrap |= words.getInt(at) == HLT_0XF000;
    }
    assertThat(hasTrap).as(guest + " contains the A64 semihosting trap HLT #0xF000").isTrue();

    assertThat(Files.readAllLines(dir.resolve("expect.txt")))
        .as("expect.txt gives the exit status")
        .contains("status " + status);
  }
}
