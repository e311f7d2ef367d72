package dev.qvm.core.memory;

/**
 * One named window of the guest's IPA space as the configuration declared it: RAM, ROM, a
 * pass-through window, or a vdev's MMIO window. {@code qvm check} lists these.
 */
public sealed interface MemoryRegion permits HostMemoryRegion, MmioWindow {

  /** What a region is, as the {@code .qvmconf} option that made it. */
  enum Kind {
    RAM,
    ROM,
    PASS,
    MMIO
  }

  /** The name used in logs, {@code qvm check} and error messages. */
  String name();

  /** The region's first IPA. */
  long ipaBase();

  /** The region's length in bytes. */
  long size();

  /** What kind of region this is. */
  Kind kind();

  /** The first IPA after the region. */
  default long ipaEnd() {
    return ipaBase() + size();
  }

  /** True when {@code ipa} lies inside the region. */
  default boolean contains(long ipa) {
    return ipa >= ipaBase() && ipa - ipaBase() < size();
  }

  /** One line for {@code qvm check}: kind, name, IPA range, size and guest permissions. */
  default String summary() {
    return String.format(
        "%-4s %-16s 0x%010x-0x%010x %8s %s",
        kind().name().toLowerCase(java.util.Locale.ROOT),
        name(),
        ipaBase(),
        ipaEnd() - 1,
        Sizes.format(size()),
        access());
  }

  /** The guest's access as {@code rwx} letters ({@code -} for absent), plus any memory type. */
  String access();
}
