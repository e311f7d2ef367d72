package dev.qvm.cli.gdb;

import static dev.qvm.cli.gdb.GdbMultiarchTest.freePort;
import static dev.qvm.cli.gdb.GdbMultiarchTest.gdbOrSkip;
import static dev.qvm.cli.gdb.GdbMultiarchTest.repo;
import static org.assertj.core.api.Assertions.assertThat;

import dev.qvm.cli.Main;
import dev.qvm.cpu.trace.SymbolTable;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Debian's {@code gdb-multiarch} in batch mode against the stub, with guest-images/gdb-smp: one
 * GDB thread per vCPU (a breakpoint hit by the secondary vCPU, switching threads and reading each
 * one's registers), and attaching to a guest that is already running (no {@code --gdb-wait}):
 * GDB interrupts it, reads X0 and memory, lets it run, stops it with Ctrl-C, frees it by writing
 * guest memory, breaks in the function it calls next and continues to the guest's exit. Skipped
 * loudly without gdb-multiarch, failed instead under QVM_REQUIRE_EXTERNAL=1.
 */
class GdbSmpTest {

  private static final Path ELF = repo().resolve("guest-images/gdb-smp/gdb-smp.elf");

  /** A QEMU-virt-like board with {@code cpus} vCPUs and the gdb-smp image, plus {@code extra} lines. */
  private static Path board(Path dir, int cpus, String... extra) throws Exception {
    List<String> lines = new ArrayList<>(List.of("system gdb-smp", "ram 0x40000000,128M"));
    for (int i = 0; i < cpus; i++) {
      lines.add("cpu");
    }
    lines.addAll(List.of("semihosting", "load " + ELF, "vdev pl011", "    loc 0x09000000", "    intr gic:33", "    hostdev >-"));
    lines.addAll(List.of(extra));
    Path board = dir.resolve("gdb-smp.qvmconf");
    Files.writeString(board, String.join("\n", lines) + "\n");
    return board;
  }

  /** qvm running in-process on its own thread, with its console and stderr captured. */
  private static final class Qvm {
    final ByteArrayOutputStream out = new ByteArrayOutputStream();
    final ByteArrayOutputStream err = new ByteArrayOutputStream();
    final AtomicInteger exit = new AtomicInteger(-1);
    final Thread thread;

    Qvm(String... args) {
      thread = Thread.ofPlatform().start(() -> {
        try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
            PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
          exit.set(Main.run(args, o, e));
        }
      });
    }

    String out() {
      return out.toString(StandardCharsets.UTF_8);
    }

    String err() {
      return err.toString(StandardCharsets.UTF_8);
    }

    void awaitText(ByteArrayOutputStream stream, String text) throws InterruptedException {
      long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
      while (!stream.toString(StandardCharsets.UTF_8).contains(text) && System.nanoTime() < deadline && thread.isAlive()) {
        Thread.sleep(20);
      }
      assertThat(stream.toString(StandardCharsets.UTF_8)).as("qvm printed %s; stderr:%n%s", text, err()).contains(text);
    }
  }

  /** Runs gdb-multiarch in batch mode on the gdb-smp image with {@code commands} (each one -ex). */
  private static String gdb(String gdb, int port, String... commands) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(gdb, "-nx", "-batch", "-ex", "set architecture aarch64", "-ex", "target remote 127.0.0.1:" + port));
    for (String c : commands) {
      cmd.add("-ex");
      cmd.add(c);
    }
    cmd.add(ELF.toString());
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String text = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).as("gdb finished").isTrue();
    return text;
  }

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void oneThreadPerVcpuAndABreakpointHitByTheSecondary(@TempDir Path dir) throws Exception {
    String gdb = gdbOrSkip();
    SymbolTable symbols = SymbolTable.read(ELF);
    long work = symbols.addressOf("secondary_work");
    assertThat(work).as("gdb-smp.elf has secondary_work").isPositive();
    int port = freePort();
    Qvm qvm = new Qvm("run", "--gdb", Integer.toString(port), "--gdb-wait", "--timeout", "90s", board(dir, 2).toString());
    qvm.awaitText(qvm.err, "gdb stub listening on 127.0.0.1:" + port);

    String out = gdb(gdb, port,
        "info threads", "break secondary_work", "continue", "info threads", "p $x0",
        "thread 1", "info registers pc", "thread 2", "info registers pc sp", "delete", "continue");
    qvm.thread.join(30_000);

    // Before CPU_ON: two threads, the second one powered off.
    assertThat(out).as(out).containsPattern("(?m)^\\* 1 +Thread 1 \\(vcpu0 EL1\\) 0x0*40080000 in _start \\(\\)");
    assertThat(out).as(out).containsPattern("(?m)^  2 +Thread 2 \\(vcpu1 off\\)");
    // The breakpoint is hit by vCPU 1, which GDB selects.
    Matcher placed = Pattern.compile("Breakpoint 1 at 0x([0-9a-f]+)").matcher(out);
    assertThat(placed.find()).as(out).isTrue();
    long bp = Long.parseUnsignedLong(placed.group(1), 16);
    assertThat(bp).as("after secondary_work's prologue").isBetween(work, work + 0x20);
    assertThat(out).as(out).contains("[Switching to Thread 2]");
    assertThat(out).as(out).containsPattern("Thread 2 hit Breakpoint 1, 0x0*" + Long.toHexString(bp) + " in secondary_work \\(\\)");
    assertThat(out).as(out).containsPattern("(?m)^\\* 2 +Thread 2 \\(vcpu1 EL1\\) 0x0*" + Long.toHexString(bp) + " in secondary_work");
    assertThat(out).as("secondary_work's argument, X0 of thread 2").contains("$1 = 7");
    // Thread 1's PC is in main (waiting for the secondary); thread 2's SP is on its own stack.
    long main = symbols.addressOf("main");
    Matcher pc1 = Pattern.compile("\\[Switching to thread 1 \\(Thread 1\\)\\][^\\n]*\\n[^\\n]*\\npc +0x([0-9a-f]+) ").matcher(out);
    assertThat(pc1.find()).as(out).isTrue();
    assertThat(Long.parseUnsignedLong(pc1.group(1), 16)).as("vCPU 0 is in main").isBetween(main, main + 0x200);
    assertThat(out).as(out).containsPattern("(?m)^pc +0x0*" + Long.toHexString(bp) + " ");
    assertThat(out).as(out).containsPattern("(?m)^sp +0x[0-9a-f]+ +0x[0-9a-f]+ <secondary_stack\\+\\d+>");
    assertThat(out).as(out).contains("exited normally");
    assertThat(qvm.exit.get()).as("qvm's exit code; stderr:%n%s", qvm.err()).isZero();
    assertThat(qvm.out()).contains("secondary vCPU: secondary_work(7) = 140").contains("gdb-smp: done");
  }

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void attachesToARunningGuestInterruptsItAndContinuesToItsExit(@TempDir Path dir) throws Exception {
    String gdb = gdbOrSkip();
    SymbolTable symbols = SymbolTable.read(ELF);
    long flag = symbols.addressOf("wait_for_debugger");
    long afterWait = symbols.addressOf("after_wait");
    assertThat(flag).as("gdb-smp.elf has wait_for_debugger").isPositive();
    // The board loads a 1 over wait_for_debugger: the guest then spins until a debugger clears it.
    Path one = dir.resolve("wait.bin");
    Files.write(one, new byte[] {1, 0, 0, 0});
    Path board = board(dir, 1, String.format("load 0x%x,%s", flag, one));
    // GDB's Ctrl-C, in batch mode: a timer posts "interrupt" while "continue" waits.
    Path ctrlC = dir.resolve("ctrl-c.py");
    Files.writeString(ctrlC, "import threading, gdb\n"
        + "threading.Timer(1.0, lambda: gdb.post_event(lambda: gdb.execute('interrupt'))).start()\n");
    int port = freePort();
    Qvm qvm = new Qvm("run", "--gdb", Integer.toString(port), "--timeout", "90s", board.toString());
    qvm.awaitText(qvm.out, "waiting for a debugger to clear wait_for_debugger");
    assertThat(qvm.err()).as("without --gdb-wait the vCPUs run at once").doesNotContain("halted until gdb continues");

    String out = gdb(gdb, port,
        "info registers x0 pc", "x/wx &wait_for_debugger",
        "source " + ctrlC, "continue", "p/x $x0",
        "break after_wait", "set {int}&wait_for_debugger = 0", "continue", "p/x $x0", "continue");
    qvm.thread.join(30_000);

    // Attaching stopped the guest in its spin loop in main, X0 counting the iterations.
    long main = symbols.addressOf("main");
    Matcher x0 = Pattern.compile("(?m)^x0 +0x([0-9a-f]+) ").matcher(out);
    Matcher pc = Pattern.compile("(?m)^pc +0x([0-9a-f]+) +0x[0-9a-f]+ <main\\+\\d+>").matcher(out);
    assertThat(x0.find() && pc.find()).as(out).isTrue();
    long spinsAtAttach = Long.parseUnsignedLong(x0.group(1), 16);
    assertThat(spinsAtAttach).as("the guest was running before GDB came").isPositive();
    assertThat(Long.parseUnsignedLong(pc.group(1), 16)).isBetween(main, main + 0x200);
    assertThat(out).as("memory through the translation").containsPattern("0x0*" + Long.toHexString(flag) + " <wait_for_debugger>:\\s+0x00000001");
    // Ctrl-C stopped the continued guest with SIGINT, after it ran on.
    assertThat(out).as(out).contains("Program received signal SIGINT, Interrupt.");
    Matcher afterCtrlC = Pattern.compile("\\$1 = 0x([0-9a-f]+)").matcher(out);
    assertThat(afterCtrlC.find()).as(out).isTrue();
    long spinsAtCtrlC = Long.parseUnsignedLong(afterCtrlC.group(1), 16);
    assertThat(spinsAtCtrlC).as("the guest ran between attach and Ctrl-C").isGreaterThan(spinsAtAttach);
    // Released by the memory write, the guest called after_wait(spins): the breakpoint is hit.
    assertThat(out).as(out).containsPattern("Breakpoint 1, 0x0*[0-9a-f]+ in after_wait \\(\\)");
    Matcher placed = Pattern.compile("Breakpoint 1 at 0x([0-9a-f]+)").matcher(out);
    assertThat(placed.find()).as(out).isTrue();
    assertThat(Long.parseUnsignedLong(placed.group(1), 16)).isBetween(afterWait, afterWait + 0x20);
    Matcher atBreak = Pattern.compile("\\$2 = 0x([0-9a-f]+)").matcher(out);
    assertThat(atBreak.find()).as(out).isTrue();
    // The loop is add, ldr, cbnz: stopped after the add, it leaves without counting again.
    assertThat(Long.parseUnsignedLong(atBreak.group(1), 16)).as("after_wait's argument: the final count")
        .isBetween(spinsAtCtrlC, spinsAtCtrlC + 1);
    assertThat(out).as(out).contains("exited normally");
    assertThat(qvm.exit.get()).as("qvm's exit code; stderr:%n%s", qvm.err()).isZero();
    assertThat(qvm.out()).contains("debugger released the guest after more than 1000 spins").contains("gdb-smp: done");
  }
}
