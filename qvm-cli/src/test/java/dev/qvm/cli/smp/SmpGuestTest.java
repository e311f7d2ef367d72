package dev.qvm.cli.smp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.qvm.cli.Main;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The SMP guests (guest-images/smp-*) on 2 and 4 vCPUs, through the real {@code qvm run}: each
 * run must pass the guest's own checks, match its expect.txt and end within the time limit
 * (a hang fails with where every vCPU was). Each is run {@code qvm.smp.runs} times (default 2)
 * with CI-sized parameters; {@code -Dqvm.smp.full=true} runs the guests' own defaults (1,000,000
 * lock increments per vCPU, 200,000 litmus rounds, ...), and the acceptance loop is
 * {@code -Dqvm.smp.runs=10 -Dqvm.smp.full=true}. The same image under QEMU ({@code -smp N},
 * with the same parameters on {@code -append}, its vCPUs round-robin) must print the same
 * console, once per case.
 */
class SmpGuestTest {

  private static final int RUNS = Integer.getInteger("qvm.smp.runs", 2);
  private static final boolean FULL = Boolean.getBoolean("qvm.smp.full");

  /** One case: a guest, a vCPU count, its command-line parameters, and the CPU model. */
  record Case(String guest, int vcpus, String params, boolean lse) {
    @Override
    public String toString() {
      return guest + " on " + vcpus + " vCPUs" + (lse ? " with LSE" : "") + (params.isEmpty() ? "" : " (" + params + ")");
    }
  }

  static Stream<Arguments> cases() {
    List<Arguments> all = new ArrayList<>();
    for (int n : new int[] {2, 4}) {
      all.add(Arguments.of(new Case("smp-cpuon", n, "", false)));
      all.add(Arguments.of(new Case("smp-sgi", n, FULL ? "" : "rounds=2000", false)));
      all.add(Arguments.of(new Case("smp-lock", n, FULL ? "" : "iterations=20000", false)));
      all.add(Arguments.of(new Case("smp-lock", n, FULL ? "" : "iterations=20000", true)));
      all.add(Arguments.of(new Case("smp-litmus", n, FULL ? "" : "rounds=20000", false)));
      all.add(Arguments.of(new Case("smp-tlbi", n, FULL ? "" : "rounds=100", false)));
    }
    return all.stream();
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("cases")
  void passesRepeatedlyWithoutHangingAndMatchesQemu(Case c, @TempDir Path dir) throws Exception {
    Path elf = repo().resolve("guest-images").resolve(c.guest()).resolve(c.guest() + ".elf");
    Path board = dir.resolve(c.guest() + ".qvmconf");
    Files.writeString(board, board(elf, c));
    String first = null;
    for (int run = 1; run <= RUNS; run++) {
      long start = System.nanoTime();
      Run qvm = qvm(board);
      long ms = (System.nanoTime() - start) / 1_000_000;
      System.err.printf("SmpGuestTest: %s, run %d/%d: exit %d in %d ms%n", c, run, RUNS, qvm.status(), ms);
      assertMatchesExpect(c, qvm, run);
      if (c.lse()) {
        assertThat(qvm.console()).as("%s: the LSE counter ran", c).containsPattern("STADD counter: [0-9]+, exact");
      }
      if (first == null) {
        first = qvm.console();
      } else {
        assertThat(qvm.console()).as("%s, run %d prints what run 1 printed", c, run).isEqualTo(first);
      }
    }
    Run qemu = qemu(elf, c);
    if (qemu != null) {
      assertThat(first).as("%s: qvm prints what QEMU prints", c).isEqualTo(qemu.console());
      assertThat(qemu.status()).isZero();
    }
  }

  private static String board(Path elf, Case c) {
    List<String> lines = new ArrayList<>(List.of("system " + c.guest(), "ram 0x40000000,128M"));
    for (int i = 0; i < c.vcpus(); i++) {
      lines.add("cpu");
    }
    lines.addAll(List.of("semihosting", "load " + elf.toAbsolutePath(), "vdev pl011", "    loc 0x09000000", "    intr gic:33", "    hostdev >-"));
    if (!c.params().isEmpty()) {
      lines.add("cmdline \"" + c.params() + "\"");
    }
    if (c.lse()) {
      lines.add("set cpu-model cortex-a57-lse");
    }
    return String.join("\n", lines) + "\n";
  }

  record Run(String console, int status, String stderr) {}

  private static Path repo() {
    return Path.of(System.getProperty("qvm.repo.root", "..")).toAbsolutePath().normalize();
  }

  private static Run qvm(Path board) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code;
    try (PrintStream o = new PrintStream(out, true, StandardCharsets.UTF_8);
        PrintStream e = new PrintStream(err, true, StandardCharsets.UTF_8)) {
      code = Main.run(new String[] {"run", "--timeout", FULL ? "300s" : "120s", board.toString()}, o, e);
    }
    return new Run(out.toString(StandardCharsets.UTF_8).replace("\r", ""), code, err.toString(StandardCharsets.UTF_8));
  }

