package dev.qvm.cpu.exec;

import static org.assertj.core.api.Assertions.assertThat;

import dev.qvm.cpu.testing.TestMachine;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/** The committed hello guest runs on the bare interpreter and exits 0 with its greeting. */
class HelloGuestTest {

  static Path image(String name) {
    return Path.of(System.getProperty("qvm.repo.root", "..")).resolve("guest-images/" + name + "/" + name + ".bin");
  }

  @Test
  void helloPrintsGreetingAndExitsZero() throws Exception {
    TestMachine m = new TestMachine();
    m.loadBytes(0x4008_0000L, Files.readAllBytes(image("hello")));
    m.cpu.pc = 0x4008_0000L;
    m.runUntilStop(50_000_000L);
    assertThat(m.uart.toString()).contains("Hello from a qvm guest!").contains("CurrentEL: EL1").contains("MIDR_EL1: 0x411FD070").contains("All checks passed.");
    assertThat(m.exitStatus).as("hello exits with the number of failed self-checks").isEqualTo(0);
  }

  @Test
  void failExitsThree() throws Exception {
    TestMachine m = new TestMachine();
    m.loadBytes(0x4008_0000L, Files.readAllBytes(image("fail")));
    m.cpu.pc = 0x4008_0000L;
    m.runUntilStop(50_000_000L);
    assertThat(m.exitStatus).isEqualTo(3);
  }
}
