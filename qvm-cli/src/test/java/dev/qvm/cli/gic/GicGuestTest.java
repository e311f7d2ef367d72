package dev.qvm.cli.gic;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The GICv3 guests (guest-images/gic-*): each passes its own checks under qvm, matches its
 * expect.txt, and prints what QEMU's virt board with a GICv3 prints for the same image.
 */
class GicGuestTest {

  @ParameterizedTest
  @ValueSource(strings = {"gic-sgi", "gic-timer", "gic-prio", "gic-eoimode1", "gic-pending", "gic-pass", "gic-passwin", "gic-ptimer", "gic-storm", "gic-shutdown"})
  void guestPassesUnderQvmAndMatchesQemu(String guest, @TempDir Path dir) throws Exception {
    Path elf = GicGuests.image(guest);
    GicGuests.Run qvm = GicGuests.qvm(dir, GicGuests.board(elf), Duration.ofSeconds(60), null);
    GicGuests.assertMatchesExpect(guest, qvm);
    GicGuests.Run qemu = GicGuests.qemu(elf);
    if (qemu != null) {
      assertThat(qvm.console()).as("%s: qvm prints what QEMU prints", guest).isEqualTo(qemu.console());
      assertThat(qvm.status()).isEqualTo(qemu.status());
    }
  }
}
