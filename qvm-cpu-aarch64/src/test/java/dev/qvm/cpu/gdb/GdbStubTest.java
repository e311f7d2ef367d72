package dev.qvm.cpu.gdb;

import static org.assertj.core.api.Assertions.assertThat;

import dev.qvm.core.vm.VmControl;
import dev.qvm.cpu.asm.A64;
import dev.qvm.cpu.testing.TestMachine;
import dev.qvm.cpu.trace.DebugLoop;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * The GDB stub over a real socket with a minimal RSP client: breakpoints, watchpoints (stopping
 * before the access), single step, register and memory access, Ctrl-C, and kill, on a
 * one-vCPU test machine running in its debug loop.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class GdbStubTest {

  private static final long CODE = TestMachine.RAM_BASE + 0x1000;
  private static final long DATA = TestMachine.RAM_BASE + 0x2000;

  private TestMachine machine;
  private GdbStub stub;
  private Thread vcpu;
  private final AtomicBoolean stopping = new AtomicBoolean();
  private Socket socket;
  private InputStream in;
  private OutputStream out;
  private boolean acks = true;

  @BeforeEach
  void start() throws Exception {
    machine = new TestMachine();
    machine.load(
        CODE,
        A64.movz(true, 1, 0x4000, 16), // x1 = 0x40000000
        A64.movk(true, 1, 0x2000, 0), // x1 = DATA
        A64.movz(true, 0, 7, 0), // +0x08: x0 = 7
        0xf9000020, // +0x0c: str x0, [x1]
        0xf9400022, // +0x10: ldr x2, [x1]
        A64.addImm(true, 0, 0, 1, false), // +0x14: add x0, x0, #1
        0x14000000); // +0x18: b .
    VmControl vm =
        new VmControl() {
          @Override
          public void requestStop(int exitCode, String reason) {
            stopping.set(true);
            machine.cpu.requestStop();
          }

          @Override
          public boolean stopping() {
            return stopping.get();
          }
        };
    GdbSession session = new GdbSession(vm, List.of(machine.cpu), true);
    stub = GdbStub.start(session, 0, new PrintStream(OutputStream.nullOutputStream()));
    machine.cpu.debugLoop = new DebugLoop(0, session, null);
    vcpu = Thread.ofPlatform().name("vcpu0").start(machine.cpu::run);
    socket = new Socket(InetAddress.getLoopbackAddress(), stub.port());
    in = socket.getInputStream();
    out = socket.getOutputStream();
  }

  @AfterEach
  void stop() throws Exception {
    stopping.set(true);
    machine.cpu.requestStop();
    vcpu.join(5000);
    socket.close();
    stub.close();
  }

  @Test
  void breakpointWatchpointStepRegistersMemoryAndInterrupt() throws Exception {
    assertThat(ask("qSupported:multiprocess+;swbreak+")).contains("qXfer:features:read+").contains("PacketSize=");
    assertThat(ask("QStartNoAckMode")).isEqualTo("OK");
    acks = false;
    assertThat(ask("?")).as("--gdb-wait: halted before the first instruction").isEqualTo("T05thread:1;");
    assertThat(ask("p20")).as("PC (register 32) little-endian").isEqualTo(le(CODE, 8));
    assertThat(ask("qfThreadInfo")).isEqualTo("m1");
    assertThat(ask("qXfer:features:read:target.xml:0,3fff")).startsWith("l<?xml").contains("org.gnu.gdb.aarch64.fpu").contains("name=\"cpsr\" bitsize=\"32\"");

    // Software breakpoint on the store.
    assertThat(ask("Z0," + Long.toHexString(CODE + 0xc) + ",4")).isEqualTo("OK");
    assertThat(ask("c")).isEqualTo("T05thread:1;");
    assertThat(ask("p20")).isEqualTo(le(CODE + 0xc, 8));
    assertThat(ask("p0")).as("x0 = 7").isEqualTo(le(7, 8));
    assertThat(ask("z0," + Long.toHexString(CODE + 0xc) + ",4")).isEqualTo("OK");

    // A write watchpoint stops before the store happens (ARM ARM D2.10), PC on the store.
    assertThat(ask("Z2," + Long.toHexString(DATA) + ",8")).isEqualTo("OK");
    assertThat(ask("c")).isEqualTo("T05watch:" + Long.toHexString(DATA) + ";thread:1;");
    assertThat(ask("p20")).isEqualTo(le(CODE + 0xc, 8));
    assertThat(ask("m" + Long.toHexString(DATA) + ",8")).as("not yet written").isEqualTo(le(0, 8));
    assertThat(ask("z2," + Long.toHexString(DATA) + ",8")).isEqualTo("OK");

    // A read watchpoint lets the store through and stops on the load.
    assertThat(ask("Z3," + Long.toHexString(DATA) + ",8")).isEqualTo("OK");
    assertThat(ask("vCont;c")).isEqualTo("T05rwatch:" + Long.toHexString(DATA) + ";thread:1;");
    assertThat(ask("p20")).isEqualTo(le(CODE + 0x10, 8));
    assertThat(ask("m" + Long.toHexString(DATA) + ",8")).as("the store happened").isEqualTo(le(7, 8));
    assertThat(ask("z3," + Long.toHexString(DATA) + ",8")).isEqualTo("OK");

    // Single steps, and a register written by GDB is what the next instruction reads.
    assertThat(ask("vCont;s:1")).isEqualTo("T05thread:1;");
    assertThat(ask("p20")).isEqualTo(le(CODE + 0x14, 8));
    assertThat(ask("p2")).as("the load read the stored value").isEqualTo(le(7, 8));
    assertThat(ask("P0=" + le(0x100, 8))).isEqualTo("OK");
    assertThat(ask("s")).isEqualTo("T05thread:1;");
    assertThat(ask("p0")).isEqualTo(le(0x101, 8));

    // Memory written by GDB reads back through the same translation.
    assertThat(ask("M" + Long.toHexString(DATA + 8) + ",4:deadbeef")).isEqualTo("OK");
    assertThat(ask("m" + Long.toHexString(DATA + 8) + ",4")).isEqualTo("deadbeef");
    assertThat(ask("m10,4")).as("nothing mapped at IPA 0x10").startsWith("E");

    // The guest now spins in "b .": Ctrl-C stops it with SIGINT.
    send("c");
    Thread.sleep(200);
    out.write(0x03);
    out.flush();
    assertThat(receive()).isEqualTo("T02thread:1;");
    assertThat(ask("p20")).isEqualTo(le(CODE + 0x18, 8));

    // k stops the VM.
    send("k");
    vcpu.join(5000);
    assertThat(stopping.get()).isTrue();
    assertThat(vcpu.isAlive()).as("the vCPU thread ended").isFalse();
  }

  private static String le(long value, int bytes) {
    StringBuilder s = new StringBuilder();
    Rsp.appendLittleEndian(s, value, bytes);
    return s.toString();
  }

  private String ask(String packet) throws IOException {
    send(packet);
    return receive();
  }

  private void send(String packet) throws IOException {
    out.write(("$" + packet + "#" + String.format("%02x", Rsp.checksum(packet))).getBytes(StandardCharsets.ISO_8859_1));
    out.flush();
    if (acks) {
      assertThat(in.read()).as("ack of " + packet).isEqualTo('+');
    }
  }

  private String receive() throws IOException {
    int c;
    while ((c = in.read()) != '$') {
      assertThat(c).as("connection open").isNotNegative();
    }
    StringBuilder data = new StringBuilder();
    while ((c = in.read()) != '#') {
      data.append((char) c);
    }
    int hi = in.read();
    int lo = in.read();
    assertThat(Character.digit(hi, 16) * 16 + Character.digit(lo, 16)).as("checksum").isEqualTo(Rsp.checksum(data.toString()));
    if (acks) {
      out.write('+');
      out.flush();
    }
    return data.toString();
  }
}
