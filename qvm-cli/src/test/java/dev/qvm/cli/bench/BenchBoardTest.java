package dev.qvm.cli.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.qvm.core.config.ConfigException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class BenchBoardTest {

  private static final Path ROOT = Path.of(System.getProperty("qvm.repo.root", "..")).toAbsolutePath().normalize();

  @Test
  void everyCommittedBenchmarkBoardLoadsItsCommittedImage() throws Exception {
    List<BenchBoard> boards = BenchBoard.discover(ROOT.resolve("qvmconf-examples/bench"));
    assertThat(boards).extracting(BenchBoard::name)
        .contains("intmix", "branch", "memops", "sieve", "crc32", "matmul", "ptrchase", "svc", "tlb")
        .isSorted();
    for (BenchBoard b : boards) {
      assertThat(b.image()).as(b.name()).isEqualTo(ROOT.resolve("guest-images/bench/" + b.name() + "/" + b.name() + ".elf"));
      assertThat(b.image()).as("QEMU boots the same ELF").isRegularFile();
      assertThat(b.ramBytes()).as("the benchmarks' memory plan needs 128 MiB").isEqualTo(128L << 20);
    }
  }

  @Test
  void aBoardWithoutAnImageIsAConfigError(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("empty.qvmconf");
    Files.writeString(f, "system empty\nram 0x40000000,16M\n");
    assertThatThrownBy(() -> BenchBoard.read(f)).isInstanceOf(ConfigException.class)
        .hasMessage(f + ":1:1: a benchmark board needs a 'load' of its image");
  }

  @Test
  void findsTheRepositoryFromASubdirectory() {
    assertThat(BenchCommand.findRepo(ROOT.resolve("guest-images/bench"))).isEqualTo(ROOT);
  }
}
