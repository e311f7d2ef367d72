package dev.qvm.cli.gic;

import static org.assertj.core.api.Assertions.assertThat;

import dev.qvm.core.config.QvmConfigParser;
import dev.qvm.core.config.VdevCatalog;
import dev.qvm.core.config.VmLayout;
import dev.qvm.core.config.VmLayoutPlanner;
import dev.qvm.core.vm.Vm;
import dev.qvm.core.vm.VmAssembler;
import dev.qvm.cpu.Aarch64VcpuFactory;
import dev.qvm.cpu.CpuModel;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pl011 receive interrupt end to end: characters on qvm's stdin ({@code hostdev -}) reach
 * the guest's RX FIFO, the pl011 raises SPI 33, the GIC delivers it, and the guest's handler
 * drains UARTDR (guest-images/gic-uart-rx).
 */
class UartRxInterruptTest {

  private static String run(Path dir, byte[] input) throws Exception {
    Path elf = GicGuests.image("gic-uart-rx");
    Path board = dir.resolve("uart-rx.qvmconf");
    Files.writeString(board, String.join("\n", "system uart-rx", "ram 0x40000000,128M", "semihosting", "load " + elf, "vdev pl011", "    loc 0x09000000", "    intr gic:33", "    hostdev -", ""));
    VmLayout layout = VmLayoutPlanner.plan(QvmConfigParser.parse(board, List.of(), System.getenv()), VdevCatalog.fromServiceLoader());
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    Vm vm = VmAssembler.assemble(layout, new Aarch64VcpuFactory(CpuModel.CORTEX_A57), new VmAssembler.Options(out, new ByteArrayInputStream(input), false));
    Vm.StopReason stop = vm.run(Duration.ofSeconds(60));
    assertThat(stop.exitCode()).as("guest exit status; console: %s", out).isZero();
    return out.toString(StandardCharsets.UTF_8).replace("\r", "");
  }

  @Test
  void typedCharactersArriveByRxInterrupt(@TempDir Path dir) throws Exception {
    String console = run(dir, "hello-rx q".getBytes(StandardCharsets.US_ASCII));
    assertThat(console).contains("received by RX interrupt: hello-rx ").contains("RX interrupts delivered");
  }

  @Test
  void withoutInputTheGuestSaysSo(@TempDir Path dir) throws Exception {
    String console = run(dir, new byte[0]);
    assertThat(console).contains("no host input");
  }
}
