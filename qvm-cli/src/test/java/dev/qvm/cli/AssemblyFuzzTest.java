package dev.qvm.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import dev.qvm.core.config.ConfigException;
import dev.qvm.core.config.MemoryMapEntry;
import dev.qvm.core.config.QvmConfig;
import dev.qvm.core.config.QvmConfigParser;
import dev.qvm.core.config.VdevCatalog;
import dev.qvm.core.config.VmLayout;
import dev.qvm.core.config.VmLayoutPlanner;
import dev.qvm.core.memory.GuestMemoryAllocationException;
import dev.qvm.core.vm.Vm;
import dev.qvm.core.vm.VmAssembler;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 10, "Configs", the part the parser-level fuzzer (qvm-core {@code ConfigFuzzTest}) cannot
 * reach: boards built from vdev and pass-through contexts with random sub-option values
 * (windows that overlap RAM, the GIC or each other, windows beyond the IPA space, interrupts that
 * are SGIs/PPIs/special/duplicate/of an unknown PIC, hostdev specs, watchdog actions and
 * frequencies, flash sizes and files, missing files and directories), lightly mutated, then
 * parsed, planned and <em>assembled</em> with the real vdev providers and the AArch64 vCPU factory
 * (no guest runs). Every outcome must be a VM, or one located line {@code FILE:LINE:COL: message}
 * (exit 65), or the one-line "cannot allocate" of a host shortfall (exit 64); never another
 * exception, never a hang. Each VM and each failed assembly must give back what it opened: the
 * process's file descriptors do not grow.
 *
 * <p>{@code -Dqvm.fuzz.seed=S} (default random, printed), {@code -Dqvm.fuzz.assembly.count=N}
 * (default 3,000), {@code -Dqvm.fuzz.case=I} (one case).
 */
class AssemblyFuzzTest {

  private static final long GOLDEN = 0x9E3779B97F4A7C15L;

  /** Guest memory a case may ask for: the fuzzer tests assembly, not the host's memory. */
  private static final long MAX_GUEST_MEMORY = 64L << 20;

  private static final Pattern LOCATED = Pattern.compile("^[^\\n]*:[0-9]+:[0-9]+: [^\\n]+$");

  @TempDir Path dir;

  private static final List<String> ADDRESSES =
      List.of(
          "0x09000000", "0x09001000", "0x09000800", "0x08000000", "0x080a0000", "0x40000000",
          "0x40fff000", "0x41000000", "0x0", "0xfffffff000", "0x10000000000", "0xffffffffffffffff",
          "0x0a000000", "0x0c000000", "0x4c000000", "mem:0x0b000000", "0x1000", "0x3ffff000");

  private static final List<String> INTRS =
      List.of(
          "gic:33", "gic:34", "gic:40", "gic:32", "gic:31", "gic:27", "gic:16", "gic:15", "gic:0",
          "gic:1019", "gic:1020", "gic:1023", "gic:1024", "gic:287", "gic:288", "gic", "gic:",
          "other:33", "intc:35", "gic:-1", "gic:0x21", "gic:33,u", "gic:99999999999");

  private static final List<String> HOSTDEVS =
      List.of(
          ">-", ">out.txt", "<in.txt", "in.txt", "<missing.txt", ">nodir/out.txt", "<nodir/in",
          "tcp:0", "tcp:65536", "tcp:-1", "tcp:", "tcp:abc", ">", "<", "\"\"", ">\"\"", "-");

  private static final List<String> SIZES =
      List.of("64M", "4k", "0", "1", "3k", "0x4000000", "32M", "1G", "-1", "0x1000", "4097");

