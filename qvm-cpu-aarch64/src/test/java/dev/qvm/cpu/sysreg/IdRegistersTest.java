package dev.qvm.cpu.sysreg;

import static org.assertj.core.api.Assertions.assertThat;

import dev.qvm.cpu.CpuModel;
import dev.qvm.cpu.testing.TestMachine;
import org.junit.jupiter.api.Test;

/**
 * The identification registers of the two CPU models, read with MRS at EL1 as a guest reads them
 * (ARM ARM D17.2). The guest test id-regs compares the whole set with QEMU's cortex-a57; these
 * pin the fields each model promises.
 */
class IdRegistersTest {

  private static long mrs(CpuModel model, int key) {
    TestMachine m = new TestMachine(model);
    m.cpu.x[5] = 0xdead;
    m.load(TestMachine.RAM_BASE + 0x1000, 0xd520_0000 | (key << 5) | 5);
    m.cpu.step(1);
    assertThat(m.cpu.pc).as("MRS %x is not UNDEFINED", key).isEqualTo(TestMachine.RAM_BASE + 0x1004);
    return m.cpu.x[5];
  }

  private static long field(long value, int lsb) {
    return (value >>> lsb) & 0xf;
  }

  /** D17.2.61 ID_AA64ISAR0_EL1.Atomic [23:20]: 0b0010 = FEAT_LSE (CAS, SWP, LD&lt;op&gt;). */
  @Test
  void lseModelSaysAtomicIsTwo() {
    long isar0 = mrs(CpuModel.CORTEX_A57_LSE, SysregAccess.ID_AA64ISAR0_EL1);
    assertThat(field(isar0, 20)).as("ISAR0.Atomic on cortex-a57-lse").isEqualTo(2);
    assertThat(isar0 & ~(0xfL << 20)).as("the rest of ISAR0 is the cortex-a57's").isEqualTo(0x11120L);
    assertThat(field(mrs(CpuModel.CORTEX_A57_LSE, SysregAccess.ID_AA64ISAR1_EL1), 20))
        .as("ISAR1.LRCPC (D17.2.62): LDAPR").isEqualTo(1);
    assertThat(field(mrs(CpuModel.CORTEX_A57_LSE, SysregAccess.ID_AA64MMFR1_EL1), 16))
        .as("MMFR1.LO (D17.2.65): LDLAR/STLLR").isEqualTo(1);
  }

  /** QEMU's cortex-a57: ISAR0 0x11120 (AES+PMULL, SHA1, SHA256, CRC32) and no LSE. */
  @Test
  void cortexA57HasNoAtomics() {
    long isar0 = mrs(CpuModel.CORTEX_A57, SysregAccess.ID_AA64ISAR0_EL1);
    assertThat(isar0).isEqualTo(0x11120L);
    assertThat(field(isar0, 20)).as("ISAR0.Atomic").isZero();
    assertThat(mrs(CpuModel.CORTEX_A57, SysregAccess.ID_AA64ISAR1_EL1)).isZero();
  }

  /**
   * Both models are the same part (MIDR 0x411FD070, Cortex-A57 r1p0), AArch64-only at EL0 and
   * EL1 (ID_AA64PFR0_EL1.EL0 = EL1 = 0b0001, D17.2.64), with the GICv3 system registers (GIC = 1).
   */
  @Test
  void bothModelsAreAnAarch64OnlyCortexA57() {
    for (CpuModel model : new CpuModel[] {CpuModel.CORTEX_A57, CpuModel.CORTEX_A57_LSE}) {
      assertThat(mrs(model, SysregAccess.MIDR_EL1)).as(model.name()).isEqualTo(0x411f_d070L);
      long pfr0 = mrs(model, SysregAccess.ID_AA64PFR0_EL1);
      assertThat(field(pfr0, 0)).as("%s PFR0.EL0", model.name()).isEqualTo(1);
      assertThat(field(pfr0, 4)).as("%s PFR0.EL1", model.name()).isEqualTo(1);
      assertThat(field(pfr0, 24)).as("%s PFR0.GIC", model.name()).isEqualTo(1);
    }
  }
}
