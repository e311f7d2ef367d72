package dev.qvm.cli.gdb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.qvm.cli.Main;
import dev.qvm.cpu.trace.SymbolTable;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The acceptance test of the GDB stub: Debian's {@code gdb-multiarch}, in batch mode, attaches
 * to {@code qvm run --gdb PORT --gdb-wait} running the hello guest, stops at a breakpoint on
 * {@code main}, reads x0, PC and memory, single-steps, and continues to the guest's exit. Without
 * gdb-multiarch the test is skipped loudly, unless QVM_REQUIRE_EXTERNAL is 1 or true.
 */
class GdbMultiarchTest {

  static Path repo() {
    return Path.of(System.getProperty("qvm.repo.root", "..")).toAbsolutePath().normalize();
  }

  static String gdbOrSkip() {
    for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      if (Files.isExecutable(Path.of(dir, "gdb-multiarch"))) {
        return Path.of(dir, "gdb-multiarch").toString();
      }
    }
    String required = System.getenv("QVM_REQUIRE_EXTERNAL");
    assertThat("1".equals(required) || "true".equals(required)).as("QVM_REQUIRE_EXTERNAL is set but gdb-multiarch is missing").isFalse();
    System.err.println("GdbMultiarchTest: SKIPPED, gdb-multiarch not found (apt-get install gdb-multiarch)");
    Assumptions.abort("gdb-multiarch not installed");
    return null;
  }

  static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void gdbBreaksOnMainReadsStepsAndContinuesToTheExit() throws Exception {
    String gdb = gdbOrSkip();
    Path elf = repo().resolve("guest-images/hello/hello.elf");
    long main = SymbolTable.read(elf).addressOf("main");
    assertThat(main).as("hello.elf has a main symbol").isPositive();
    int port = freePort();

    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    AtomicInteger exit = new AtomicInteger(-1);
    Thread qvm =
        Thread.ofPlatform()
            .start(
                () -> {
                  try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
                      PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
                    exit.set(Main.run(new String[] {"run", "--gdb", Integer.toString(port), "--gdb-wait", "--timeout", "90s", repo().resolve("qvmconf-examples/hello.qvmconf").toString()}, o, e));
                  }
                });
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
    while (!err.toString(StandardCharsets.UTF_8).contains("listening") && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    assertThat(err.toString(StandardCharsets.UTF_8)).as("qvm announces its stub").contains("gdb stub listening on 127.0.0.1:" + port);

    Process p =
        new ProcessBuilder(
                List.of(gdb, "-nx", "-batch", "-ex", "set architecture aarch64", "-ex", "target remote 127.0.0.1:" + port, "-ex", "break main", "-ex", "continue", "-ex", "info registers x0 pc", "-ex", "x/4xw $pc", "-ex", "stepi", "-ex", "p $pc", "-ex", "continue", elf.toString()))
            .redirectErrorStream(true)
            .start();
    String gdbOut = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("gdb finished").isTrue();
    qvm.join(30_000);

    // The breakpoint GDB placed (after main's prologue) is inside main and is where it stopped.
    Matcher placed = Pattern.compile("Breakpoint 1 at 0x([0-9a-f]+)").matcher(gdbOut);
    assertThat(placed.find()).as("gdb output:\n%s", gdbOut).isTrue();
    long bp = Long.parseUnsignedLong(placed.group(1), 16);
    assertThat(bp).as("breakpoint inside main").isBetween(main, main + 0x40);
    assertThat(gdbOut).as(gdbOut).containsPattern("Breakpoint 1, 0x0*" + Long.toHexString(bp) + " in main \\(\\)");
    // Registers: x0 is printed, and PC is the breakpoint.
    assertThat(gdbOut).as(gdbOut).containsPattern("(?m)^x0 +0x[0-9a-f]+");
    assertThat(gdbOut).as(gdbOut).containsPattern("(?m)^pc +0x0*" + Long.toHexString(bp) + " ");
    // Memory at PC through the translation: the four words the image holds there.
    byte[] image = Files.readAllBytes(elf);
    Matcher words = Pattern.compile("0x0*" + Long.toHexString(bp) + " <main\\+\\d+>:\\s+0x([0-9a-f]{8})\\s+0x([0-9a-f]{8})").matcher(gdbOut);
    assertThat(words.find()).as(gdbOut).isTrue();
    assertThat(indexOfWord(image, (int) Long.parseLong(words.group(1), 16), (int) Long.parseLong(words.group(2), 16))).as("the words x/4xw read are the image's").isNotNegative();
    // stepi advanced the PC by one instruction.
    assertThat(gdbOut).as(gdbOut).containsPattern("\\$1 = .*0x0*" + Long.toHexString(bp + 4) + " <main\\+");
    // The guest ran to its end: semihosting exit 0 is the inferior's normal exit.
    assertThat(gdbOut).as(gdbOut).contains("exited normally");
    assertThat(exit.get()).as("qvm's exit code; stderr:\n%s", err).isZero();
    assertThat(out.toString(StandardCharsets.UTF_8)).contains("All checks passed.");
  }

  /** Where two consecutive little-endian words occur in {@code bytes}, or -1. */
  private static int indexOfWord(byte[] bytes, int first, int second) {
    java.nio.ByteBuffer b = java.nio.ByteBuffer.wrap(bytes).order(java.nio.ByteOrder.LITTLE_ENDIAN);
    for (int i = 0; i + 8 <= bytes.length; i += 4) {
      if (b.getInt(i) == first && b.getInt(i + 4) == second) {
        return i;
      }
    }
    return -1;
  }
}
