package dev.qvm.vdev.pl011;

import static dev.qvm.vdev.pl011.Pl011.*;
import static dev.qvm.vdev.pl011.Pl011Fixture.awaitTrue;
import static dev.qvm.vdev.pl011.Pl011Fixture.reg;
import static dev.qvm.vdev.pl011.Pl011Fixture.transmit;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.qvm.core.config.ConfigException;
import dev.qvm.core.config.Location;
import dev.qvm.core.config.SchedHint;
import dev.qvm.core.vdev.VdevProvider;
import java.io.InputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ServiceLoader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class Pl011HostdevTest {
  @TempDir Path dir;
  private Pl011 uart;

  @AfterEach
  void tearDown() {
    if (uart != null) {
      uart.close();
    }
  }

  private Pl011 create(FakeVdevContext context) throws ConfigException {
    uart = Pl011Fixture.create(context, Duration.ofHours(1).toNanos());
    return uart;
  }

  @Test
  void serviceLoaderFindsThePl011Provider() {
    VdevProvider provider =
        ServiceLoader.load(VdevProvider.class).stream()
            .map(ServiceLoader.Provider::get)
            .filter(p -> p.type().equals("pl011"))
            .findFirst()
            .orElseThrow();
    assertThat(provider.windowSize()).isEqualTo(0x1000);
    assertThat(provider.options()).containsExactlyInAnyOrder("hostdev", "sched");
    assertThat(provider.usesInterrupt()).isTrue();
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"udp:5000", "tcp:http", "tcp:70000", "tcp:-1", ">", "<", ">|", "|cat", "<|cat"})
  void malformedHostdevFormsAreConfigErrorsAtTheSubOption(String form) {
    FakeVdevContext context =
        new FakeVdevContext(dir).option("sched", "10").option("hostdev", form);
    assertThatThrownBy(() -> create(context))
        .isInstanceOf(ConfigException.class)
        .satisfies(
            e ->
                assertThat(((ConfigException) e).location())
                    .isEqualTo(new Location(FakeVdevContext.CONFIG, 3, 5)))
        .hasMessageStartingWith("test.qvmconf:3:5: ")
        .hasMessageContaining("hostdev");
  }

  @Test
  void unknownFormMessageListsTheKnownForms() {
    FakeVdevContext context = new FakeVdevContext(dir).option("hostdev", "udp:5000");
    assertThatThrownBy(() -> create(context))
        .hasMessage(
            "test.qvmconf:2:5: unknown hostdev form 'udp:5000' (known: -, >-, <-, >PATH, <PATH,"
                + " PATH, >\"|CMD\", tcp:PORT); write ./udp:5000 for a file of that name");
  }

  @Test
  void hostdevNeedsExactlyOneArgument() {
    assertThatThrownBy(() -> create(new FakeVdevContext(dir).option("hostdev")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("hostdev takes one argument");
    assertThatThrownBy(() -> create(new FakeVdevContext(dir).option("hostdev", ">", "out")))
        .isInstanceOf(ConfigException.class)
        .hasMessageContaining("got 2: > out");
  }

  @Test
  void schedNeedsAnArgumentAndUnknownOptionsAreRejected() {
    assertThatThrownBy(() -> create(new FakeVdevContext(dir).option("sched")))
        .hasMessage("test.qvmconf:2:5: sched takes one argument: PRIO[r|f|o]");
    assertThatThrownBy(() -> create(new FakeVdevContext(dir).option("sched", "20x")))
        .hasMessage("test.qvmconf:2:5: sched 20x: expected PRIO[r|f|o] with PRIO from 1 to 255");
    assertThatThrownBy(() -> create(new FakeVdevContext(dir).option("sched", "0")))
        .isInstanceOf(ConfigException.class);
    assertThatThrownBy(() -> create(new FakeVdevContext(dir).option("baud", "9600")))
        .hasMessage("test.qvmconf:2:5: unknown pl011 option 'baud' (known: hostdev, sched)");
  }

  @Test
  void schedAsQnxWritesItIsAccepted() throws Exception {
    assertThat(
            Pl011Provider.parseSched(
                new FakeVdevContext(dir).option("sched", "20r").options.getFirst()))
        .satisfies(h -> assertThat(h.priority()).isEqualTo(20))
        .satisfies(h -> assertThat(h.policy()).isEqualTo(SchedHint.Policy.ROUND_ROBIN));
    create(new FakeVdevContext(dir).option("sched", "20").option("hostdev", ">-"));
    assertThat(uart).isNotNull();
  }

  @Test
  void aMissingInputFileIsAConfigError() {
    assertThatThrownBy(() -> create(new FakeVdevContext(dir).option("hostdev", "<nope.txt")))
        .isInstanceOf(ConfigException.class)
        .hasMessageStartingWith("test.qvmconf:2:5: hostdev: no such file: ");
  }

  @Test
  void anOutputFileIsCreatedAndTruncated() throws Exception {
    Path out = dir.resolve("console.log");
    Files.writeString(out, "old contents that must go");
    create(new FakeVdevContext(dir).option("hostdev", ">console.log")).start();
    transmit(uart, "guest says hi");
    uart.close();
    assertThat(Files.readString(out)).isEqualTo("guest says hi");
  }

  @Test
  void aBarePathIsBothInputAndOutput() throws Exception {
    Path both = dir.resolve("both.txt");
    Files.writeString(both, "in");
    create(new FakeVdevContext(dir).option("hostdev", "both.txt")).start();
    awaitTrue("first", () -> (reg(uart, UARTFR) & FR_RXFE) == 0);
    assertThat(reg(uart, UARTDR)).isEqualTo('i');
    awaitTrue("second", () -> (reg(uart, UARTFR) & FR_RXFE) == 0);
    assertThat(reg(uart, UARTDR)).isEqualTo('n');
    transmit(uart, "out");
    uart.close();
    assertThat(Files.readString(both)).as("output goes after what was there").isEqualTo("inout");
  }

  @Test
  void stdoutOnlyTakesNoInput() throws Exception {
    FakeVdevContext context =
        new FakeVdevContext(dir)
            .option("hostdev", ">-")
            .stdin(new java.io.ByteArrayInputStream("ignored".getBytes()));
    create(context).start();
    Thread.sleep(20);
    assertThat(reg(uart, UARTFR) & FR_RXFE).as("stdin not read").isEqualTo(FR_RXFE);
    transmit(uart, "out\n");
    assertThat(context.stdout.toString()).isEqualTo("out\n");
  }

  @Test
  void repeatedHostdevsAllReceiveOutput() throws Exception {
    FakeVdevContext context =
        new FakeVdevContext(dir).option("hostdev", ">-").option("hostdev", ">copy.log");
    create(context).start();
    transmit(uart, "tee\n");
    uart.close();
    assertThat(context.stdout.toString()).isEqualTo("tee\n");
    assertThat(Files.readString(dir.resolve("copy.log"))).isEqualTo("tee\n");
  }

  @Test
  void pipeHostdevFeedsAShellCommand() throws Exception {
    Path out = dir.resolve("piped.txt");
    // The lexer has removed the quotes of >"|tr a-z A-Z > FILE".
    create(new FakeVdevContext(dir).option("hostdev", ">|tr a-z A-Z > '" + out + "'")).start();
    transmit(uart, "shout\n");
    uart.close();
    assertThat(Files.readString(out)).isEqualTo("SHOUT\n");
  }

  @Test
  void tcpHostdevServesOneLoopbackClientBothWays() throws Exception {
    create(new FakeVdevContext(dir).option("hostdev", "tcp:0")).start();
    int port = uart.tcpAddress().getPort();
    assertThat(port).isPositive();
    try (Socket client = new Socket(InetAddress.getLoopbackAddress(), port)) {
      client.setSoTimeout(5000);
      client.getOutputStream().write("hi".getBytes(StandardCharsets.US_ASCII));
      client.getOutputStream().flush();
      awaitTrue("input from the client", () -> (reg(uart, UARTFR) & FR_RXFE) == 0);
      assertThat(reg(uart, UARTDR)).isEqualTo('h');
      awaitTrue("second character", () -> (reg(uart, UARTFR) & FR_RXFE) == 0);
      assertThat(reg(uart, UARTDR)).isEqualTo('i');

      transmit(uart, "pong\n");
      InputStream in = client.getInputStream();
      assertThat(new String(in.readNBytes(5), StandardCharsets.US_ASCII)).isEqualTo("pong\n");

      try (Socket second = new Socket(InetAddress.getLoopbackAddress(), port)) {
        second.setSoTimeout(5000);
        String refusal =
            new String(second.getInputStream().readAllBytes(), StandardCharsets.US_ASCII);
        assertThat(refusal).as("one client at a time").contains("already has a client");
      }
    }
    // The first client hung up; the next one is served.
    awaitTrue("a new client is accepted", () -> connectAndSend(port));
    awaitTrue("input from the new client", () -> (reg(uart, UARTFR) & FR_RXFE) == 0);
    assertThat(reg(uart, UARTDR)).isEqualTo('!');
  }

  private static boolean connectAndSend(int port) {
    try (Socket client = new Socket(InetAddress.getLoopbackAddress(), port)) {
      client.setSoTimeout(200);
      client.getOutputStream().write('!');
      client.getOutputStream().flush();
      // A refused client is sent the busy line and closed; a served one hears nothing.
      try {
        return client.getInputStream().read() != 'q';
      } catch (java.net.SocketTimeoutException served) {
        return true;
      }
    } catch (java.io.IOException e) {
      return false;
    }
  }

  @Test
  void tcpListensOnLoopbackOnly() throws Exception {
    create(new FakeVdevContext(dir).option("hostdev", "tcp:0"));
    assertThat(uart.tcpAddress().getAddress().isLoopbackAddress())
        .as("the console is not offered to the network")
        .isTrue();
  }

  @Test
  void aTcpPortInUseIsAConfigError() throws Exception {
    try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      FakeVdevContext context =
          new FakeVdevContext(dir).option("hostdev", "tcp:" + taken.getLocalPort());
      assertThatThrownBy(() -> create(context))
          .isInstanceOf(ConfigException.class)
          .hasMessageStartingWith("test.qvmconf:2:5: hostdev tcp:" + taken.getLocalPort());
    }
  }
}
