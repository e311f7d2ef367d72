package dev.qvm.cli.guests;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The exception, MMU and identification guests (guest-images/exc-*, mmu-*, id-regs): each must
 * pass its own checks and match expect.txt under qvm, and print exactly what QEMU prints for the
 * same image.
 */
class ExceptionGuestTest {

  @ParameterizedTest
  @ValueSource(strings = {"exc-basic", "exc-el0", "mmu-basic", "id-regs"})
  void guestPassesUnderQvmAndMatchesQemu(String guest, @TempDir Path dir) throws Exception {
    Path elf = GuestHarness.image(guest);
    GuestHarness.Run qvm = GuestHarness.qvm(elf, dir, "60s");
    GuestHarness.assertMatchesExpect(guest, qvm);
    GuestHarness.Run qemu = GuestHarness.qemu(elf, 60);
    GuestHarness.assertSameAsQemu(guest, qvm, qemu);
  }

  /**
   * {@code set cpu-model cortex-a57-lse} changes exactly the three ID fields that describe what
   * it adds (D17.2.61-65): ID_AA64ISAR0_EL1.Atomic = 2 (FEAT_LSE), ID_AA64ISAR1_EL1.LRCPC = 1
   * and ID_AA64MMFR1_EL1.LO = 1; every other line of id-regs, MIDR included, stays the
   * cortex-a57's. (QEMU has no "cortex-a57 plus LSE" to compare with: its {@code max} is a
   * different CPU altogether, so the reference here is qvm's own cortex-a57 run.)
   */
  @Test
  void lseModelChangesOnlyItsOwnIdFields(@TempDir Path dir) throws Exception {
    Path elf = GuestHarness.image("id-regs");
    Path a57 = Files.createDirectories(dir.resolve("a57"));
    Path lse = Files.createDirectories(dir.resolve("lse"));
    List<String> plain = GuestHarness.qvm(elf, a57, "60s").console().lines().toList();
    GuestHarness.Run run = GuestHarness.qvm(elf, lse, "60s", "set cpu-model cortex-a57-lse");
    assertThat(run.status()).as("id-regs on cortex-a57-lse:%n%s", run.console()).isZero();
    List<String> withLse = run.console().lines().toList();
    assertThat(withLse).hasSameSizeAs(plain);
    List<String> changed = new ArrayList<>();
    for (int i = 0; i < plain.size(); i++) {
      if (!plain.get(i).equals(withLse.get(i))) {
        changed.add(withLse.get(i));
      }
    }
    assertThat(changed).containsExactly(
        "ID_AA64ISAR0_EL1: 0x0000000000211120",
        "ID_AA64ISAR1_EL1: 0x0000000000100000",
        "ID_AA64MMFR1_EL1: 0x0000000000010000");
  }
}
