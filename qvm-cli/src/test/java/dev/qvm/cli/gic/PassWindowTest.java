package dev.qvm.cli.gic;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.qvm.cli.Main;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.MappedByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code pass} window end to end (QVMCONF.md "pass contexts", issue 5 item 5): the test
 * plays the host device of guest-images/gic-passwin through the two files qvm gives it, the
 * window ({@code backend file:PATH}, mapped shared) and the interrupt ({@code irq unix:PATH}, a
 * Unix-domain socket where each byte is one assertion). One {@code qvm run --stats-json} shows
 * that the guest reads what the device put in the file, the device reads what the guest wrote,
 * a read-only window refuses stores with the architected abort, an interrupt round trip works
 * over the socket, and none of the window accesses left the guest.
 */
class PassWindowTest {

  private static final long RW = 0x4c00_0000L;
  private static final long RO = 0x4c00_1000L;
  private static final long MAGIC = 0x5753_5341_504d_5651L; // "QVMPASSW", gic-passwin.c
  private static final long GUEST_MARKER = 0x2152_454b_5241_4d47L; // "GMARKER!"
  private static final long INITIAL_WORD = 0x0123_4567_89ab_cdefL;
  private static final long READ_ONLY_WORD = 0xfeed_face_cafe_beefL;
  private static final int ROUNDS = 3;
  private static final int ACCESSES = 100_000;

