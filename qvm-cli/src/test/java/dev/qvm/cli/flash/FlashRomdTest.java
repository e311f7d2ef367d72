package dev.qvm.cli.flash;

import static org.assertj.core.api.Assertions.assertThat;

import dev.qvm.core.config.ConfigException;
import dev.qvm.core.config.Location;
import dev.qvm.core.config.SubOption;
import dev.qvm.core.config.VdevCatalog;
import dev.qvm.core.irq.InterruptLine;
import dev.qvm.core.memory.PageMapping;
import dev.qvm.core.memory.PhysicalMemory;
import dev.qvm.core.memory.RomDevice;
import dev.qvm.core.memory.RomDeviceMemory;
import dev.qvm.core.memory.RomdWindow;
import dev.qvm.core.vdev.VdevContext;
import dev.qvm.core.vm.VcpuContext;
import dev.qvm.core.vm.VcpuExits;
import dev.qvm.cpu.CpuModel;
import dev.qvm.cpu.Vcpu;
import dev.qvm.cpu.exec.CodePages;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A vCPU running against a real {@code cfi-flash} bank at IPA 0 in ROMD mode: read-array reads and
 * fetches from the bank cost no exit; a command write traps to the bank and makes the whole window
 * trap (reads included) until Read Array; a block erase and program followed by Read Array drop
 * both the soft TLB's view of the old cells and the code decoded from them. The bank is wrapped
 * in a device that counts the exits it gets, and the guest reports at checkpoints ({@code HVC
 * #n}), where the test records the counts on the vCPU's own thread.
 */
class FlashRomdTest {

  private static final long RAM = 0x4000_0000L;
  private static final long CODE_IN_FLASH = 0x2000;

  /** The guest, assembled with aarch64-linux-gnu-as; registers are preset by the test. */
  private static final int[] GUEST = {
    0xd2807d09, //       mov  x9, #1000
    0xb9400281, // 1:    ldr  w1, [x20]            read array, 1000 times
    0xf1000529, //       subs x9, x9, #1
    0x54ffffc1, //       b.ne 1b
    0xd4000022, //       hvc  #1
    0xd63f02a0, //       blr  x21                  execute in place: w0 = 0x1234
    0xd4000042, //       hvc  #2
    0xb9015682, //       str  w2, [x20, #0x154]    CFI Query (0x98) at word 0x55
    0xb9404283, //       ldr  w3, [x20, #0x40]     query word 0x10: "Q" on both lanes
    0xd4000062, //       hvc  #3
    0xb9000284, //       str  w4, [x20]            Read Array (0xff)
    0xd2807d09, //       mov  x9, #1000
    0xb9400285, // 2:    ldr  w5, [x20]            read array again, 1000 times
    0xf1000529, //       subs x9, x9, #1
    0x54ffffc1, //       b.ne 2b
    0xd4000082, //       hvc  #4
    0xb8356a8b, //       str  w11, [x20, x21]      Program setup (0x40), no erase before:
    0xb8356a98, //       str  w24, [x20, x21]      bits 1 to 0 only, movz w0 #0x1234 -> #0x1200
    0xb9000284, //       str  w4, [x20]            Read Array
    0xd63f02a0, //       blr  x21                  the programmed code: w0 = 0x1200
    0xd40000a2, //       hvc  #5
    0xb9000286, //       str  w6, [x20]            Block Erase setup (0x20)
    0xb9000287, //       str  w7, [x20]            Erase confirm (0xd0): block 0
    0xb9400288, //       ldr  w8, [x20]            status register
    0xb8356a8b, //       str  w11, [x20, x21]      Program setup (0x40)
    0xb8356a96, //       str  w22, [x20, x21]      new first instruction at 0x2000
    0x910012ac, //       add  x12, x21, #4
    0xb82c6a8b, //       str  w11, [x20, x12]      Program setup
    0xb82c6a97, //       str  w23, [x20, x12]      ret at 0x2004
    0xb9000284, //       str  w4, [x20]            Read Array
    0xb940028d, //       ldr  w13, [x20]           the erased cell
    0xd63f02a0, //       blr  x21                  the new code: w0 = 0x5678
    0xd40000c2, //       hvc  #6
    0x14000000, // 3:    b    3b
  };

  private static final int MOVZ_W0_0x1234 = 0x52824680;
  private static final int MOVZ_W0_0x5678 = 0x528acf00;
  private static final int MOVZ_W0_0x1200 = 0x52824000;
  private static final int RET = 0xd65f03c0;

  @TempDir Path dir;

  /** What the test saw at one checkpoint. */
  private record Checkpoint(int number, long reads, long writes, boolean romd, long[] x) {}

  /** Forwards to the bank and counts the accesses that reached it (the exits). */
  private static final class CountingFlash implements RomDevice {
    final RomDevice flash;
    final AtomicLong reads = new AtomicLong();
    final AtomicLong writes = new AtomicLong();

    CountingFlash(RomDevice flash) {
      this.flash = flash;
    }

    @Override
    public long read(long offset, int size) {
      reads.incrementAndGet();
      return flash.read(offset, size);
    }

    @Override
    public void write(long offset, int size, long value) {
      writes.incrementAndGet();
      flash.write(offset, size, value);
    }

    @Override
    public RomDeviceMemory romdMemory() {
      return flash.romdMemory();
    }

    @Override
    public void attachRomdWindow(RomdWindow window) {
      flash.attachRomdWindow(window);
    }
  }

  private static long both(int command) {
    return (command & 0xffffL) | (command & 0xffffL) << 16;
  }

  @Test
  void readArrayIsMappedCommandsTrapAndProgrammedCodeIsRedecoded() throws Exception {
    // The bank's image: a data word at 0 and a function at 0x2000, both in erase block 0.
    ByteBuffer image = ByteBuffer.allocate((int) CODE_IN_FLASH + 8).order(ByteOrder.LITTLE_ENDIAN);
    for (int i = 4; i < CODE_IN_FLASH; i++) {
      image.put(i, (byte) 0xff);
    }
    image.putInt(0, 0x1122_3344);
    image.putInt((int) CODE_IN_FLASH, MOVZ_W0_0x1234);
    image.putInt((int) CODE_IN_FLASH + 4, RET);
    Files.write(dir.resolve("flash.bin"), image.array());
    // The real vdev, found as qvm run finds it (the name after "vdev").
    CountingFlash flash =
        new CountingFlash(
            (RomDevice) VdevCatalog.fromServiceLoader().apply("cfi-flash").orElseThrow().create(new Context(dir)));

    PhysicalMemory memory =
        PhysicalMemory.builder()
            .addMmio("flash0", 0, 64L << 20, flash)
            .addRam("ram", RAM, 1 << 20)
            .build();
    RomdWindow window = memory.romdWindows().getFirst();
    for (int i = 0; i < GUEST.length; i++) {
      memory.write32(RAM + 4L * i, GUEST[i]);
    }

    List<Checkpoint> checkpoints = new ArrayList<>();
    Vcpu[] self = new Vcpu[1];
    VcpuExits exits =
        new VcpuExits() {
          @Override
          public boolean semihostingEnabled() {
            return false;
          }

          @Override
          public void semihosting(VcpuContext vcpu) {}

          @Override
          public void hypercall(VcpuContext vcpu, boolean smc, int imm16) {
            long[] x = new long[14];
            for (int i = 0; i < x.length; i++) {
              x[i] = vcpu.x(i);
            }
            checkpoints.add(
                new Checkpoint(imm16, flash.reads.get(), flash.writes.get(), window.isRomd(), x));
            if (imm16 == 6) {
              self[0].requestStop();
            }
          }
        };
    Vcpu vcpu = new Vcpu(0, CpuModel.CORTEX_A57, memory, new CodePages(), exits);
    self[0] = vcpu;
    // What the VM does: a stage-2 switch makes every vCPU drop what it cached.
    memory.addStage2Listener(vcpu::invalidateStage2);
    vcpu.setEntry(RAM, 0);
    vcpu.setX(2, both(0x98));
    vcpu.setX(4, both(0xff));
    vcpu.setX(6, both(0x20));
    vcpu.setX(7, both(0xd0));
    vcpu.setX(11, both(0x40));
    vcpu.setX(20, 0);
    vcpu.setX(21, CODE_IN_FLASH);
    vcpu.setX(22, MOVZ_W0_0x5678);
    vcpu.setX(23, RET);
    vcpu.setX(24, MOVZ_W0_0x1200);

    PageMapping atStart = memory.lookup(0);
    assertThat(atStart.kind()).as("read array at power-up: stage 2 maps the bank").isEqualTo(PageMapping.Kind.RAM);
    assertThat(atStart.readable() && atStart.executable() && !atStart.writable()).isTrue();

    Thread thread = Thread.ofPlatform().name("vcpu0").start(vcpu::run);
    thread.join(30_000);
    assertThat(thread.isAlive()).as("the guest reaches hvc #5; now at %s", vcpu.describeState()).isFalse();
    assertThat(checkpoints).extracting(Checkpoint::number).containsExactly(1, 2, 3, 4, 5, 6);

    Checkpoint one = checkpoints.get(0);
    assertThat(one.x()[1]).as("read array returns the image").isEqualTo(0x1122_3344L);
    assertThat(one.reads() + one.writes()).as("1000 read-array loads: no exit").isZero();
    assertThat(one.romd()).isTrue();

    Checkpoint two = checkpoints.get(1);
    assertThat(two.x()[0]).as("code executed in place from the bank").isEqualTo(0x1234L);
    assertThat(two.reads()).as("fetching from the bank is no exit either").isZero();

    Checkpoint three = checkpoints.get(2);
    assertThat(three.writes()).as("the command write trapped to the bank").isEqualTo(1);
    assertThat(three.romd()).as("CFI query mode: the window traps").isFalse();
    assertThat(three.x()[3])
        .as("the read after the command trapped and saw the query, not the array the TLB held")
        .isEqualTo(both('Q'));
    assertThat(three.reads()).isEqualTo(1);

    Checkpoint four = checkpoints.get(3);
    assertThat(four.romd()).as("Read Array maps the bank again").isTrue();
    assertThat(four.x()[5]).isEqualTo(0x1122_3344L);
    assertThat(four.reads()).as("1000 more read-array loads: no exit").isEqualTo(three.reads());
    assertThat(four.writes()).isEqualTo(2);

    Checkpoint five = checkpoints.get(4);
    assertThat(five.x()[0])
        .as("code decoded from the bank before a program (same cells, same buffer) was dropped")
        .isEqualTo(0x1200L);
    assertThat(five.romd()).isTrue();

    Checkpoint six = checkpoints.get(5);
    assertThat(six.x()[8]).as("status after the erase: ready").isEqualTo(both(0x80));
    assertThat(six.x()[13]).as("block 0 was erased: not the array the TLB held before").isEqualTo(0xffff_ffffL);
    assertThat(six.x()[0])
        .as("the code decoded from the bank before the erase and program was dropped")
        .isEqualTo(0x5678L);
    assertThat(six.romd()).isTrue();
    assertThat(window.switches())
        .as("query/read array, program/read array, erase/read array: six switches")
        .isEqualTo(6);
  }

  /** The VM assembler's view of a {@code vdev cfi-flash loc 0 file flash.bin}. */
  private record Context(Path dir) implements VdevContext {
    @Override
    public String name() {
      return "flash0";
    }

    @Override
    public long loc() {
      return 0;
    }

    @Override
    public int intid() {
      return -1;
    }

    @Override
    public InterruptLine interrupt() {
      return InterruptLine.NONE;
    }

    @Override
    public Location location() {
      return new Location(dir.resolve("board.qvmconf"), 1, 1);
    }

    @Override
    public List<SubOption> options() {
      return List.of(new SubOption("file", List.of("flash.bin"), new Location(dir.resolve("board.qvmconf"), 2, 5)));
    }

    @Override
    public Path resolvePath(String text, Location where) throws ConfigException {
      return dir.resolve(text);
    }

    @Override
    public OutputStream hostStdout() {
      return OutputStream.nullOutputStream();
    }

    @Override
    public InputStream hostStdin() {
      return InputStream.nullInputStream();
    }
  }
}
