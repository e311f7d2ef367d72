package dev.qvm.cli.guests;

import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The exception and MMU guests (guest-images/exc-*, mmu-*): each must pass its own checks and
 * match expect.txt under qvm, and print exactly what QEMU prints for the same image.
 */
class ExceptionGuestTest {

  @ParameterizedTest
  @ValueSource(strings = {"exc-basic", "exc-el0", "mmu-basic"})
  void guestPassesUnderQvmAndMatchesQemu(String guest, @TempDir Path dir) throws Exception {
    Path elf = GuestHarness.image(guest);
    GuestHarness.Run qvm = GuestHarness.qvm(elf, dir, "60s");
    GuestHarness.assertMatchesExpect(guest, qvm);
    GuestHarness.Run qemu = GuestHarness.qemu(elf, 60);
    GuestHarness.assertSameAsQemu(guest, qvm, qemu);
  }
}
