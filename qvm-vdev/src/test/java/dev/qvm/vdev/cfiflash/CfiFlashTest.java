package dev.qvm.vdev.cfiflash;

import static org.assertj.core.api.Assertions.assertThat;

import dev.qvm.core.boot.FdtBuilder;
import dev.qvm.core.vdev.DeviceTreeNode;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bank's command set as firmware drives it: every write puts the command on both x16 lanes
 * of the 32-bit bus (0x00XX00XX), as U-Boot's cfi_flash driver and EDK2's NorFlashDxe do.
 */
class CfiFlashTest {
  private static final int BLOCK = 256 * 1024;

  @TempDir Path dir;

  private CfiFlash flash(String... extra) throws Exception {
    FlashContext context = new FlashContext(dir);
    for (int i = 0; i < extra.length; i += 2) {
      if (extra[i + 1] == null) {
        context.option(extra[i]);
      } else {
        context.option(extra[i], extra[i + 1]);
      }
    }
    return (CfiFlash) new CfiFlashProvider().create(context);
  }

  private static long both(int command) {
    return (command & 0xffffL) | (command & 0xffffL) << 16;
  }

  private Path image(byte... bytes) throws Exception {
    Path file = dir.resolve("image.bin");
    Files.write(file, bytes);
    return file;
  }

  @Test
  void readArrayReturnsTheImageLittleEndianAndErasedCellsPastIt() throws Exception {
    image((byte) 0x11, (byte) 0x22, (byte) 0x33, (byte) 0x44, (byte) 0x55, (byte) 0x66,
        (byte) 0x77, (byte) 0x88);
    CfiFlash f = flash("file", "image.bin");
    assertThat(f.read(0, 1)).isEqualTo(0x11);
    assertThat(f.read(2, 2)).isEqualTo(0x4433);
    assertThat(f.read(4, 4)).isEqualTo(0x8877_6655L);
    assertThat(f.read(0, 8)).isEqualTo(0x8877_6655_4433_2211L);
    assertThat(f.read(8, 4)).isEqualTo(0xffff_ffffL);
    assertThat(f.read(CfiFlashProvider.WINDOW - 8, 8)).isEqualTo(-1L);
    assertThat(f.size()).isEqualTo(64L << 20);
  }

  @Test
  void cfiQueryAnswersQryAndTheGeometryOfQemuVirtsBankOnBothLanes() throws Exception {
    CfiFlash f = flash();
    f.write(0x55 * 4, 4, both(0x98));
    assertThat(f.mode()).isEqualTo(CfiFlash.Mode.CFI_QUERY);
    assertThat(f.read(0x10 * 4, 4)).isEqualTo(both('Q'));
    assertThat(f.read(0x11 * 4, 4)).isEqualTo(both('R'));
    assertThat(f.read(0x12 * 4, 4)).isEqualTo(both('Y'));
    assertThat(f.read(0x13 * 4, 4)).as("Intel command set").isEqualTo(both(0x01));
    // Each of the two devices holds 32 MiB in 256 blocks of 128 KiB, with a 2 KiB buffer.
    assertThat(f.read(0x27 * 4, 4)).isEqualTo(both(25));
    assertThat(f.read(0x28 * 4, 4)).isEqualTo(both(0x02));
    assertThat(f.read(0x2a * 4, 4)).isEqualTo(both(11));
    assertThat(f.read(0x2c * 4, 4)).isEqualTo(both(1));
    assertThat(f.read(0x2d * 4, 4)).isEqualTo(both(0xff));
    assertThat(f.read(0x2e * 4, 4)).isEqualTo(both(0x00));
    assertThat(f.read(0x2f * 4, 4)).isEqualTo(both(0x00));
    assertThat(f.read(0x30 * 4, 4)).isEqualTo(both(0x02));
    assertThat(f.read(0x31 * 4, 4)).isEqualTo(both('P'));
    assertThat(f.read(0x60 * 4, 4)).as("past the table").isZero();
    // A byte read sees one lane; a 64-bit read two bus words.
    assertThat(f.read(0x10 * 4, 1)).isEqualTo('Q');
    assertThat(f.read(0x10 * 4 + 1, 1)).isZero();
    assertThat(f.read(0x10 * 4, 8)).isEqualTo(both('Q') | both('R') << 32);
    f.write(0, 4, both(0xff));
    assertThat(f.read(0x10 * 4, 4)).as("back in read array").isEqualTo(0xffff_ffffL);
  }

