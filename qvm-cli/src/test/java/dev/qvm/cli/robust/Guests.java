package dev.qvm.cli.robust;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;

/** Tiny raw guests, hand-encoded A64 (ARM ARM C6), and boards that load them at 0x40080000. */
final class Guests {

  /** {@code b .}: spins forever. */
  static final int[] SPIN = {0x1400_0000};

  /** Writes 'Q' to a PL011 at 0x09000000 (no newline), then spins. */
  static final int[] PRINT_Q_THEN_SPIN = {
    0xD2A1_2000, // movz x0, #0x0900, lsl #16
    0x5280_0A21, // movz w1, #'Q'
    0xB900_0001, // str w1, [x0]          UARTDR
    0x1400_0000, // b .
  };

  /** Starts an SP805 at 0x09010000 with WdogLoad 50,000 and INTEN|RESEN, then never kicks it. */
  static final int[] START_WATCHDOG_THEN_SPIN = {
    0xD2A1_2020, // movz x0, #0x0901, lsl #16
    0x5298_6A01, // movz w1, #50000
    0xB900_0001, // str w1, [x0]          WdogLoad
    0x5280_0061, // movz w1, #3
    0xB900_0801, // str w1, [x0, #8]      WdogControl = INTEN | RESEN
    0x1400_0000, // b .
  };

  /** Writes {@code code} as {@code guest.bin} and a board around it; returns the board. */
  static Path board(Path dir, int[] code, String ramSize, String moreLines) throws IOException {
    ByteBuffer b = ByteBuffer.allocate(4 * code.length).order(ByteOrder.LITTLE_ENDIAN);
    for (int word : code) {
      b.putInt(word);
    }
    Files.write(dir.resolve("guest.bin"), b.array());
    Path board = dir.resolve("guest.qvmconf");
    Files.writeString(
        board,
        "system robust\nram 0x40000000," + ramSize + "\nload 0x40080000,guest.bin\n" + moreLines);
    return board;
  }

  private Guests() {}
}