  /** The case's contexts: each picks its sub-options' values from the pools above. */
  private String context(SplittableRandom r) {
    return switch (r.nextInt(8)) {
      case 0, 1 ->
          "vdev pl011" + opt(r, "loc", ADDRESSES) + opt(r, "intr", INTRS) + opt(r, "hostdev", HOSTDEVS)
              + opt(r, "hostdev", HOSTDEVS) + opt(r, "name", List.of("uart0", "uart1", "a:b", "gic", "\"\""));
      case 2 ->
          "vdev wdt-sp805" + opt(r, "loc", ADDRESSES) + opt(r, "intr", INTRS)
              + opt(r, "action", List.of("terminate", "dump,terminate", "fiq", "dump", "bogus", "terminate,dump", "fiq,fiq", "\"\""))
              + opt(r, "frequency", List.of("25000000", "1", "0", "-1", "0x10", "99999999999999999999", "1M", "4294967296"));
      case 3 ->
          "vdev cfi-flash" + opt(r, "loc", ADDRESSES) + opt(r, "size", SIZES)
              + opt(r, "file", List.of("flash.img", "missing.img", "nodir/f.img", "adir", "k.bin"))
              + (r.nextBoolean() ? " rw" : "");
      case 4 ->
          "vdev gic" + opt(r, "loc", ADDRESSES) + opt(r, "redist", ADDRESSES)
              + opt(r, "version", List.of("3", "2", "4", "0"))
              + opt(r, "spis", List.of("32", "64", "0", "988", "989", "1000", "-1", "33"))
              + opt(r, "name", List.of("intc", "gic", "a:b"));
      case 5 ->
          "pass loc " + pick(r, ADDRESSES) + "," + pick(r, SIZES) + "," + pick(r, List.of("rw", "r", "rwx", "rwn", "", "q", "rw=0x2c000000", "rw=0x"))
              + opt(r, "intr", INTRS)
              + opt(r, "backend", List.of("file:dev.bin", "file:nodir/dev.bin", "file:adir", "file:", "mem:x"))
              + opt(r, "irq", List.of("fifo:irq.fifo", "unix:irq.sock", "fifo:nodir/f", "tcp:1", "fifo:"));
      case 6 -> "reserve " + (r.nextBoolean() ? "loc " + pick(r, ADDRESSES) + "," + pick(r, SIZES) : "intr " + pick(r, List.of("33", "40", "gic:34", "1020", "-1")));
      default -> "vdev " + pick(r, List.of("pl011", "wdt-sp805", "cfi-flash", "gic", "shmem", "ioapic", "virtio-blk", "vdev-pl011.so", "nosuch"));
    };
  }

  /** A sub-option with a value from {@code values}, half the time. */
  private static String opt(SplittableRandom r, String name, List<String> values) {
    return r.nextBoolean() ? "" : "\n    " + name + " " + pick(r, values);
  }

  private static String pick(SplittableRandom r, List<String> values) {
    return values.get(r.nextInt(values.size()));
  }

  /** A small mutation now and then: a word dropped or doubled, two lines swapped. */
  private static String mutate(SplittableRandom r, String text) {
    List<String> words = new ArrayList<>(Arrays.asList(text.split("(?<=\\s)|(?=\\s)")));
    switch (r.nextInt(6)) {
      case 0 -> {
        int i = r.nextInt(words.size());
        if (!words.get(i).isBlank()) {
          words.set(i, "");
        }
      }
      case 1 -> {
        int i = r.nextInt(words.size());
        words.add(i, words.get(i) + " ");
      }
      case 2 -> {
        List<String> lines = new ArrayList<>(Arrays.asList(text.split("\n")));
        if (lines.size() > 2) {
          int a = 1 + r.nextInt(lines.size() - 1);
          int b = 1 + r.nextInt(lines.size() - 1);
          String t = lines.get(a);
          lines.set(a, lines.get(b));
          lines.set(b, t);
        }
        return String.join("\n", lines) + "\n";
      }
      default -> {
        return text;
      }
    }
    return String.join("", words);
  }

  private String board(SplittableRandom r) {
    StringBuilder sb = new StringBuilder("system fuzz\nram 0x40000000," + pick(r, List.of("16M", "16M", "16M", "4M", "4k")) + "\n");
    if (r.nextInt(4) == 0) {
      sb.append("rom ").append(pick(r, List.of("0x0,64k", "0x4a000000,64k", "0x40000000,4k", "0x09000000,4k"))).append('\n');
    }
    if (r.nextInt(3) == 0) {
      sb.append("cpu\ncpu\n");
    }
    sb.append("load 0x40080000,k.bin\n");
    int contexts = r.nextInt(5);
    for (int i = 0; i < contexts; i++) {
      sb.append(context(r)).append('\n');
    }
    String text = sb.toString();
    return r.nextInt(3) == 0 ? mutate(r, text) : text;
  }

  private record Finding(String signature, String detail) {}

  /** How often each kind of error came, to show what the cases reached. */
  private static final Map<String, Integer> ERROR_KINDS = new java.util.TreeMap<>();

