package dev.qvm.vdev.pl011;

import static dev.qvm.vdev.pl011.Pl011.*;
import static dev.qvm.vdev.pl011.Pl011Fixture.awaitTrue;
import static dev.qvm.vdev.pl011.Pl011Fixture.reg;
import static dev.qvm.vdev.pl011.Pl011Fixture.setReg;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Pl011ReceiveTest {
  @TempDir Path dir;
  private Pl011 uart;

  @AfterEach
  void tearDown() {
    if (uart != null) {
      uart.close();
    }
  }

  private FakeVdevContext uartWithTimeout(Duration timeout) throws Exception {
    FakeVdevContext ctx = new FakeVdevContext(dir);
    uart = Pl011Fixture.create(ctx, timeout.toNanos());
    return ctx;
  }

  @Test
  void holdingRegisterWithFifosDisabledOverrunsOnTheSecondCharacter() throws Exception {
    uartWithTimeout(Duration.ofHours(1));
    uart.receiveFromLine('a');
    assertThat(reg(uart, UARTFR) & (FR_RXFF | FR_RXFE))
        .as("one character fills it")
        .isEqualTo(FR_RXFF);
    uart.receiveFromLine('b');
    assertThat(reg(uart, UARTRIS) & INT_OE).as("OERIS on the lost character").isEqualTo(INT_OE);
    assertThat(reg(uart, UARTDR)).as("the held character survives").isEqualTo('a');
    assertThat(reg(uart, UARTFR) & FR_RXFE).isEqualTo(FR_RXFE);
    uart.receiveFromLine('c');
    assertThat(reg(uart, UARTDR)).as("the next character carries OE").isEqualTo(DR_OE | 'c');
    uart.receiveFromLine('d');
    assertThat(reg(uart, UARTDR)).as("OE marks one character only").isEqualTo('d');
  }

  @Test
  void fifoHoldsSixteenCharactersThenOverruns() throws Exception {
    uartWithTimeout(Duration.ofHours(1));
    setReg(uart, UARTLCR_H, LCR_H_FEN);
    for (int i = 0; i < 16; i++) {
      assertThat(reg(uart, UARTFR) & FR_RXFF).as("not full after %d", i).isZero();
      uart.receiveFromLine('A' + i);
    }
    assertThat(reg(uart, UARTFR) & FR_RXFF).as("RXFF with 16 characters").isEqualTo(FR_RXFF);
    uart.receiveFromLine('!');
    assertThat(reg(uart, UARTRIS) & INT_OE).isEqualTo(INT_OE);
    for (int i = 0; i < 16; i++) {
      assertThat(reg(uart, UARTDR)).as("character %d in order, no error", i).isEqualTo('A' + i);
    }
    assertThat(reg(uart, UARTFR) & FR_RXFE).isEqualTo(FR_RXFE);
  }

  @Test
  void changingFenEmptiesTheReceiveFifo() throws Exception {
    uartWithTimeout(Duration.ofHours(1));
    uart.receiveFromLine('x');
    setReg(uart, UARTLCR_H, LCR_H_FEN);
    assertThat(reg(uart, UARTFR) & FR_RXFE).isEqualTo(FR_RXFE);
  }

  @Test
  void rxInterruptAtTheIflsTriggerLevelAndClearedBelowIt() throws Exception {
    FakeVdevContext ctx = uartWithTimeout(Duration.ofHours(1));
    setReg(uart, UARTLCR_H, LCR_H_FEN);
    setReg(uart, UARTIMSC, INT_RX | INT_RT);
    // Reset IFLS 0x12: RXIFLSEL = 010, 1/2 full = 8 characters.
    for (int i = 0; i < 7; i++) {
      uart.receiveFromLine('a');
    }
    assertThat(reg(uart, UARTRIS) & INT_RX).as("7 < trigger level 8").isZero();
    assertThat(ctx.line.high()).isFalse();
    uart.receiveFromLine('a');
    assertThat(reg(uart, UARTRIS) & INT_RX).as("8 reaches the trigger").isEqualTo(INT_RX);
    assertThat(ctx.line.high()).isTrue();
    reg(uart, UARTDR);
    assertThat(reg(uart, UARTRIS) & INT_RX).as("cleared below the trigger").isZero();
    assertThat(ctx.line.high()).isFalse();
  }

  @Test
  void rxTriggerLevelOneEighthIsTwoCharacters() throws Exception {
    uartWithTimeout(Duration.ofHours(1));
    setReg(uart, UARTLCR_H, LCR_H_FEN);
    setReg(uart, UARTIFLS, 0);
    uart.receiveFromLine('a');
    assertThat(reg(uart, UARTRIS) & INT_RX).isZero();
    uart.receiveFromLine('b');
    assertThat(reg(uart, UARTRIS) & INT_RX).isEqualTo(INT_RX);
  }

  @Test
  void withFifosDisabledOneCharacterRaisesRx() throws Exception {
    uartWithTimeout(Duration.ofHours(1));
    uart.receiveFromLine('a');
    assertThat(reg(uart, UARTRIS) & INT_RX).isEqualTo(INT_RX);
    reg(uart, UARTDR);
    assertThat(reg(uart, UARTRIS) & INT_RX).isZero();
  }

  @Test
  void dataBelowTheTriggerRaisesRtAfterTheTimeoutAndReadingItAllClearsIt() throws Exception {
    FakeVdevContext ctx = uartWithTimeout(Duration.ofMillis(2));
    setReg(uart, UARTLCR_H, LCR_H_FEN);
    setReg(uart, UARTIMSC, INT_RT);
    uart.receiveFromLine('a');
    uart.receiveFromLine('b');
    assertThat(reg(uart, UARTRIS) & INT_RX).isZero();
    awaitTrue("RTRIS after the receive timeout", () -> (reg(uart, UARTRIS) & INT_RT) != 0);
    assertThat(ctx.line.high()).isTrue();
    assertThat(reg(uart, UARTDR)).isEqualTo('a');
    assertThat(reg(uart, UARTRIS) & INT_RT).as("still data: RT stays").isEqualTo(INT_RT);
    assertThat(reg(uart, UARTDR)).isEqualTo('b');
    assertThat(reg(uart, UARTRIS) & INT_RT).as("FIFO empty: RT cleared").isZero();
    assertThat(ctx.line.high()).isFalse();
  }

  @Test
  void icrClearsRtAndErrorInterrupts() throws Exception {
    uartWithTimeout(Duration.ofMillis(1));
    uart.receiveFromLine('a');
    uart.receiveFromLine('b');
    awaitTrue("RTRIS", () -> (reg(uart, UARTRIS) & INT_RT) != 0);
    assertThat(reg(uart, UARTRIS) & INT_OE).isEqualTo(INT_OE);
    setReg(uart, UARTICR, INT_RT | INT_OE);
    assertThat(reg(uart, UARTRIS) & (INT_RT | INT_OE)).isZero();
  }

  @Test
  void loopbackFeedsTransmittedCharactersToTheReceiver() throws Exception {
    FakeVdevContext ctx = uartWithTimeout(Duration.ofHours(1));
    setReg(uart, UARTCR, CR_UARTEN | CR_TXE | CR_RXE | CR_LBE);
    setReg(uart, UARTDR, 'z');
    assertThat(reg(uart, UARTDR)).isEqualTo('z');
    uart.flushOutput();
    assertThat(ctx.stdout.toString(java.nio.charset.StandardCharsets.US_ASCII))
        .as("QEMU also sends loopback characters out")
        .isEqualTo("z");
  }

  @Test
  void hostInputWaitsForRoomSoNothingIsLost() throws Exception {
    byte[] data = new byte[1000];
    for (int i = 0; i < data.length; i++) {
      data[i] = (byte) (i * 7);
    }
    Path input = dir.resolve("input.bin");
    java.nio.file.Files.write(input, data);
    FakeVdevContext ctx = new FakeVdevContext(dir).option("hostdev", "<input.bin");
    uart = Pl011Fixture.create(ctx, Duration.ofMillis(1).toNanos());
    setReg(uart, UARTLCR_H, LCR_H_FEN);
    uart.start();
    for (int i = 0; i < data.length; i++) {
      final int index = i;
      awaitTrue("character " + i, () -> (reg(uart, UARTFR) & FR_RXFE) == 0);
      int entry = reg(uart, UARTDR);
      assertThat(entry).as("character %d, no overrun", index).isEqualTo(data[i] & 0xFF);
    }
    assertThat(reg(uart, UARTRIS) & INT_OE).isZero();
  }

  @Test
  void hostInputFillsTheFifoThenTheReaderWaits() throws Exception {
    Path input = dir.resolve("input.txt");
    java.nio.file.Files.writeString(input, "0123456789abcdefghij");
    FakeVdevContext ctx = new FakeVdevContext(dir).option("hostdev", "<input.txt");
    uart = Pl011Fixture.create(ctx, Duration.ofHours(1).toNanos());
    setReg(uart, UARTLCR_H, LCR_H_FEN);
    uart.start();
    awaitTrue("RXFF", () -> (reg(uart, UARTFR) & FR_RXFF) != 0);
    Thread.sleep(20);
    assertThat(reg(uart, UARTRIS) & INT_OE).as("the reader waited").isZero();
    StringBuilder received = new StringBuilder();
    while (received.length() < 20) {
      awaitTrue("more input", () -> (reg(uart, UARTFR) & FR_RXFE) == 0);
      received.append((char) reg(uart, UARTDR));
    }
    assertThat(received.toString()).isEqualTo("0123456789abcdefghij");
  }

  @Test
  void stdinFeedsTheReceiverWithDashHostdev() throws Exception {
    FakeVdevContext ctx =
        new FakeVdevContext(dir)
            .option("hostdev", "-")
            .stdin(new java.io.ByteArrayInputStream("ok".getBytes()));
    uart = Pl011Fixture.create(ctx, Duration.ofHours(1).toNanos());
    uart.start();
    awaitTrue("first", () -> (reg(uart, UARTFR) & FR_RXFE) == 0);
    assertThat(reg(uart, UARTDR)).isEqualTo('o');
    awaitTrue("second", () -> (reg(uart, UARTFR) & FR_RXFE) == 0);
    assertThat(reg(uart, UARTDR)).isEqualTo('k');
    Pl011Fixture.transmit(uart, "echo\n");
    assertThat(ctx.stdout.toString()).isEqualTo("echo\n");
  }

  @Test
  void theReaderThreadIsANamedDaemon() throws Exception {
    java.io.PipedOutputStream typing = new java.io.PipedOutputStream();
    FakeVdevContext ctx =
        new FakeVdevContext(dir).option("hostdev", "-").stdin(new java.io.PipedInputStream(typing));
    uart = Pl011Fixture.create(ctx, Duration.ofHours(1).toNanos());
    uart.start();
    Thread reader =
        Thread.getAllStackTraces().keySet().stream()
            .filter(t -> t.getName().equals("pl011-uart0-rx"))
            .findFirst()
            .orElseThrow();
    assertThat(reader.isDaemon()).isTrue();
    typing.write('q');
    typing.flush();
    awaitTrue("typed character", () -> (reg(uart, UARTFR) & FR_RXFE) == 0);
    assertThat(reg(uart, UARTDR)).isEqualTo('q');
    typing.close();
  }

  @Test
  void hostInputWaitsWhileLoopbackIsOn() throws Exception {
    java.nio.file.Files.writeString(dir.resolve("key.txt"), "k");
    FakeVdevContext ctx = new FakeVdevContext(dir).option("hostdev", "<key.txt");
    uart = Pl011Fixture.create(ctx, Duration.ofHours(1).toNanos());
    setReg(uart, UARTCR, CR_UARTEN | CR_TXE | CR_RXE | CR_LBE);
    uart.start();
    Thread.sleep(30);
    assertThat(reg(uart, UARTFR) & FR_RXFE).as("UARTRXD is disconnected").isEqualTo(FR_RXFE);
    setReg(uart, UARTDR, 0);
    assertThat(reg(uart, UARTDR)).as("the looped-back character").isZero();
    setReg(uart, UARTCR, CR_UARTEN | CR_TXE | CR_RXE);
    awaitTrue("the held key after loopback", () -> (reg(uart, UARTFR) & FR_RXFE) == 0);
    assertThat(reg(uart, UARTDR)).isEqualTo('k');
  }
}
