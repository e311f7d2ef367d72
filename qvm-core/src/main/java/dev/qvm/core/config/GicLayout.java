package dev.qvm.core.config;

import java.util.Optional;

/**
 * The built-in GICv3: where its distributor and redistributors are, how many SPIs it has, and the
 * PIC name {@code intr NAME:N} refers to. Present even when no {@code vdev gic} is written, at
 * QEMU virt's addresses (ARCHITECTURE.md section 8).
 *
 * @param location where {@code vdev gic} stands, empty for the implicit GIC
 */
public record GicLayout(
    String name,
    long distributorIpa,
    long redistributorIpa,
    int spis,
    int vcpus,
    Optional<Location> location) {

  /** GICv3 (IHI 0069), distributor register map: the GICD_* frame is 64 KiB. */
  public static final long DISTRIBUTOR_SIZE = 0x1_0000;

  /**
   * GICv3 (IHI 0069), redistributor register map: each redistributor is two 64 KiB frames,
   * RD_base and SGI_base.
   */
  public static final long REDISTRIBUTOR_STRIDE = 0x2_0000;

  /** QEMU virt's distributor address. */
  public static final long DEFAULT_DISTRIBUTOR_IPA = 0x0800_0000L;

  /** QEMU virt's redistributor region. */
  public static final long DEFAULT_REDISTRIBUTOR_IPA = 0x080A_0000L;

  /** SPIs when {@code spis} is not written, as QEMU virt. */
  public static final int DEFAULT_SPIS = 256;

  /** INTIDs 32..1019 are SPIs (GICv3, IHI 0069, "INTIDs"), so at most 988. */
  public static final int MAX_SPIS = 988;

  /** The first SPI INTID; 0..15 are SGIs and 16..31 PPIs. */
  public static final int FIRST_SPI = 32;

  /** The last SPI INTID this GIC has. */
  public int lastSpi() {
    return FIRST_SPI + spis - 1;
  }

  /** Bytes of the redistributor region: one stride per vCPU. */
  public long redistributorSize() {
    return REDISTRIBUTOR_STRIDE * vcpus;
  }

  /** Whether the config wrote no {@code vdev gic}. */
  public boolean implicit() {
    return location.isEmpty();
  }
}