  @Test
  void aProbeWithTheWrongPortWidthFindsNoQryButTheShiftedOneDoes() throws Exception {
    CfiFlash f = flash();
    // U-Boot first tries an 8-bit port: command byte at 0x55, 'Q' expected at byte 0x10.
    f.write(0x55, 1, 0x98);
    assertThat(f.read(0x10, 1)).isNotEqualTo('Q');
    // 16-bit port with the address shifted once more (chip_lsb): query word 0x10 at 0x40.
    f.write(0xf0, 2, 0xf0);
    f.write(0x55 * 4, 2, 0x98);
    assertThat(f.read(0x40, 2)).isEqualTo('Q');
  }

  @Test
  void readIdentifierGivesIntelAndDevice0x18AndUnlockedBlocks() throws Exception {
    CfiFlash f = flash();
    f.write(0, 4, both(0x90));
    assertThat(f.read(0, 4)).isEqualTo(both(0x89));
    assertThat(f.read(4, 4)).isEqualTo(both(0x18));
    assertThat(f.read(BLOCK + 8, 4)).as("block lock configuration").isZero();
    f.write(0, 4, both(0xff));
    assertThat(f.mode()).isEqualTo(CfiFlash.Mode.READ_ARRAY);
  }

  @Test
  void programOnlyClearsBitsAndLeavesTheBankInReadStatus() throws Exception {
    CfiFlash f = flash();
    f.write(0x100, 4, both(0x40));
    assertThat(f.read(0x100, 4)).as("status: ready").isEqualTo(both(0x80));
    f.write(0x100, 4, 0x1234_f0f0L);
    assertThat(f.mode()).isEqualTo(CfiFlash.Mode.READ_STATUS);
    assertThat(f.read(0x100, 4)).isEqualTo(both(0x80));
    f.write(0x100, 4, both(0x10));
    f.write(0x100, 4, 0xffff_0f0fL);
    f.write(0, 4, both(0xff));
    assertThat(f.read(0x100, 4)).isEqualTo(0x1234_0000L);
    assertThat(f.read(0x104, 4)).isEqualTo(0xffff_ffffL);
  }

  @Test
  void blockEraseErasesOneWholeBlockOnlyAfterItsConfirm() throws Exception {
    byte[] image = new byte[3 * BLOCK];
    Path file = dir.resolve("three.bin");
    Files.write(file, image);
    CfiFlash f = flash("file", "three.bin");
    f.write(BLOCK + 0x1234, 4, both(0x20));
    assertThat(f.contents()[BLOCK]).as("not before 0xD0").isZero();
    f.write(BLOCK + 0x1234, 4, both(0xd0));
    assertThat(f.read(0, 4)).isEqualTo(both(0x80));
    f.write(0, 4, both(0xff));
    assertThat(f.read(BLOCK - 4, 4)).isZero();
    assertThat(f.read(BLOCK, 8)).isEqualTo(-1L);
    assertThat(f.read(2L * BLOCK - 4, 4)).isEqualTo(0xffff_ffffL);
    assertThat(f.read(2L * BLOCK, 4)).isZero();
  }

  @Test
  void aWrongSecondCycleIsACommandSequenceErrorThatClearStatusClears() throws Exception {
    image(new byte[16]);
    CfiFlash f = flash("file", "image.bin");
    f.write(0, 4, both(0x20));
    f.write(0, 4, both(0x40));
    assertThat(f.read(0, 4)).as("SR.7 | SR.5 | SR.4").isEqualTo(both(0xb0));
    f.write(0, 4, both(0xff));
    assertThat(f.read(0, 4)).as("nothing erased").isZero();
    f.write(0, 4, both(0x70));
    assertThat(f.read(0, 4)).as("errors stay until cleared").isEqualTo(both(0xb0));
    f.write(0, 4, both(0x50));
    f.write(0, 4, both(0x70));
    assertThat(f.read(0, 4)).isEqualTo(both(0x80));
  }

