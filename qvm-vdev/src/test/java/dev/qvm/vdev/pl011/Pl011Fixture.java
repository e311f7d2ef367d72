package dev.qvm.vdev.pl011;

import static dev.qvm.vdev.pl011.Pl011.UARTDR;
import static org.assertj.core.api.Assertions.assertThat;

import dev.qvm.core.config.ConfigException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.function.BooleanSupplier;

/** Helpers shared by the pl011 tests: creating a UART and acting as its guest driver. */
final class Pl011Fixture {
  private Pl011Fixture() {}

  /** A UART with the given receive timeout and the context's options. */
  static Pl011 create(FakeVdevContext context, long rxTimeoutNanos) throws ConfigException {
    return new Pl011Provider().create(context, rxTimeoutNanos);
  }

  /** A UART with a one-hour receive timeout, so RTRIS never interferes. */
  static Pl011 createWithoutTimeout(Path directory) throws ConfigException {
    return create(new FakeVdevContext(directory), Duration.ofHours(1).toNanos());
  }

  static int reg(Pl011 uart, int offset) {
    return (int) uart.read(offset, 4);
  }

  static void setReg(Pl011 uart, int offset, int value) {
    uart.write(offset, 4, value & 0xFFFF_FFFFL);
  }

  static void transmit(Pl011 uart, String text) {
    for (char c : text.toCharArray()) {
      setReg(uart, UARTDR, c);
    }
  }

  /** Polls {@code condition} for up to five seconds. */
  static void awaitTrue(String what, BooleanSupplier condition) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos(); // generous: CI machines are loaded
    // Evaluate the condition once per round and keep its answer: some conditions have side
    // effects (connecting a TCP client), so asking again after success could change the answer.
    boolean met = condition.getAsBoolean();
    while (!met && System.nanoTime() < deadline) {
      Thread.sleep(1);
      met = condition.getAsBoolean();
    }
    assertThat(met).as(what).isTrue();
  }

}
