package dev.qvm.core.config.fuzz;

import dev.qvm.core.config.VdevCatalog;
import dev.qvm.core.vdev.Vdev;
import dev.qvm.core.vdev.VdevContext;
import dev.qvm.core.vdev.VdevProvider;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;

/**
 * The configs the fuzzer starts from: every example board in {@code qvmconf-examples/} (read
 * where it lies, so its relative {@code load} paths resolve) and synthetic boards that use every
 * option the language has, written into a directory together with the small files they load.
 */
final class FuzzCorpus {

  /** One starting point: the path errors will name, and the text. */
  record Seed(Path file, String text) {}

  /** The environment {@code $env{}} sees: set, empty, and full of the lexer's special characters. */
  static final Map<String, String> ENV =
      Map.of("QVM_FUZZ", "0x9000000", "QVM_FUZZ_EMPTY", "", "QVM_FUZZ_SPACES", "a b # c \" d");

  /** Command-line words appended to some cases, as {@code qvm run FILE WORDS...} does. */
  static final List<String> EXTRA_WORDS = List.of("set", "fdt-dump-file", "b.dtb", "dryrun");

  private static final List<String> SYNTHETIC =
      List.of(
          """
          system full
          ram 0x40000000,128M
          rom 0x0,64k
          cpu sched 10r runmask 0,1 cluster big partition p1
          cpu affinity 0.0.0.1
          load 0x40080000,k.bin
          initrd load 0x48000000,rd.cpio
          fdt load 0x47000000,board.dtb
          data load 0x0,k.bin
          cmdline "console=ttyAMA0 \\
            earlycon=pl011,0x9000000
            root=/dev/ram"
          semihosting
          psci smc
          entry 0x40080000
          tolerance 100
          logger error,warn,info stderr
          unsupported register ignore
          unsupported instruction abort
          set counter-offset 0 set exit-on-halt off set gic-hwassist on set icount on
          set cpu-model cortex-a57
          """,
          """
          system devices
          ram 1M
          ram 0x80000000,4k
          vdev gic loc 0x08000000 redist 080A0000 spis 64 name intc version 3
          vdev vdev-pl011.so loc mem:0x09000000 intr intc:33 name uart0 hostdev >- sched 20
          vdev pl011 loc 0x9001000 intr gic hostdev tcp:0
          vdev wdt-sp805 loc 0x9002000 intr gic:40 action dump,terminate frequency 1000000
          vdev cfi-flash loc 0x0 size 64M file flash.img rw
          pass loc mem:0x1c000000,4k,rw=0x2c000000 loc 1d000000,0x100,rwxncm
              intr gic:44,u=76 backend file:dev.bin irq fifo:/tmp/qvm-fuzz-irq
          pass loc 0x1e000000,0x1000,rn intr gic:45 irq unix:/tmp/qvm-fuzz-sock
          reserve loc 0x20000000,1M
          reserve intr 50 reserve intr gic:51
          load 0x40000000,k.bin
          """,
          "ram 4k load 0x40000000,k.bin vdev pl011 vdev pl011 vdev wdt-sp805 action fiq\n",
          "# only a comment\n",
          "",
          "system \"a name with spaces\"\ncpu cpu cpu cpu\nram 0x40000000,$env{QVM_FUZZ}\n"
              + "load 40000000,k.bin\nvdev pl011 loc $env{QVM_FUZZ} hostdev \">|cat\"\n");

  private FuzzCorpus() {}

  /** The examples and the synthetic boards; the synthetic ones and their files go into {@code dir}. */
  static List<Seed> seeds(Path repo, Path dir) throws IOException {
    List<Seed> seeds = new ArrayList<>();
    try (Stream<Path> files = Files.list(repo.resolve("qvmconf-examples"))) {
      for (Path p : files.filter(f -> f.toString().endsWith(".qvmconf")).sorted().toList()) {
        seeds.add(new Seed(p, Files.readString(p)));
      }
    }
    Files.write(dir.resolve("k.bin"), new byte[] {0x00, 0x00, 0x00, 0x14}); // b .
    Files.write(dir.resolve("rd.cpio"), new byte[512]);
    Files.write(dir.resolve("board.dtb"), new byte[] {(byte) 0xd0, 0x0d, (byte) 0xfe, (byte) 0xed});
    for (int i = 0; i < SYNTHETIC.size(); i++) {
      seeds.add(new Seed(dir.resolve("synthetic" + i + ".qvmconf"), SYNTHETIC.get(i)));
    }
    return seeds;
  }

  /** Fake providers with the real vdevs' names, options and windows: planning never creates one. */
  static VdevCatalog catalog() {
    return VdevCatalog.of(
        List.of(
            new FakeProvider("pl011", Set.of("hostdev", "sched"), 0x1000),
            new FakeProvider("wdt-sp805", Set.of("action", "frequency"), 0x1000),
            new FakeProvider("cfi-flash", Set.of("size", "file", "rw"), 0x400_0000)));
  }

  private record FakeProvider(String type, Set<String> options, long windowSize)
      implements VdevProvider {

    @Override
    public Vdev create(VdevContext context) {
      throw new UnsupportedOperationException("the fuzzer only parses and plans");
    }
  }
}
