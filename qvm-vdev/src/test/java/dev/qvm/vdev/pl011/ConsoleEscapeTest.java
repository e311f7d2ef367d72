package dev.qvm.vdev.pl011;

import static org.assertj.core.api.Assertions.assertThat;

import dev.qvm.core.vm.VmControl;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import org.junit.jupiter.api.Test;

/** QEMU's console escapes on {@code hostdev -}: Ctrl-A x stops the VM, Ctrl-A Ctrl-A sends one. */
class ConsoleEscapeTest {

  static final class RecordingVm implements VmControl {
    int exitCode = -1;
    String reason;

    @Override
    public void requestStop(int code, String why) {
      exitCode = code;
      reason = why;
    }

    @Override
    public boolean stopping() {
      return exitCode >= 0;
    }
  }

  private static String drain(InputStream in) throws IOException {
    StringBuilder sb = new StringBuilder();
    int b;
    while ((b = in.read()) >= 0) {
      sb.append((char) b);
    }
    return sb.toString();
  }

  @Test
  void ctrlAxStopsTheVmWithExitCodeZeroAndSendsNothing() throws IOException {
    ConsoleEscape escape = new ConsoleEscape("uart");
    RecordingVm vm = new RecordingVm();
    escape.attach(vm);
    InputStream in = escape.new Filter(new ByteArrayInputStream(new byte[] {'l', 's', 1, 'x', 'z'}));
    assertThat(drain(in)).isEqualTo("lsz");
    assertThat(vm.exitCode).isZero();
    assertThat(vm.reason).contains("Ctrl-A x");
  }

  @Test
  void ctrlACtrlASendsOneCtrlAAndOtherKeysPassThrough() throws IOException {
    ConsoleEscape escape = new ConsoleEscape("uart");
    RecordingVm vm = new RecordingVm();
    escape.attach(vm);
    InputStream in = escape.new Filter(new ByteArrayInputStream(new byte[] {1, 1, 1, 'q', 'a'}));
    assertThat(drain(in)).as("Ctrl-A Ctrl-A -> Ctrl-A; Ctrl-A q -> Ctrl-A q: nothing typed is lost").isEqualTo("\u0001\u0001qa");
    assertThat(vm.stopping()).isFalse();
  }

  @Test
  void aPipedStdinIsPassedThroughUntouched() throws IOException {
    ConsoleEscape escape = new ConsoleEscape("uart");
    InputStream piped = new ByteArrayInputStream(new byte[] {1, 'x'});
    assertThat(escape.wrap(piped)).as("not the process's terminal: no raw mode, no escapes").isSameAs(piped);
  }
}
