package dev.qvm.core.semihosting;

import static dev.qvm.core.semihosting.FakeVcpu.BASE;
import static dev.qvm.core.semihosting.SemihostingOp.*;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SemihostingConsoleTest {
  private static final long BLOCK = BASE + 0x100;
  private static final long NAME = BASE + 0x200;
  private static final long BUF = BASE + 0x1000;

  private final FakeVcpu vcpu = new FakeVcpu(0x4000);
  private final RecordingVm vm = new RecordingVm();
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();
  private final Semihosting semihosting =
      new Semihosting(
          vm,
          new ByteArrayInputStream("ab".getBytes(StandardCharsets.US_ASCII)),
          out,
          err,
          HeapInfo.NONE,
          "guest --verbose",
          new FakeClock());

  private String out() {
    return out.toString(StandardCharsets.ISO_8859_1);
  }

  private long errno() {
    return vcpu.call(semihosting, SYS_ERRNO, 0);
  }

  private long openTt(long mode) {
    vcpu.putString(NAME, ":tt");
    vcpu.putBlock(BLOCK, NAME, mode, 3);
    return vcpu.call(semihosting, SYS_OPEN, BLOCK);
  }

  @Test
  void writecPrintsTheByteX1PointsToAndLeavesX0() {
    vcpu.putBytes(BUF, new byte[] {'Q'});
    long x0 = vcpu.call(semihosting, SYS_WRITEC, BUF);
    assertThat(out()).as("SYS_WRITEC writes the byte at [X1]").isEqualTo("Q");
    assertThat(x0).as("SYS_WRITEC returns nothing; X0 keeps the op").isEqualTo(SYS_WRITEC);
  }

  @Test
  void write0PrintsUpToTheNul() {
    vcpu.putString(BUF, "Hello, semihosting\n");
    vcpu.call(semihosting, SYS_WRITE0, BUF);
    assertThat(out()).isEqualTo("Hello, semihosting\n");
  }

  @Test
  void write0ReadsAStringEndingJustBeforeUnmappedMemory() {
    // The NUL is the last mapped byte: a read past it would fault, so reading must stop there.
    long va = vcpu.end() - 5000;
    vcpu.putString(va, "x".repeat(4999));
    vcpu.call(semihosting, SYS_WRITE0, va);
    assertThat(out()).hasSize(4999);
  }

  @Test
  void write0WithoutNulBeforeUnmappedMemoryFailsWithEfault() {
    long va = vcpu.end() - 16;
    vcpu.putBytes(va, "0123456789abcdef".getBytes(StandardCharsets.US_ASCII));
    assertThat(vcpu.call(semihosting, SYS_WRITE0, va)).isEqualTo(-1);
    assertThat(errno()).isEqualTo(Semihosting.EFAULT);
    assertThat(out()).as("nothing is printed from a faulting string").isEmpty();
  }

  @Test
  void operationNumberIsW0AndIgnoresTheUpperHalfOfX0() {
    vcpu.putString(BUF, "w0");
    vcpu.call(semihosting, 0xFFFF_FFFF_0000_0000L | SYS_WRITE0, BUF);
    assertThat(out()).isEqualTo("w0");
  }

  @Test
  void openTtGivesStdinStdoutOrStderrByMode() {
    long stdout = openTt(4); // "w"
    long stderr = openTt(8); // "a"
    long stdin = openTt(0); // "r"
    assertThat(stdout).isPositive();
    assertThat(stderr).isPositive().isNotEqualTo(stdout);
    assertThat(stdin).isPositive().isNotIn(stdout, stderr);

    vcpu.putBytes(BUF, "to out".getBytes(StandardCharsets.US_ASCII));
    vcpu.putBlock(BLOCK, stdout, BUF, 6);
    assertThat(vcpu.call(semihosting, SYS_WRITE, BLOCK)).as("all bytes written").isZero();
    vcpu.putBlock(BLOCK, stderr, BUF, 2);
    assertThat(vcpu.call(semihosting, SYS_WRITE, BLOCK)).isZero();

    assertThat(out()).isEqualTo("to out");
    assertThat(err.toString(StandardCharsets.US_ASCII)).isEqualTo("to");
  }

  @Test
  void writeToAHandleNotOpenForWritingWritesNothing() {
    long stdin = openTt(0);
    vcpu.putBlock(BLOCK, stdin, BUF, 7);
    assertThat(vcpu.call(semihosting, SYS_WRITE, BLOCK)).as("7 bytes not written").isEqualTo(7);
    assertThat(errno()).isEqualTo(Semihosting.EBADF);
    vcpu.putBlock(BLOCK, 99, BUF, 7);
    assertThat(vcpu.call(semihosting, SYS_WRITE, BLOCK)).isEqualTo(7);
  }

  @Test
  void writeRunningIntoUnmappedMemoryReportsTheBytesNotWritten() {
    long stdout = openTt(4);
    long va = vcpu.end() - 10;
    vcpu.putBytes(va, "0123456789".getBytes(StandardCharsets.US_ASCII));
    vcpu.putBlock(BLOCK, stdout, va, 25);
    assertThat(vcpu.call(semihosting, SYS_WRITE, BLOCK)).isEqualTo(15);
    assertThat(out()).as("the mapped prefix is written").isEqualTo("0123456789");
    assertThat(errno()).isEqualTo(Semihosting.EFAULT);
  }

  @Test
  void openOfAHostFileIsRefused() {
    vcpu.putString(NAME, "/etc/passwd");
    vcpu.putBlock(BLOCK, NAME, 0, 11);
    assertThat(vcpu.call(semihosting, SYS_OPEN, BLOCK)).isEqualTo(-1);
    assertThat(errno()).isEqualTo(Semihosting.ENOENT);
  }

  @Test
  void openWithAModeOutsideZeroToElevenIsInvalid() {
    assertThat(openTt(12)).isEqualTo(-1);
    assertThat(errno()).isEqualTo(Semihosting.EINVAL);
  }

  @Test
  void openReadsTheNameLengthFromTheBlockNotANul() {
    vcpu.putString(NAME, ":ttX");
    vcpu.putBlock(BLOCK, NAME, 4, 3);
    assertThat(vcpu.call(semihosting, SYS_OPEN, BLOCK)).isPositive();
  }

  @Test
  void closeFreesTheHandleOnce() {
    long h = openTt(4);
    vcpu.putBlock(BLOCK, h);
    assertThat(vcpu.call(semihosting, SYS_CLOSE, BLOCK)).isZero();
    assertThat(vcpu.call(semihosting, SYS_CLOSE, BLOCK)).isEqualTo(-1);
    assertThat(errno()).isEqualTo(Semihosting.EBADF);
    assertThat(openTt(4)).as("the lowest free handle is reused").isEqualTo(h);
  }

  @Test
  void readcReturnsConsoleBytesThenMinusOneAtEndOfInput() {
    assertThat(vcpu.call(semihosting, SYS_READC, 0)).isEqualTo('a');
    assertThat(vcpu.call(semihosting, SYS_READC, 0)).isEqualTo('b');
    assertThat(vcpu.call(semihosting, SYS_READC, 0)).isEqualTo(-1);
  }

  @Test
  void readFromStdinStoresWhatIsAvailableAndReturnsTheBytesNotRead() {
    long stdin = openTt(0);
    vcpu.putBlock(BLOCK, stdin, BUF, 10);
    assertThat(vcpu.call(semihosting, SYS_READ, BLOCK)).isEqualTo(8);
    assertThat(vcpu.getBytes(BUF, 2)).containsExactly('a', 'b');
    assertThat(vcpu.call(semihosting, SYS_READ, BLOCK))
        .as("at end of input nothing is read")
        .isEqualTo(10);
  }

  @Test
  void isttyIsOneForTheConsoleAndMinusOneForABadHandle() {
    vcpu.putBlock(BLOCK, openTt(4));
    assertThat(vcpu.call(semihosting, SYS_ISTTY, BLOCK)).isEqualTo(1);
    vcpu.putBlock(BLOCK, 42);
    assertThat(vcpu.call(semihosting, SYS_ISTTY, BLOCK)).isEqualTo(-1);
    assertThat(errno()).isEqualTo(Semihosting.EBADF);
  }

  @Test
  void iserrorIsNonZeroExactlyForNegativeStatus() {
    vcpu.putBlock(BLOCK, -1);
    assertThat(vcpu.call(semihosting, SYS_ISERROR, BLOCK)).isEqualTo(1);
    vcpu.putBlock(BLOCK, 0);
    assertThat(vcpu.call(semihosting, SYS_ISERROR, BLOCK)).isZero();
    vcpu.putBlock(BLOCK, 5);
    assertThat(vcpu.call(semihosting, SYS_ISERROR, BLOCK)).isZero();
  }

  @Test
  void featureFileReportsExitExtendedAndStdoutStderr() {
    vcpu.putString(NAME, ":semihosting-features");
    vcpu.putBlock(BLOCK, NAME, 0, 21);
    long h = vcpu.call(semihosting, SYS_OPEN, BLOCK);
    assertThat(h).isPositive();
    vcpu.putBlock(BLOCK, h);
    assertThat(vcpu.call(semihosting, SYS_FLEN, BLOCK)).isEqualTo(5);
    vcpu.putBlock(BLOCK, h, BUF, 5);
    assertThat(vcpu.call(semihosting, SYS_READ, BLOCK)).isZero();
    assertThat(vcpu.getBytes(BUF, 5)).containsExactly('S', 'H', 'F', 'B', 0b11);
    vcpu.putBlock(BLOCK, h, 4);
    assertThat(vcpu.call(semihosting, SYS_SEEK, BLOCK)).isZero();
    vcpu.putBlock(BLOCK, h, BUF, 5);
    assertThat(vcpu.call(semihosting, SYS_READ, BLOCK)).as("one byte left after seek").isEqualTo(4);
    assertThat(vcpu.getBytes(BUF, 1)).containsExactly(0b11);
  }

  @Test
  void featureFileOpensOnlyForReading() {
    vcpu.putString(NAME, ":semihosting-features");
    vcpu.putBlock(BLOCK, NAME, 4, 21);
    assertThat(vcpu.call(semihosting, SYS_OPEN, BLOCK)).isEqualTo(-1);
    assertThat(errno()).isEqualTo(Semihosting.EACCES);
  }

  @Test
  void getCmdlineCopiesTheStringAndItsLength() {
    vcpu.putBlock(BLOCK, BUF, 64);
    assertThat(vcpu.call(semihosting, SYS_GET_CMDLINE, BLOCK)).isZero();
    assertThat(new String(vcpu.getBytes(BUF, 16), StandardCharsets.US_ASCII))
        .isEqualTo("guest --verbose\0");
    assertThat(vcpu.getLong(BLOCK + 8)).as("length without the NUL").isEqualTo(15);
  }

  @Test
  void getCmdlineIntoATooSmallBufferFails() {
    vcpu.putBlock(BLOCK, BUF, 15);
    assertThat(vcpu.call(semihosting, SYS_GET_CMDLINE, BLOCK)).isEqualTo(-1);
    assertThat(errno()).isEqualTo(Semihosting.E2BIG);
  }

  @Test
  void unknownOperationReturnsMinusOneEveryTime() {
    assertThat(vcpu.call(semihosting, 0x77, 0)).isEqualTo(-1);
    assertThat(vcpu.call(semihosting, 0x77, 0)).isEqualTo(-1);
    assertThat(vcpu.call(semihosting, SYS_SYSTEM, BLOCK)).isEqualTo(-1);
    assertThat(vm.stops).as("an unknown call does not stop the VM").isEmpty();
  }

  @Test
  void parameterBlockInUnmappedMemoryFailsWithEfault() {
    assertThat(vcpu.call(semihosting, SYS_WRITE, vcpu.end() + 64)).isEqualTo(-1);
    assertThat(errno()).isEqualTo(Semihosting.EFAULT);
  }
}