  @Test
  void assembledBoardsGiveAVmOrOneLocatedLine() throws Exception {
    long seed = Long.getLong("qvm.fuzz.seed", new SplittableRandom().nextLong());
    int count = Integer.getInteger("qvm.fuzz.assembly.count", 3_000);
    Integer only = Integer.getInteger("qvm.fuzz.case");
    System.out.printf("AssemblyFuzzTest: -Dqvm.fuzz.seed=%d -Dqvm.fuzz.assembly.count=%d%n", seed, count);
    Files.write(dir.resolve("k.bin"), new byte[] {0x00, 0x00, 0x00, 0x14}); // b .
    Files.write(dir.resolve("in.txt"), "typed\n".getBytes());
    Files.write(dir.resolve("flash.img"), new byte[4096]);
    Files.write(dir.resolve("dev.bin"), new byte[4096]);
    Files.createDirectories(dir.resolve("adir"));
    VdevCatalog catalog = VdevCatalog.fromServiceLoader();

    Map<String, Finding> findings = new LinkedHashMap<>();
    int[] outcomes = new int[4]; // VMs, located errors, host shortfalls, skipped (too much memory)
    int first = only == null ? 0 : only;
    int last = only == null ? count : only + 1;
    long fdsBefore = openFileDescriptors();
    assertTimeoutPreemptively(
        Duration.ofSeconds(Math.max(180, count / 10)),
        () -> {
          for (int i = first; i < last; i++) {
            SplittableRandom r = new SplittableRandom(seed ^ (i * GOLDEN));
            Path file = dir.resolve("case.qvmconf");
            String text = board(r);
            Finding f = runCase(i, file, text, catalog, outcomes);
            if (f != null) {
              findings.putIfAbsent(f.signature(), f);
            }
          }
        },
        "a case hung: rerun with the printed seed and -Dqvm.fuzz.case=I to find it");
    long fdsAfter = openFileDescriptors();
    System.out.printf(
        "AssemblyFuzzTest: %d cases: %d VMs assembled, %d located errors, %d host shortfalls, %d skipped (over %d MiB of guest memory), %d kinds of crash; open fds %d -> %d%n",
        last - first, outcomes[0], outcomes[1], outcomes[2], outcomes[3], MAX_GUEST_MEMORY >> 20, findings.size(), fdsBefore, fdsAfter);
    ERROR_KINDS.entrySet().stream()
        .sorted(Map.Entry.<String, Integer>comparingByValue().reversed())
        .limit(25)
        .forEach(k -> System.out.printf("AssemblyFuzzTest:   %5d  %s%n", k.getValue(), k.getKey()));
    assertThat(findings.values()).as("crashes (seed %d); each is one kind, with its first case", seed).isEmpty();
    if (only == null && count >= 500) {
      assertThat(outcomes[0]).as("some boards must assemble, or the fuzzer tests nothing").isPositive();
      assertThat(outcomes[1]).as("and some must be rejected").isPositive();
      assertThat(fdsAfter - fdsBefore).as("file descriptors left open by %d assemblies (sockets, files, FIFOs)", last - first).isLessThan(16);
    }
  }

  private static Finding runCase(int index, Path file, String text, VdevCatalog catalog, int[] outcomes) {
    Vm vm = null;
    try {
      QvmConfig config = QvmConfigParser.parse(file, text, List.of(), Map.of());
      VmLayout layout = VmLayoutPlanner.plan(config, catalog);
      long memory = layout.ramRegions().stream().mapToLong(MemoryMapEntry::size).sum();
      if (memory > MAX_GUEST_MEMORY || text.contains("1G")) {
        outcomes[3]++;
        return null;
      }
      vm = Board.assemble(layout, new VmAssembler.Options(new ByteArrayOutputStream(), new ByteArrayInputStream(new byte[0]), false));
      outcomes[0]++;
      return null;
    } catch (ConfigException e) {
      outcomes[1]++;
      String message = e.getMessage();
      ERROR_KINDS.merge(signature(e.bareMessage()), 1, Integer::sum);
      if (!message.startsWith(file.toString()) || !LOCATED.matcher(message).matches()) {
        return new Finding("unlocated or multi-line: " + signature(e.bareMessage()), describe(index, text, "message " + message));
      }
      return null;
    } catch (GuestMemoryAllocationException e) {
      outcomes[2]++;
      return e.getMessage().indexOf('\n') < 0 ? null : new Finding("multi-line shortfall", describe(index, text, e.getMessage()));
    } catch (RuntimeException | StackOverflowError e) {
      StackTraceElement top =
          Arrays.stream(e.getStackTrace())
              .filter(s -> s.getClassName().startsWith("dev.qvm"))
              .findFirst()
              .orElse(e.getStackTrace().length > 0 ? e.getStackTrace()[0] : null);
      return new Finding(e.getClass().getName() + " at " + top, describe(index, text, e + " at " + top));
    } finally {
      if (vm != null) {
        vm.close();
      }
    }
  }

  private static String signature(String message) {
    String words = message.split("['\"0-9\n]", 2)[0];
    return words.length() > 40 ? words.substring(0, 40) : words;
  }

  private static String describe(int index, String text, String what) {
    return "case " + index + " (-Dqvm.fuzz.case=" + index + "): " + what + "\n  board:\n" + text.indent(4);
  }

  private static long openFileDescriptors() throws IOException {
    Path fds = Path.of("/proc/self/fd");
    if (!Files.isDirectory(fds)) {
      return 0;
    }
    try (Stream<Path> s = Files.list(fds)) {
      return s.count();
    }
  }
}