  /** expect.txt: "status N", then one regular expression per line, matched in order. */
  private static void assertMatchesExpect(Case c, Run run, int number) throws IOException {
    String where = String.format("%s, run %d: exit %d%n---- console ----%n%s---- stderr ----%n%s", c, number, run.status(), run.console(), run.stderr());
    assertThat(run.stderr()).as(where).doesNotContain("Exception");
    List<String> lines = run.console().lines().toList();
    int at = 0;
    for (String pattern : Files.readAllLines(repo().resolve("guest-images").resolve(c.guest()).resolve("expect.txt"))) {
      if (pattern.isEmpty() || pattern.startsWith("#")) {
        continue;
      }
      if (pattern.startsWith("status ")) {
        assertThat(run.status()).as(where).isEqualTo(Integer.parseInt(pattern.substring(7).trim()));
        continue;
      }
      Pattern p = Pattern.compile(pattern);
      while (at < lines.size() && !p.matcher(lines.get(at)).matches()) {
        at++;
      }
      if (at >= lines.size()) {
        fail("no output line (in order) matches %s; %s", pattern, where);
      }
      at++;
    }
  }

  /** The guest under QEMU virt with the same vCPUs, CPU and parameters, or null (a loud skip). */
  private static Run qemu(Path elf, Case c) throws IOException, InterruptedException {
    String qemu = System.getenv().getOrDefault("QEMU", "qemu-system-aarch64");
    boolean found = false;
    for (String d : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
      found |= Files.isExecutable(Path.of(d, qemu));
    }
    if (!found) {
      String required = System.getenv("QVM_REQUIRE_EXTERNAL");
      if ("1".equals(required) || "true".equals(required)) {
        fail("QVM_REQUIRE_EXTERNAL is set but %s is missing", qemu);
      }
      System.err.println("SmpGuestTest: SKIPPED the QEMU comparison for " + c + ", " + qemu + " not found (apt-get install qemu-system-arm)");
      return null;
    }
    // Round-robin TCG (one host thread, switching vCPUs at WFE/YIELD): with a thread per vCPU,
    // every spin-wait hand-over costs a host time slice when vCPUs outnumber free cores, and a
    // busy CI host turned the 4-vCPU litmus run into minutes (guest-images/qemu-test.sh).
    List<String> cmd = new ArrayList<>(List.of(qemu, "-M", "virt,gic-version=3", "-accel", "tcg,thread=single", "-cpu", c.lse() ? "max" : "cortex-a57", "-smp", Integer.toString(c.vcpus()),
        "-m", "128M", "-nographic", "-monitor", "none", "-serial", "stdio", "-semihosting", "-kernel", elf.toString()));
    if (!c.params().isEmpty()) {
      cmd.addAll(List.of("-append", c.params()));
    }
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null"))).start();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Thread reader = Thread.ofPlatform().start(() -> {
      try {
        p.getInputStream().transferTo(out);
      } catch (IOException e) {
        // the process ended; what was read is kept
      }
    });
    if (!p.waitFor(120, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      reader.join(5000);
      fail("QEMU did not finish %s within 120 s; it printed:%n%s", c, out.toString(StandardCharsets.UTF_8));
    }
    reader.join(5000);
    return new Run(out.toString(StandardCharsets.UTF_8).replace("\r", ""), p.exitValue(), "");
  }
}
