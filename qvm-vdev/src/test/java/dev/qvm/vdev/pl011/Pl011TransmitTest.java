package dev.qvm.vdev.pl011;

import static dev.qvm.vdev.pl011.Pl011.*;
import static dev.qvm.vdev.pl011.Pl011Fixture.awaitTrue;
import static dev.qvm.vdev.pl011.Pl011Fixture.reg;
import static dev.qvm.vdev.pl011.Pl011Fixture.setReg;
import static dev.qvm.vdev.pl011.Pl011Fixture.transmit;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class Pl011TransmitTest {
  @TempDir Path dir;
  private FakeVdevContext context;
  private Pl011 uart;

  @BeforeEach
  void setUp() throws Exception {
    context = new FakeVdevContext(dir);
    uart = Pl011Fixture.create(context, Duration.ofHours(1).toNanos());
    uart.start();
  }

  @AfterEach
  void tearDown() {
    uart.close();
  }

  private String stdout() {
    return context.stdout.toString(StandardCharsets.ISO_8859_1);
  }

  @Test
  void withoutHostdevOutputGoesToQvmStdoutAtEachNewline() {
    transmit(uart, "hello\n");
    assertThat(stdout()).as("a newline flushes at once").isEqualTo("hello\n");
  }

  @Test
  void aLineWithoutNewlineStillAppearsWithinMilliseconds() throws Exception {
    transmit(uart, "login: ");
    awaitTrue("the prompt is flushed by the timer", () -> stdout().equals("login: "));
  }

  @Test
  void closeFlushesWhatIsBuffered() {
    transmit(uart, "bye");
    uart.close();
    assertThat(stdout()).isEqualTo("bye");
  }

  @Test
  void onlyTheLowByteOfUartdrIsTransmitted() {
    setReg(uart, UARTDR, 0x741);
    transmit(uart, "\n");
    assertThat(stdout()).isEqualTo("A\n");
  }

  @Test
  void transmissionDoesNotWaitForUartenOrTxeAsInQemu() {
    setReg(uart, UARTCR, 0);
    transmit(uart, "x\n");
    assertThat(stdout()).isEqualTo("x\n");
  }

  @Test
  void transmitFifoIsNeverFullOrBusy() {
    transmit(uart, "0123456789abcdefghijklmnopqrstuvwxyz");
    int fr = reg(uart, UARTFR);
    assertThat(fr & FR_TXFE).as("TXFE").isNotZero();
    assertThat(fr & (FR_TXFF | FR_BUSY)).as("TXFF and BUSY").isZero();
  }

  @Test
  void eachWriteSetsTxrisAndTheLineFollowsTheMask() {
    assertThat(reg(uart, UARTRIS) & INT_TX).as("no TXRIS before the first write").isZero();
    transmit(uart, "a");
    assertThat(reg(uart, UARTRIS) & INT_TX).as("TXRIS after a write").isEqualTo(INT_TX);
    assertThat(reg(uart, UARTMIS)).as("masked while IMSC.TXIM is clear").isZero();
    assertThat(context.line.high()).isFalse();

    setReg(uart, UARTIMSC, INT_TX);
    assertThat(reg(uart, UARTMIS)).isEqualTo(INT_TX);
    assertThat(context.line.high()).as("UARTINTR high while MIS != 0").isTrue();

    setReg(uart, UARTICR, INT_TX);
    assertThat(reg(uart, UARTRIS) & INT_TX).isZero();
    assertThat(context.line.high()).as("UARTINTR low after ICR").isFalse();

    transmit(uart, "b");
    assertThat(context.line.high()).as("the next write raises it again").isTrue();
    assertThat(context.line.raises()).isEqualTo(2);
    assertThat(context.line.lowers()).isEqualTo(1);
  }

  @Test
  void clearingTheMaskLowersTheLineButKeepsTheRawStatus() {
    setReg(uart, UARTIMSC, INT_TX);
    transmit(uart, "a");
    assertThat(context.line.high()).isTrue();
    setReg(uart, UARTIMSC, 0);
    assertThat(context.line.high()).isFalse();
    assertThat(reg(uart, UARTRIS) & INT_TX).isEqualTo(INT_TX);
  }

  @Test
  void oneMegabyteOfOutputIsFastAndComplete() {
    int size = 1 << 20;
    long start = System.nanoTime();
    for (int i = 0; i < size; i++) {
      uart.write(UARTDR, 4, (i % 64 == 63) ? '\n' : 'a' + (i % 26));
    }
    uart.flushOutput();
    long millis = (System.nanoTime() - start) / 1_000_000;
    assertThat(context.stdout.size()).isEqualTo(size);
    assertThat(millis).as("1 MiB through UARTDR (took %d ms)", millis).isLessThan(3000);
  }
}
