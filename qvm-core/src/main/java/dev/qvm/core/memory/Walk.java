package dev.qvm.core.memory;

import java.util.List;

/**
 * One stage-2 translation of an IPA, step by step: every descriptor read (level, table, index,
 * value) and the outcome. {@link #describe()} prints it for {@code qvm check --walk IPA}, so a
 * student can follow the walk with the ARM ARM open.
 *
 * @param ipa the IPA translated
 * @param access the access checked against the permissions, or null for none
 * @param steps the descriptors read, from the initial lookup level down
 * @param outcome where the walk ended
 */
public record Walk(long ipa, AccessType access, List<Step> steps, Outcome outcome) {

  public Walk {
    steps = List.copyOf(steps);
  }

  /**
   * One descriptor read.
   *
   * @param level the lookup level (1, 2 or 3)
   * @param tablePa PA of the table read
   * @param index the index the IPA selects in that table
   * @param descriptorPa PA of the descriptor: {@code tablePa + 8 * index}
   * @param descriptor the 64-bit descriptor
   */
  public record Step(int level, long tablePa, int index, long descriptorPa, long descriptor) {

    /** The descriptor's fields, named (see {@link Stage2Descriptor#describe}). */
    public String meaning() {
      return Stage2Descriptor.describe(descriptor, level);
    }
  }

  /** Where a walk ends. */
  public sealed interface Outcome permits Mapped, Mmio, Fault {}

  /**
   * Host memory: the IPA translates to {@code pa} in region {@code region}.
   *
   * @param level the level of the block or page descriptor
   */
  public record Mapped(
      long pa,
      int level,
      HostMemoryRegion region,
      boolean readable,
      boolean writable,
      boolean executable,
      int memAttr,
      int sh)
      implements Outcome {}

  /**
   * A trap descriptor: the access exits to {@code device} at {@code offset}.
   *
   * @param window the vdev window that covers the IPA, or null when the IPA falls in a hole of a
   *     page that several small windows share
   */
  public record Mmio(MmioWindow window, MmioDevice device, long offset, int level)
      implements Outcome {}

  /** Kinds of stage-2 abort a walk can report. */
  public enum FaultKind {
    /** No valid descriptor maps the IPA (or the IPA is beyond the 40-bit IPA space). */
    TRANSLATION,
    /** A descriptor maps the IPA but its S2AP/XN forbid the access. */
    PERMISSION
  }

  /** A stage-2 abort at {@code level}. */
  public record Fault(FaultKind kind, int level) implements Outcome {}

  /** A multi-line explanation of the walk, with every descriptor's fields named. */
  public String describe() {
    StringBuilder s = new StringBuilder();
    s.append(String.format("Stage-2 walk of IPA 0x%x", ipa));
    if (access != null) {
      s.append(" for a ").append(access.name().toLowerCase(java.util.Locale.ROOT));
    }
    s.append('\n');
    s.append(
        String.format(
            "  VTCR_EL2 0x%x: T0SZ=%d (%d-bit IPA), TG0=4K, SL0=0b01 (start at level 1,"
                + " %d concatenated tables); VTTBR_EL2 0x%x%n",
            Stage2Tables.VTCR_EL2,
            Stage2Tables.T0SZ,
            Stage2Tables.IPA_BITS,
            Stage2Tables.CONCATENATED_ROOT_TABLES,
            Stage2Tables.VTTBR_EL2));
    if (ipa >>> Stage2Tables.IPA_BITS != 0) {
      s.append(
          String.format(
              "  IPA[63:40] = 0x%x is not zero: outside the 40-bit IPA space%n",
              ipa >>> Stage2Tables.IPA_BITS));
    } else {
      s.append("  IPA split:");
      for (int level = Stage2Tables.START_LEVEL; level <= 3; level++) {
        int low = Stage2Tables.indexShift(level);
        int high = low + Stage2Tables.indexBits(level) - 1;
        s.append(
            String.format(
                " [%d:%d]=%d (level %d index)", high, low, Stage2Tables.index(ipa, level), level));
      }
      s.append(String.format(" [11:0]=0x%03x (page offset)%n", ipa & 0xFFF));
    }
    for (Step step : steps) {
      s.append(
          String.format(
              "  level %d: table 0x%x[%d] at PA 0x%x = 0x%016x%n           %s%n",
              step.level(),
              step.tablePa(),
              step.index(),
              step.descriptorPa(),
              step.descriptor(),
              step.meaning()));
    }
    s.append("  => ").append(describe(outcome));
    return s.toString();
  }

  private String describe(Outcome o) {
    return switch (o) {
      case Mapped m ->
          String.format(
              "PA 0x%x in %s region \"%s\" (%s%s%s, %s)",
              m.pa(),
              m.region().kind().name().toLowerCase(java.util.Locale.ROOT),
              m.region().name(),
              m.readable() ? "r" : "-",
              m.writable() ? "w" : "-",
              m.executable() ? "x" : "-",
              Stage2Descriptor.memAttrName(m.memAttr()));
      case Mmio m ->
          m.window() == null
              ? String.format("MMIO exit: IPA 0x%x is in no window of its trapping page", ipa)
              : String.format(
                  "MMIO exit to %s at offset 0x%x (window 0x%x, %s)",
                  m.window().name(),
                  m.offset(),
                  m.window().ipaBase(),
                  Sizes.format(m.window().size()));
      case Fault f ->
          f.kind() == FaultKind.TRANSLATION
              ? "stage-2 Translation fault at level " + f.level()
              : String.format(
                  "stage-2 Permission fault at level %d (%s not allowed)",
                  f.level(), access.name().toLowerCase(java.util.Locale.ROOT));
    };
  }
}
