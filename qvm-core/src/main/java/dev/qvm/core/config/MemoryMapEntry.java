package dev.qvm.core.config;

/**
 * One region of the guest's IPA space as {@code qvm check} shows it: what it is, its name, where
 * it lies, and (for pass-through windows) its flags.
 *
 * @param location the line that put it there, or null for the implicit GIC
 */
public record MemoryMapEntry(
    Kind kind, String name, long ipa, long size, String flags, Location location) {

  /** What occupies a region. */
  public enum Kind {
    RAM,
    ROM,
    PASS,
    VDEV,
    GIC_DISTRIBUTOR,
    GIC_REDISTRIBUTORS;

    /** Lowercase, as printed. */
    public String word() {
      return name().toLowerCase(java.util.Locale.ROOT).replace('_', '-');
    }
  }

  /** The first address past the region. */
  public long end() {
    return ipa + size;
  }

  /** Whether {@code [ipa, ipa+size)} shares a byte with {@code other}. */
  public boolean overlaps(long otherIpa, long otherSize) {
    return Long.compareUnsigned(ipa, otherIpa + otherSize) < 0
        && Long.compareUnsigned(otherIpa, end()) < 0;
  }

  /** E.g. {@code ram0 0x40000000..0x47ffffff} or {@code vdev pl011-0 0x9000000..0x9000fff}. */
  public String describe() {
    String label =
        switch (kind) {
          case RAM, ROM, PASS -> name;
          case VDEV -> "vdev " + name;
          case GIC_DISTRIBUTOR -> name + " distributor";
          case GIC_REDISTRIBUTORS -> name + " redistributors";
        };
    return label + " 0x" + Long.toHexString(ipa) + "..0x" + Long.toHexString(end() - 1);
  }
}
