package dev.qvm.cpu.asm;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import org.junit.jupiter.api.Test;

/** The ELF header fields a loader reads (System V gABI, "ELF Header", "Program Header"). */
class ElfImageTest {

  @Test
  void headerDescribesOneLoadSegmentAtTheEntry() {
    byte[] payload = {1, 2, 3, 4, 5, 6, 7, 8};
    ByteBuffer b = ByteBuffer.wrap(ElfImage.build(0x4008_0000L, 0x4008_0004L, payload))
        .order(ByteOrder.LITTLE_ENDIAN);
    assertThat(b.getInt(0)).as("magic").isEqualTo(0x464C_457F);
    assertThat(b.get(4)).as("ELFCLASS64").isEqualTo((byte) 2);
    assertThat(b.get(5)).as("little endian").isEqualTo((byte) 1);
    assertThat(b.getShort(16)).as("ET_EXEC").isEqualTo((short) 2);
    assertThat(b.getShort(18)).as("EM_AARCH64").isEqualTo((short) 183);
    assertThat(b.getLong(24)).as("e_entry").isEqualTo(0x4008_0004L);
    long phoff = b.getLong(32);
    assertThat(b.getShort(56)).as("e_phnum").isEqualTo((short) 1);
    int ph = (int) phoff;
    assertThat(b.getInt(ph)).as("PT_LOAD").isEqualTo(1);
    long offset = b.getLong(ph + 8);
    assertThat(b.getLong(ph + 16)).as("p_vaddr").isEqualTo(0x4008_0000L);
    assertThat(b.getLong(ph + 24)).as("p_paddr").isEqualTo(0x4008_0000L);
    assertThat(b.getLong(ph + 32)).as("p_filesz").isEqualTo(8);
    assertThat(b.get((int) offset + 7)).isEqualTo((byte) 8);
  }

  @Test
  void codeBufferResolvesForwardAndBackwardBranches() {
    CodeBuffer code = new CodeBuffer(0x1000);
    CodeBuffer.Label fwd = code.newLabel();
    CodeBuffer.Label back = code.newLabel();
    code.bind(back);
    code.emitRef(fwd, A64::b);
    code.emit(A64.nop());
    code.bind(fwd);
    code.emitRef(back, A64::b);
    ByteBuffer b = ByteBuffer.wrap(code.toBytes()).order(ByteOrder.LITTLE_ENDIAN);
    assertThat(b.getInt(0)).isEqualTo(A64.b(8));
    assertThat(b.getInt(8)).isEqualTo(A64.b(-8));
  }
}
