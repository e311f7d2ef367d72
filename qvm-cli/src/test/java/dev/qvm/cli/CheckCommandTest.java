package dev.qvm.cli;

import static dev.qvm.cli.CliTesting.example;
import static dev.qvm.cli.CliTesting.qvm;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.Test;

/** {@code qvm check}: the assembled VM described as text and as JSON, and stage-2 walks. */
class CheckCommandTest {

  @Test
  void jsonDescribesTheVm() throws Exception {
    var r = qvm("check", example("hello.qvmconf").toString(), "--json");
    assertThat(r.exitCode()).isZero();
    JsonNode vm = new ObjectMapper().readTree(r.out());
    assertThat(vm.path("name").asText()).isEqualTo("hello");
    assertThat(vm.path("entry").asText()).isEqualTo("0x40080000");
    assertThat(vm.path("vcpus")).hasSize(1);
    assertThat(vm.path("gic").path("distributor").asText()).isEqualTo("0x8000000");
    assertThat(vm.path("vdevs").get(0).path("type").asText()).isEqualTo("pl011");
    assertThat(vm.path("vdevs").get(0).path("intid").asInt()).isEqualTo(33);
    assertThat(vm.path("stage2").path("vtcrEl2").asText()).isEqualTo("0x80053558");
    boolean hasRam = false;
    for (JsonNode e : vm.path("memoryMap")) {
      hasRam |= e.path("kind").asText().equals("ram") && e.path("ipa").asText().equals("0x40000000") && e.path("size").asLong() == 128L << 20;
    }
    assertThat(hasRam).as("128 MiB of RAM at 0x40000000 in the memory map").isTrue();
  }

  @Test
  void textListsMapAndInterrupts() {
    var r = qvm("check", example("hello.qvmconf").toString());
    assertThat(r.exitCode()).isZero();
    assertThat(r.out()).contains("Memory map").contains("pl011-0").contains("INTID 33").contains("VTCR_EL2=0x80053558");
  }

  @Test
  void walkShowsEachLevelOfStage2() {
    var r = qvm("check", example("hello.qvmconf").toString(), "--walk", "0x40080000", "--walk", "0x9000000");
    assertThat(r.exitCode()).isZero();
    assertThat(r.out()).contains("level 1:").contains("Block (2M)").contains("MMIO exit to pl011-0");
  }
}