  @Test
  void fileBackedWindowAndUnixSocketInterruptWithoutExits(@TempDir Path dir) throws Exception {
    // The device's state before the run: the file is the window's content (RW at offset 0,
    // the read-only window after it, QVMCONF.md: "windows follow one another in the file").
    Path file = dir.resolve("window.bin");
    Path socket = dir.resolve("irq.sock");
    ByteBuffer initial = ByteBuffer.allocate(0x2000).order(ByteOrder.LITTLE_ENDIAN);
    initial.putLong(0x00, MAGIC).putLong(0x08, INITIAL_WORD).putLong(0x1000, READ_ONLY_WORD);
    Files.write(file, initial.array());

    Path elf = GicGuests.image("gic-passwin");
    Path board = dir.resolve("passwin.qvmconf");
    // "unsupported reference fail": a store stage 2 refuses is an unsupported reference, which
    // qvm (as QNX) drops by default; "fail" makes it the exception a guest gets from hardware.
    Files.writeString(board, GicGuests.board(elf,
        "unsupported reference fail",
        "pass",
        "    loc 0x4c000000,0x1000,rwn",
        "    loc 0x4c001000,0x1000,rn",
        "    backend file:" + file,
        "    irq unix:" + socket,
        "    intr gic:42"));

    AtomicReference<Throwable> deviceFailure = new AtomicReference<>();
    Thread device = Thread.ofPlatform().daemon().start(() -> {
      try {
        playDevice(file, socket);
      } catch (Throwable t) {
        deviceFailure.set(t);
      }
    });
    Path json = dir.resolve("stats.json");
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status;
    try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8); PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
      status = Main.run(new String[] {"run", "--timeout", "60s", "--stats-json", json.toString(), board.toString()}, o, e);
    }
    device.join(5000);
    String console = out.toString(StandardCharsets.UTF_8).replace("\r", "");
    assertThat(deviceFailure.get()).as("the device's side of the protocol; console:%n%s", console).isNull();
    GicGuests.assertMatchesExpect("gic-passwin", new GicGuests.Run(console, status, null));
    assertThat(console).as("stderr: %s", err).contains("gic-passwin: all checks passed");

    // The guest read the file's initial content through the window.
    assertThat(console).contains(String.format("initial device word: 0x%016X%n", INITIAL_WORD), String.format("read-only window: 0x%016X%n", READ_ONLY_WORD));
    // Stage 2 refused the store (S2AP read-only); with no EL2 in view the guest gets a
    // Synchronous External abort on a data access (ESR_EL1 EC 0x25, IL, DFSC 0x10, WnR, ARM ARM
    // D17.2.37), FAR_EL1 = the address, as KVM injects for an access it will not perform.
    Matcher abort = Pattern.compile("store to the read-only window: ESR=0x([0-9A-F]{16}) FAR=0x([0-9A-F]{16})").matcher(console);
    assertThat(abort.find()).as("the guest reports the abort; console:%n%s", console).isTrue();
    assertThat(Long.parseUnsignedLong(abort.group(1), 16)).as("ESR_EL1: EC 0x25 data abort, IL, WnR, DFSC 0x10").isEqualTo(0x9600_0050L);
    assertThat(Long.parseUnsignedLong(abort.group(2), 16)).as("FAR_EL1: the address stored to").isEqualTo(RO + 8);

    // What the guest left in the file, read after the run as the device would.
    ByteBuffer after = ByteBuffer.wrap(Files.readAllBytes(file)).order(ByteOrder.LITTLE_ENDIAN);
    assertThat(after.getLong(0x10)).as("the guest's marker reached the file").isEqualTo(GUEST_MARKER);
    assertThat(after.getLong(0x30)).as("the window counter the guest incremented").isEqualTo(ACCESSES);
    assertThat(after.getLong(0x28)).as("the reply to the last device interrupt").isEqualTo(data(ROUNDS));
    assertThat(after.getLong(0x1000)).as("read-only window unchanged").isEqualTo(READ_ONLY_WORD);
    assertThat(after.getLong(0x1008)).as("the refused store did not reach the file").isZero();

    // --stats-json: 2 x 100,000 window accesses, none an exit (stage 2 maps the window, the
    // soft TLB serves it); the guest's MMIO exits are its UART and GIC accesses only.
    JsonNode stats = new ObjectMapper().readTree(json.toFile());
    JsonNode total = stats.path("total");
    long mmio = 0;
    for (Map.Entry<String, JsonNode> d : total.path("exits").path("mmio").properties()) {
      assertThat(d.getKey()).as("an MMIO exit row for a vdev, never for the pass window").doesNotContain("pass").doesNotContain("4c00");
      mmio += d.getValue().path("reads").asLong() + d.getValue().path("writes").asLong();
    }
    assertThat(mmio).as("MMIO exits: the UART and the GIC, far fewer than the window accesses").isPositive().isLessThan(ACCESSES / 10);
    assertThat(total.path("exits").path("total").asLong()).as("all exits").isLessThan(ACCESSES / 10);
    assertThat(total.path("memory").path("tlbReadHits").asLong()).as("window loads served by the TLB").isGreaterThanOrEqualTo(ACCESSES);
    assertThat(total.path("memory").path("tlbWriteHits").asLong()).as("window stores served by the TLB").isGreaterThanOrEqualTo(ACCESSES);
    JsonNode spi42 = null;
    for (JsonNode i : stats.path("interrupts")) {
      if (i.path("intid").asInt() == 42) {
        spi42 = i;
      }
    }
    assertThat(spi42).as("an interrupts row for SPI 42").isNotNull();
    assertThat(spi42.path("raised").asLong()).as("one assertion per byte on the socket").isEqualTo(ROUNDS);
    assertThat(spi42.path("acknowledged").asLong()).isEqualTo(ROUNDS);
    assertThat(spi42.path("deactivated").asLong()).isEqualTo(ROUNDS);
  }

  private static long data(int round) {
    return 0xda7a_0000L + round;
  }

  /**
   * The device: maps the same file (MAP_SHARED, so it sees the guest's stores), waits for the
   * driver's ready flag, then ROUNDS times writes a data word and raises its interrupt with one
   * byte on the socket, and waits for the driver's reply before the next.
   */
  private static void playDevice(Path file, Path socket) throws Exception {
    try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
      MappedByteBuffer w = ch.map(FileChannel.MapMode.READ_WRITE, 0, 0x2000);
      w.order(ByteOrder.LITTLE_ENDIAN);
      awaitWord(w, 0x18, 1, "the driver's ready flag");
      try (SocketChannel irq = SocketChannel.open(StandardProtocolFamily.UNIX)) {
        irq.connect(UnixDomainSocketAddress.of(socket));
        for (int round = 1; round <= ROUNDS; round++) {
          w.putLong(0x20, data(round));
          irq.write(ByteBuffer.wrap(new byte[] {1}));
          awaitWord(w, 0x28, data(round), "the reply to interrupt " + round);
        }
      }
    }
  }

  private static void awaitWord(MappedByteBuffer w, int offset, long want, String what) throws InterruptedException {
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (w.getLong(offset) != want) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError(what + ": window+0x" + Integer.toHexString(offset) + " = 0x" + Long.toHexString(w.getLong(offset)));
      }
      Thread.sleep(1);
    }
  }
}
