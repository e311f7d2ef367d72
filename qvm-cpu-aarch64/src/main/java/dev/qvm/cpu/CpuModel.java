package dev.qvm.cpu;

/**
 * The processor a vCPU presents: its identification registers and optional features. qvm's
 * default is a Cortex-A57 exactly as QEMU's {@code cortex-a57} model describes it (so QEMU is an
 * exact oracle for differential tests), except that EL0 and EL1 are AArch64-only and there is no
 * EL2/EL3. {@link #CORTEX_A57_LSE} adds the ARMv8.1 LSE atomics and LDAPR (ARMv8.3 RCpc), for
 * guests built for newer cores.
 *
 * @param name the model name used in the config ({@code cpu model NAME}) and the device tree
 * @param midr MIDR_EL1
 * @param lse FEAT_LSE: CAS, CASP, SWP, LD&lt;op&gt; and ST&lt;op&gt; atomics
 * @param lrcpc FEAT_LRCPC: LDAPR
 * @param lor FEAT_LOR: LDLAR/STLLR
 */
public record CpuModel(
    String name,
    long midr,
    long revidr,
    long idAa64pfr0,
    long idAa64dfr0,
    long idAa64isar0,
    long idAa64isar1,
    long idAa64mmfr0,
    long idAa64mmfr1,
    long ctr,
    long clidr,
    long[] ccsidr,
    boolean lse,
    boolean lrcpc,
    boolean lor) {

  /**
   * Cortex-A57 r1p0 as QEMU 7.2 describes it (target/arm/cpu64.c): MIDR 0x411fd070,
   * ID_AA64ISAR0 0x11120 (AES+PMULL, SHA1, SHA256, CRC32), ID_AA64MMFR0 0x1124 (44-bit PA,
   * 16-bit ASIDs, 4K and 64K granules), CTR 0x8444c004, DCZID 4 (64-byte DC ZVA). ID_AA64PFR0
   * says EL0/EL1 AArch64-only (field value 1), no EL2/EL3, FP and AdvSIMD present, and the GICv3
   * system-register CPU interface (GIC field 1).
   */
  public static final CpuModel CORTEX_A57 =
      new CpuModel(
          "cortex-a57",
          0x411fd070L,
          0,
          0x0100_0011L,
          0x1030_5106L,
          0x11120L,
          0,
          0x1124L,
          0,
          0x8444_c004L,
          0x0a20_0023L,
          new long[] {0x701f_e00aL, 0x201f_e012L, 0x70ff_e07aL},
          false,
          false,
          false);

  /** The Cortex-A57 model plus FEAT_LSE (ID_AA64ISAR0.Atomic = 2), FEAT_LOR and FEAT_LRCPC. */
  public static final CpuModel CORTEX_A57_LSE =
      new CpuModel(
          "cortex-a57-lse",
          0x411fd070L,
          0,
          0x0100_0011L,
          0x1030_5106L,
          0x11120L | (2L << 20),
          1L << 20, // ID_AA64ISAR1_EL1.LRCPC = 1
          0x1124L,
          1L << 16, // ID_AA64MMFR1_EL1.LO = 1
          0x8444_c004L,
          0x0a20_0023L,
          new long[] {0x701f_e00aL, 0x201f_e012L, 0x70ff_e07aL},
          true,
          true,
          true);

  /** The names {@link #byName} knows. */
  public static final java.util.List<String> NAMES = java.util.List.of("cortex-a57", "cortex-a57-lse");

  /** The model called {@code name}, or null. */
  public static CpuModel byName(String name) {
    return switch (name) {
      case "cortex-a57" -> CORTEX_A57;
      case "cortex-a57-lse" -> CORTEX_A57_LSE;
      default -> null;
    };
  }

  /** DCZID_EL0: DC ZVA zeroes 2^BS words; BS=4 gives 64 bytes, as the Cortex-A57. */
  public long dczid() {
    return 4;
  }

  /** Bytes zeroed by DC ZVA. */
  public int dcZvaBytes() {
    return 4 << (int) dczid();
  }
}