  @Test
  void bufferedProgramWritesItsWordsAtTheConfirmAndNotOnAnAbort() throws Exception {
    CfiFlash f = flash();
    f.write(0x200, 4, both(0xe8));
    assertThat(f.read(0x200, 4)).as("buffer available").isEqualTo(both(0x80));
    f.write(0x200, 4, both(1)); // two words per device
    f.write(0x200, 4, 0xaaaa_5555L);
    f.write(0x204, 4, 0x0123_4567L);
    assertThat(f.contents()[0x200]).as("buffered, not yet programmed").isEqualTo((byte) 0xff);
    f.write(0x200, 4, both(0xd0));
    f.write(0, 4, both(0xff));
    assertThat(f.read(0x200, 8)).isEqualTo(0x0123_4567_aaaa_5555L);

    f.write(0x300, 4, both(0xe8));
    f.write(0x300, 4, both(0));
    f.write(0x300, 4, 0);
    f.write(0x300, 4, both(0xff)); // not a confirm
    assertThat(f.read(0x300, 4)).isEqualTo(both(0xb0));
    f.write(0, 4, both(0x50));
    assertThat(f.read(0x300, 4)).isEqualTo(0xffff_ffffL);
  }

  @Test
  void rwWritesProgramsAndErasesBackToTheImageAndWithoutRwTheFileStays() throws Exception {
    Path file = image(new byte[] {0, 0, 0, 0});
    CfiFlash ro = flash("file", "image.bin");
    ro.write(0, 4, both(0x20));
    ro.write(0, 4, both(0xd0));
    ro.close();
    assertThat(Files.readAllBytes(file)).containsExactly(0, 0, 0, 0);

    CfiFlash rw = flash("file", "image.bin", "rw", null);
    rw.write(0x10, 4, both(0x40));
    rw.write(0x10, 4, 0x0403_0201L);
    rw.close();
    byte[] after = Files.readAllBytes(file);
    assertThat(Arrays.copyOfRange(after, 0, 4)).containsExactly(0, 0, 0, 0);
    assertThat(Arrays.copyOfRange(after, 0x10, 0x14)).containsExactly(1, 2, 3, 4);

    CfiFlash again = flash("file", "image.bin", "rw", null);
    again.write(0, 4, both(0x20));
    again.write(0, 4, both(0xd0));
    again.close();
    byte[] erased = Files.readAllBytes(file);
    assertThat(erased).hasSize(BLOCK);
    assertThat(erased[0]).isEqualTo((byte) 0xff);
    assertThat(erased[0x10]).isEqualTo((byte) 0xff);
  }

  @Test
  void rwCreatesAMissingImageAsAnErasedFlash() throws Exception {
    CfiFlash f = flash("size", "512K", "file", "env.bin", "rw", null);
    assertThat(Files.size(dir.resolve("env.bin"))).isZero();
    assertThat(f.read(0, 4)).isEqualTo(0xffff_ffffL);
    assertThat(f.size()).isEqualTo(512 * 1024);
    assertThat(f.read(512 * 1024, 4)).as("past the bank, inside the window").isEqualTo(0xffff_ffffL);
    f.write(512 * 1024, 4, both(0x90));
    assertThat(f.mode()).as("writes past the bank are dropped").isEqualTo(CfiFlash.Mode.READ_ARRAY);
    f.close();
  }

  @Test
  void deviceTreeNodeIsACfiFlashWithItsRegAndBankWidth4() throws Exception {
    CfiFlash f = flash("size", "32M");
    FdtBuilder fdt = new FdtBuilder();
    fdt.beginNode("");
    String path =
        f.writeDeviceTree(fdt, new DeviceTreeNode.Placement(0x0400_0000L, 64L << 20, -1, 1));
    fdt.endNode();
    assertThat(path).isEqualTo("/flash@4000000");
    byte[] blob = fdt.toByteArray();
    String text = new String(blob, StandardCharsets.ISO_8859_1);
    assertThat(text).contains("flash@4000000\0", "cfi-flash\0", "bank-width\0", "reg\0");
    // reg = <0x0 0x04000000 0x0 0x02000000>: the bank, not the whole window.
    byte[] reg = ByteBuffer.allocate(16).putLong(0x0400_0000L).putLong(32L << 20).array();
    assertThat(indexOf(blob, reg)).isPositive();
    byte[] width = ByteBuffer.allocate(4).putInt(4).array();
    assertThat(indexOf(blob, width)).isPositive();
  }

  private static int indexOf(byte[] haystack, byte[] needle) {
    outer:
    for (int i = 0; i + needle.length <= haystack.length; i++) {
      for (int j = 0; j < needle.length; j++) {
        if (haystack[i + j] != needle[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }
}
