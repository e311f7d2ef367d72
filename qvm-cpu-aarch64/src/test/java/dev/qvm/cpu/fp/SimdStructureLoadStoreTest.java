package dev.qvm.cpu.fp;

import static dev.qvm.cpu.asm.A64Simd.NO_POST;
import static dev.qvm.cpu.asm.A64Simd.POST_IMM;
import static dev.qvm.cpu.asm.A64Simd.multiple;
import static dev.qvm.cpu.asm.A64Simd.replicate;
import static dev.qvm.cpu.asm.A64Simd.singleLane;
import static dev.qvm.cpu.asm.A64Simd.structures;
import static org.assertj.core.api.Assertions.assertThat;

import dev.qvm.cpu.testing.TestMachine;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * LD1-LD4/ST1-ST4 of multiple structures, single lanes and LD1R-LD4R (ARM ARM C4.1.4, C7.2 LD1
 * ... ST4), with post-index writeback by the transfer size (Rm = 31) and by a register. Memory
 * at {@link #DATA} holds byte i = i, so every loaded byte names its address.
 */
class SimdStructureLoadStoreTest {

  private static final long DATA = TestMachine.RAM_BASE + 0x10_0000;

  private final FpMachine m = new FpMachine();

  @BeforeEach
  void fillMemory() {
    for (int i = 0; i < 256; i++) {
      m.machine.ram.put((int) (DATA - TestMachine.RAM_BASE) + i, (byte) i);
    }
    m.cpu.setX(1, DATA);
    m.cpu.setX(2, 100);
  }

  private String memory(long pa, int length) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < length; i++) {
      sb.append(String.format("%02x", m.machine.ram.get((int) (pa - TestMachine.RAM_BASE) + i)));
    }
    return sb.toString();
  }

  private static String run(int from, int step, int count) {
    StringBuilder sb = new StringBuilder();
    for (int i = 0; i < count; i++) {
      sb.append(String.format("%02x", (from + i * step) & 0xFF));
    }
    return sb.toString();
  }

  @Test
  void ld1OfOneRegisterIsAPlainLoad() {
    m.run(structures(true, 1, 1, 0, 0, 1, NO_POST)); // LD1 {V0.16B}, [X1]
    assertThat(m.bytesOf(0)).isEqualTo(run(0, 1, 16));
    assertThat(m.cpu.x[1]).as("no writeback").isEqualTo(DATA);
  }

  @Test
  void ld2DeinterleavesHalfwordsAndPostIncrementsByThe32Bytes() {
    m.run(structures(true, 2, 1, 1, 0, 1, POST_IMM)); // LD2 {V0.8H, V1.8H}, [X1], #32
    assertThat(m.lo(0)).isEqualTo(0x0D0C_0908_0504_0100L);
    assertThat(m.hi(0)).isEqualTo(0x1D1C_1918_1514_1110L);
    assertThat(m.lo(1)).isEqualTo(0x0F0E_0B0A_0706_0302L);
    assertThat(m.hi(1)).isEqualTo(0x1F1E_1B1A_1716_1312L);
    assertThat(m.cpu.x[1]).isEqualTo(DATA + 32);
  }

  @Test
  void ld3DeinterleavesWordsAndPostIncrementsByRegister() {
    m.run(structures(true, 3, 1, 2, 2, 1, 2)); // LD3 {V2.4S-V4.4S}, [X1], X2
    // Word i of memory is bytes 4i..4i+3; V2 gets words 0, 3, 6, 9, V3 1, 4, 7, 10, V4 the rest.
    assertThat(m.word(2, 0)).isEqualTo(0x0302_0100);
    assertThat(m.word(2, 3)).isEqualTo(0x2726_2524);
    assertThat(m.word(3, 1)).isEqualTo(0x1312_1110);
    assertThat(m.word(4, 3)).isEqualTo(0x2F2E_2D2C);
    assertThat(m.cpu.x[1]).isEqualTo(DATA + 100);
  }

  @Test
  void ld4Of64BitVectorsClearsTheUpperHalves() {
    m.setV(5, -1, -1);
    m.run(structures(true, 4, 0, 0, 4, 1, NO_POST)); // LD4 {V4.8B-V7.8B}, [X1]
    assertThat(m.bytesOf(4)).isEqualTo(run(0, 4, 8) + "0000000000000000");
    assertThat(m.bytesOf(5)).isEqualTo(run(1, 4, 8) + "0000000000000000");
    assertThat(m.bytesOf(7)).isEqualTo(run(3, 4, 8) + "0000000000000000");
  }

  @Test
  void storesInterleaveAndWriteBack() {
    m.setBytes(0, run(0xA0, 1, 16));
    m.setBytes(1, run(0xB0, 1, 16));
    m.setBytes(2, run(0xC0, 1, 16));
    m.setBytes(3, run(0xD0, 1, 16));
    m.run(structures(false, 2, 1, 2, 0, 1, NO_POST)); // ST2 {V0.4S, V1.4S}, [X1]
    assertThat(memory(DATA, 16)).isEqualTo("a0a1a2a3b0b1b2b3a4a5a6a7b4b5b6b7");
    m.run(multiple(false, 1, 0xA, 3, 0, 1, POST_IMM)); // ST1 {V0.2D, V1.2D}, [X1], #32
    assertThat(memory(DATA, 32)).isEqualTo(run(0xA0, 1, 16) + run(0xB0, 1, 16));
    assertThat(m.cpu.x[1]).isEqualTo(DATA + 32);
    m.run(structures(false, 3, 1, 0, 0, 1, 2)); // ST3 {V0.16B-V2.16B}, [X1], X2
    assertThat(memory(DATA + 32, 6)).isEqualTo("a0b0c0a1b1c1");
    assertThat(m.cpu.x[1]).isEqualTo(DATA + 132);
    m.run(structures(false, 4, 0, 1, 0, 1, POST_IMM)); // ST4 {V0.4H-V3.4H}, [X1], #32
    assertThat(memory(DATA + 132, 10)).isEqualTo("a0a1b0b1c0c1d0d1a2a3");
    assertThat(m.cpu.x[1]).isEqualTo(DATA + 164);
  }

  @Test
  void singleLaneLoadsKeepTheOtherLanes() {
    m.setV(0, 0x1111_1111_1111_1111L, 0x2222_2222_2222_2222L);
    m.run(singleLane(true, 1, 2, 3, 0, 1, NO_POST)); // LD1 {V0.S}[3], [X1]
    assertThat(m.lo(0)).isEqualTo(0x1111_1111_1111_1111L);
    assertThat(m.hi(0)).isEqualTo(0x0302_0100_2222_2222L);
    m.setV(1, 0, 0);
    m.run(singleLane(true, 2, 1, 5, 0, 1, POST_IMM)); // LD2 {V0.H, V1.H}[5], [X1], #4
    assertThat(m.hi(0)).isEqualTo(0x0302_0100_0100_2222L);
    assertThat(m.hi(1)).isEqualTo(0x0000_0000_0302_0000L);
    assertThat(m.cpu.x[1]).isEqualTo(DATA + 4);
  }

  @Test
  void singleLaneStoresWriteOneElementPerRegister() {
    m.setBytes(0, run(0xA0, 1, 16));
    m.setBytes(1, run(0xB0, 1, 16));
    m.setBytes(2, run(0xC0, 1, 16));
    m.setBytes(3, run(0xD0, 1, 16));
    m.run(singleLane(false, 4, 0, 15, 0, 1, NO_POST)); // ST4 {V0.B-V3.B}[15], [X1]
    assertThat(memory(DATA, 5)).isEqualTo("afbfcfdf04");
    m.run(singleLane(false, 1, 3, 1, 0, 1, 2)); // ST1 {V0.D}[1], [X1], X2
    assertThat(memory(DATA, 9)).isEqualTo(run(0xA8, 1, 8) + "08");
    assertThat(m.cpu.x[1]).isEqualTo(DATA + 100);
  }

  @Test
  void replicateLoadsFillEveryLane() {
    m.setV(0, -1, -1);
    m.run(replicate(1, 1, 2, 0, 1, NO_POST)); // LD1R {V0.4S}, [X1]
    assertThat(m.bytesOf(0)).isEqualTo("00010203".repeat(4));
    m.cpu.setX(1, DATA + 0x40);
    m.run(replicate(2, 0, 0, 0, 1, POST_IMM)); // LD2R {V0.8B, V1.8B}, [X1], #2
    assertThat(m.bytesOf(0)).isEqualTo("40".repeat(8) + "00".repeat(8));
    assertThat(m.bytesOf(1)).isEqualTo("41".repeat(8) + "00".repeat(8));
    assertThat(m.cpu.x[1]).isEqualTo(DATA + 0x42);
    m.run(replicate(3, 1, 3, 0, 1, 2)); // LD3R {V0.2D-V2.2D}, [X1], X2
    assertThat(m.bytesOf(2)).isEqualTo(run(0x52, 1, 8).repeat(2));
    assertThat(m.cpu.x[1]).isEqualTo(DATA + 0x42 + 100);
    m.cpu.setX(1, DATA);
    m.run(replicate(4, 1, 1, 0, 1, POST_IMM)); // LD4R {V0.8H-V3.8H}, [X1], #8
    assertThat(m.bytesOf(3)).isEqualTo("0607".repeat(8));
    assertThat(m.cpu.x[1]).isEqualTo(DATA + 8);
  }
}
