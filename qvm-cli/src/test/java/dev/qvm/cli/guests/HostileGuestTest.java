package dev.qvm.cli.guests;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 10, hostile guests: guest-images/hostile jumps to unmapped and device memory, touches the
 * words just past RAM and every window, misuses alignment and exclusives, and turns the MMU on
 * with all-zeros, all-ones and unbacked tables. Each must become the architected exception that
 * the guest's own handler checks (ESR, FAR, ELR), never a Java exception or a hang; the part
 * QEMU's virt board shares with qvm must print exactly what QEMU prints.
 */
class HostileGuestTest {

  /**
   * qvm's hostile board: the QEMU-like board with unmapped references faulting as on QEMU
   * ({@code unsupported reference fail}; qvm's default, as QNX's, is to ignore them), plus a ROM
   * holding the guest's marker, two pass-through windows (read/write and read-only) and a
   * wdt-sp805, for the probes only qvm can run.
   */
  static String hostileBoard() {
    Path rom = GuestHarness.repo().resolve("guest-images/hostile/rom.bin");
    return String.join(
        "\n",
        "unsupported reference fail",
        "rom 0x4a000000,64K",
        "data load 0x4a000000," + rom,
        "pass loc 0x4c000000,0x1000,rw",
        "pass loc 0x4c002000,0x1000,r",
        "vdev wdt-sp805",
        "    loc 0x0c000000",
        "");
  }

  @Test
  void everyProbeIsTheArchitectedExceptionAndQemuAgrees(@TempDir Path dir) throws Exception {
    Path elf = GuestHarness.image("hostile");
    GuestHarness.Run qvm = GuestHarness.qvm(elf, dir, "60s", hostileBoard());
    GuestHarness.assertMatchesExpect("hostile", qvm);
    assertThat(qvm.console())
        .as("the qvm-only probes ran and passed (the exit status counts failed checks)")
        .contains("board: qvm hostile board\n")
        .contains("board: jump to the pl011 (device memory): ok\n")
        .contains("board: device: alignment fault: ok\n")
        .contains("board: store to ROM: data abort, external, WnR: ok\n")
        .contains("board: ROM unchanged: ok\n")
        .contains("board: store to a read-only pass window: abort, WnR: ok\n")
        .contains("board: just past the end of the wdt-sp805:\n")
        .doesNotContain("FAIL");
    assertThat(qvm.status()).isZero();

    // GICv3, as qvm's GIC and qemu-test.sh: with GICv2 QEMU maps a CPU interface where the probe
    // expects nothing after the distributor.
    GuestHarness.Run qemu = GuestHarness.qemu(elf, 60, "virt,gic-version=3");
    assertThat(qemu.console()).contains("board: no qvm ROM marker: qvm board probes skipped\n");
    GuestHarness.assertSameAsQemu("hostile (the probes QEMU's virt board shares)", common(qvm), common(qemu));
  }

  /** The console up to the "board:" probes, with the exit status of a passing run. */
  private static GuestHarness.Run common(GuestHarness.Run run) {
    String console = run.console();
    int board = console.indexOf("board: ");
    return new GuestHarness.Run(board < 0 ? console : console.substring(0, board), run.status());
  }
}
