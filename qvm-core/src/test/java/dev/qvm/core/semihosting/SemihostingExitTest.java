package dev.qvm.core.semihosting;

import static dev.qvm.core.semihosting.FakeVcpu.BASE;
import static dev.qvm.core.semihosting.SemihostingOp.*;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedOutputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SemihostingExitTest {
  private static final long BLOCK = BASE + 0x100;
  private static final long TEXT = BASE + 0x200;

  private final FakeVcpu vcpu = new FakeVcpu(0x1000);
  private final RecordingVm vm = new RecordingVm();
  private final ByteArrayOutputStream sink = new ByteArrayOutputStream();

  @Test
  void applicationExitStopsTheVmWithTheSubcodeAsExitCode() {
    Semihosting semihosting = new Semihosting(vm, sink, HeapInfo.NONE);
    vcpu.putBlock(BLOCK, ADP_Stopped_ApplicationExit, 3);
    vcpu.call(semihosting, SYS_EXIT, BLOCK);
    assertThat(vm.stops).hasSize(1);
    assertThat(vm.stops.getFirst().exitCode()).isEqualTo(3);
    assertThat(vm.stops.getFirst().reason()).contains("SYS_EXIT").contains("status 3");
  }

  @Test
  void applicationExitWithZeroIsSuccess() {
    Semihosting semihosting = new Semihosting(vm, sink, HeapInfo.NONE);
    vcpu.putBlock(BLOCK, ADP_Stopped_ApplicationExit, 0);
    vcpu.call(semihosting, SYS_EXIT, BLOCK);
    assertThat(vm.stops).extracting(RecordingVm.Stop::exitCode).containsExactly(0);
  }

  @Test
  void anyOtherReasonIsAFailureWithExitCodeOneAsUnderQemu() {
    Semihosting semihosting = new Semihosting(vm, sink, HeapInfo.NONE);
    vcpu.putBlock(BLOCK, ADP_Stopped_RunTimeErrorUnknown, 0);
    vcpu.call(semihosting, SYS_EXIT, BLOCK);
    assertThat(vm.stops).extracting(RecordingVm.Stop::exitCode).containsExactly(1);
    assertThat(vm.stops.getFirst().reason()).contains("ADP_Stopped_RunTimeErrorUnknown");
  }

  @Test
  void exitExtendedTakesTheSameBlock() {
    Semihosting semihosting = new Semihosting(vm, sink, HeapInfo.NONE);
    vcpu.putBlock(BLOCK, ADP_Stopped_ApplicationExit, 42);
    vcpu.call(semihosting, SYS_EXIT_EXTENDED, BLOCK);
    assertThat(vm.stops).extracting(RecordingVm.Stop::exitCode).containsExactly(42);
  }

  @Test
  void exitFlushesBufferedConsoleOutputBeforeStopping() {
    // The guest's last words must reach qvm's stdout even though the VM then stops.
    BufferedOutputStream buffered = new BufferedOutputStream(sink, 1 << 16);
    Semihosting semihosting = new Semihosting(vm, buffered, HeapInfo.NONE);
    vcpu.putBytes(TEXT, "bye".getBytes(StandardCharsets.US_ASCII));
    long stdout = openStdout(semihosting);
    vcpu.putBlock(BLOCK, stdout, TEXT, 3);
    vcpu.call(semihosting, SYS_WRITE, BLOCK);
    vcpu.putBlock(BLOCK, ADP_Stopped_ApplicationExit, 0);
    vcpu.call(semihosting, SYS_EXIT, BLOCK);
    assertThat(sink.toString(StandardCharsets.US_ASCII)).isEqualTo("bye");
  }

  @Test
  void exitWithAnUnreadableBlockDoesNotStopAndFails() {
    Semihosting semihosting = new Semihosting(vm, sink, HeapInfo.NONE);
    assertThat(vcpu.call(semihosting, SYS_EXIT, vcpu.end())).isEqualTo(-1);
    assertThat(vm.stops).isEmpty();
  }

  private long openStdout(Semihosting semihosting) {
    long name = BASE + 0x300;
    vcpu.putString(name, ":tt");
    vcpu.putBlock(BLOCK, name, 4, 3);
    return vcpu.call(semihosting, SYS_OPEN, BLOCK);
  }
}
