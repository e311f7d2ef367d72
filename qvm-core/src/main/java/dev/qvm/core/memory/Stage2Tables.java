package dev.qvm.core.memory;

import java.lang.invoke.VarHandle;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

/**
 * qvm's stage-2 translation tables: real VMSAv8-64 descriptors (see {@link Stage2Descriptor}) in
 * a host-side buffer that no guest mapping points at, walked exactly as the ARM ARM's stage-2
 * translation process describes (ARM ARM D8, "The AArch64 Virtual Memory System Architecture").
 *
 * <h2>Configuration: what VTCR_EL2 would say</h2>
 *
 * <ul>
 *   <li>TG0 = 0b00: 4 KiB granule. Each table is 4 KiB of 512 eight-byte descriptors; a level
 *       resolves 9 IPA bits; blocks are 1 GiB at level 1 and 2 MiB at level 2, pages 4 KiB at
 *       level 3.
 *   <li>T0SZ = 24: a 40-bit IPA space (1 TiB), enough for QEMU virt's layout (RAM at 1 GiB, high
 *       MMIO up to 512 GiB) and for 64G of RAM.
 *   <li>SL0 = 0b01: the walk starts at level 1. A 40-bit IPA leaves 10 bits (IPA[39:30]) for
 *       level 1, one more than a table resolves, so the initial lookup uses two concatenated
 *       level-1 tables (ARM ARM "Concatenated translation tables for the initial stage 2
 *       lookup"): one 8 KiB, 8 KiB-aligned table of 1024 entries. Starting at level 0 instead
 *       would spend a whole table on a level that resolves a single bit.
 *   <li>PS = 0b101: a 48-bit PA space. qvm has no host physical memory, so it defines its own PA
 *       space: every guest region gets PA = IPA (below 2^40), and the tables themselves sit at
 *       {@link #TABLE_PA_BASE} = 2^40, above every IPA, where no descriptor maps them — so the
 *       guest can never reach its own stage-2 tables.
 * </ul>
 *
 * <p>Built once by {@link PhysicalMemory.Builder}. After that the only change is {@link #remap}:
 * a ROM device's window switching between mapped and trapping ({@link RomdWindow}), which
 * rewrites existing leaf descriptors in place and never adds a table. Walks from several vCPU
 * threads read the buffer; each descriptor is one aligned 8-byte store, so a walk sees either the
 * old or the new descriptor, never a mixture.
 */
public final class Stage2Tables {

  /** IPA width: VTCR_EL2.T0SZ = 64 - 40. */
  public static final int IPA_BITS = 40;

  /** VTCR_EL2.T0SZ. */
  public static final int T0SZ = 64 - IPA_BITS;

  /** VTCR_EL2.SL0 for the 4 KiB granule: 0b01 = start at level 1. */
  public static final int SL0 = 0b01;

  /** The level of the initial lookup. */
  public static final int START_LEVEL = 1;

  /** Concatenated tables at the initial lookup level (2^(40-30) entries / 512 per table). */
  public static final int CONCATENATED_ROOT_TABLES = 2;

  /** VTCR_EL2.PS = 0b101: 48-bit PA space. */
  public static final int PS = 0b101;

  /** PA of the first (root) table: just above every IPA, so identity-mapped RAM never hits it. */
  public static final long TABLE_PA_BASE = 1L << IPA_BITS;

  /**
   * The VTCR_EL2 value that describes these tables: T0SZ=24, SL0=0b01, IRGN0=ORGN0=0b01 (walks
   * Write-Back cacheable), SH0=0b11 (Inner Shareable), TG0=0b00 (4 KiB), PS=0b101, bit 31 RES1.
   */
  public static final long VTCR_EL2 =
      T0SZ
          | (SL0 << 6)
          | (0b01 << 8)
          | (0b01 << 10)
          | (0b11 << 12)
          | (0b00 << 14)
          | (PS << 16)
          | (1L << 31);

  /** VTTBR_EL2: BADDR = {@link #TABLE_PA_BASE}, VMID 0. */
  public static final long VTTBR_EL2 = TABLE_PA_BASE;

  private static final int TABLE_BYTES = 4096;
  /** Where {@link #resolve} puts the level in its result: the software bits [58:55]. */
  private static final int RESULT_LEVEL_SHIFT = 55;

  private static final long RESULT_LEVEL_MASK = 0xFL << RESULT_LEVEL_SHIFT;

  private ByteBuffer tables;
  private int used;

  Stage2Tables() {
    tables = ByteBuffer.allocate(16 * TABLE_BYTES).order(ByteOrder.LITTLE_ENDIAN);
    used = CONCATENATED_ROOT_TABLES * TABLE_BYTES;
  }

  /** The bytes a block (levels 1-2) or page (level 3) descriptor maps. */
  public static long blockSize(int level) {
    return 1L << (12 + 9 * (3 - level));
  }

  /** The lowest IPA bit a level resolves: 30, 21, 12. */
  public static int indexShift(int level) {
    return 12 + 9 * (3 - level);
  }

  /** How many IPA bits a level resolves: 10 at the concatenated level 1, else 9. */
  public static int indexBits(int level) {
    return level == START_LEVEL ? IPA_BITS - indexShift(START_LEVEL) : 9;
  }

  /** The table index {@code ipa} selects at {@code level}. */
  public static int index(long ipa, int level) {
    return (int) ((ipa >>> indexShift(level)) & ((1L << indexBits(level)) - 1));
  }

  /** Bytes of table memory in use (the root pair plus every next-level table). */
  public int tableBytes() {
    return used;
  }

  /** Reads the descriptor stored at table PA {@code descriptorPa} (8-byte aligned). */
  public long descriptorAt(long descriptorPa) {
    long offset = descriptorPa - TABLE_PA_BASE;
    if (offset < 0 || offset > used - 8 || (offset & 7) != 0) {
      throw new IllegalArgumentException(
          String.format("PA 0x%x is not a descriptor in the stage-2 tables", descriptorPa));
    }
    return tables.getLong((int) offset);
  }

  /** Makes a leaf descriptor for the block or page at {@code ipa} mapped at {@code level}. */
  @FunctionalInterface
  interface LeafEncoder {
    long descriptor(int level, long ipa);
  }

  /**
   * Maps [{@code ipa}, {@code ipa + size}), both 4 KiB aligned, with the largest blocks that
   * alignment allows: 1 GiB blocks at level 1, 2 MiB blocks at level 2, pages at level 3.
   */
  void map(long ipa, long size, LeafEncoder leaves) {
    long end = ipa + size;
    while (ipa < end) {
      int level = leafLevel(ipa, end);
      int tableOffset = tableFor(ipa, level);
      int slot = tableOffset + 8 * index(ipa, level);
      if (tables.getLong(slot) != 0) {
        throw new IllegalStateException(String.format("IPA 0x%x mapped twice", ipa));
      }
      tables.putLong(slot, leaves.descriptor(level, ipa));
      ipa += blockSize(level);
    }
  }

  /**
   * Rewrites the leaves of [{@code ipa}, {@code ipa + size}), a range that {@link #map} mapped
   * with the same bounds (so every leaf sits at the level it had): the descriptors change, the
   * table structure does not. The caller then makes every vCPU drop what it cached of the range
   * (ARM ARM D8.14, "TLB maintenance": a changed descriptor needs a TLB invalidation).
   */
  void remap(long ipa, long size, LeafEncoder leaves) {
    long end = ipa + size;
    while (ipa < end) {
      int level = leafLevel(ipa, end);
      int slot = existingTable(ipa, level) + 8 * index(ipa, level);
      long old = tables.getLong(slot);
      if (old == 0 || Stage2Descriptor.isTable(old, level)) {
        throw new IllegalStateException(String.format("IPA 0x%x was not mapped as a leaf", ipa));
      }
      tables.putLong(slot, leaves.descriptor(level, ipa));
      ipa += blockSize(level);
    }
    // Publish the new descriptors before the caller tells other vCPUs to walk again.
    VarHandle.releaseFence();
  }

  /** The largest level whose block starts at {@code ipa} and fits before {@code end}. */
  private static int leafLevel(long ipa, long end) {
    int level = START_LEVEL;
    while (level < 3 && ((ipa & (blockSize(level) - 1)) != 0 || end - ipa < blockSize(level))) {
      level++;
    }
    return level;
  }

  /** The offset of the existing table at {@code level} that covers {@code ipa}. */
  private int existingTable(long ipa, int level) {
    int tableOffset = 0;
    for (int l = START_LEVEL; l < level; l++) {
      long descriptor = tables.getLong(tableOffset + 8 * index(ipa, l));
      if (!Stage2Descriptor.isTable(descriptor, l)) {
        throw new IllegalStateException(String.format("IPA 0x%x has no level-%d table", ipa, l + 1));
      }
      tableOffset = (int) ((descriptor & Stage2Descriptor.OA_MASK) - TABLE_PA_BASE);
    }
    return tableOffset;
  }

  /** The offset of the table at {@code level} that covers {@code ipa}, creating tables. */
  private int tableFor(long ipa, int level) {
    int tableOffset = 0;
    for (int l = START_LEVEL; l < level; l++) {
      int slot = tableOffset + 8 * index(ipa, l);
      long descriptor = tables.getLong(slot);
      if (descriptor == 0) {
        int next = allocateTable();
        descriptor = Stage2Descriptor.table(TABLE_PA_BASE + next);
        tables.putLong(slot, descriptor);
      } else if (!Stage2Descriptor.isTable(descriptor, l)) {
        throw new IllegalStateException(String.format("IPA 0x%x mapped twice", ipa));
      }
      tableOffset = (int) ((descriptor & Stage2Descriptor.OA_MASK) - TABLE_PA_BASE);
    }
    return tableOffset;
  }

  private int allocateTable() {
    if (used + TABLE_BYTES > tables.capacity()) {
      ByteBuffer bigger = ByteBuffer.allocate(tables.capacity() * 2).order(ByteOrder.LITTLE_ENDIAN);
      bigger.put(0, tables, 0, used);
      tables = bigger;
    }
    int offset = used;
    used += TABLE_BYTES;
    return offset;
  }

  /**
   * Walks the tables for {@code ipa} as hardware would (ARM ARM "Translation table walk"):
   * start at the concatenated level-1 table, follow table descriptors, stop at the first block,
   * page or invalid descriptor. Returns that descriptor with the level it was found at in bits
   * [58:55] (read them with {@link #resultLevel}, the descriptor with {@link
   * #resultDescriptor}). An IPA beyond 40 bits gives descriptor 0 at level 0: a Translation
   * fault at level 0, as for an input address outside the range T0SZ configures.
   *
   * @param steps when not null, receives one {@link Walk.Step} per descriptor read; when null
   *     the walk allocates nothing
   */
  long resolve(long ipa, List<Walk.Step> steps) {
    if (ipa >>> IPA_BITS != 0) {
      return 0;
    }
    long tablePa = TABLE_PA_BASE;
    for (int level = START_LEVEL; ; level++) {
      int index = index(ipa, level);
      long descriptorPa = tablePa + 8L * index;
      long descriptor = tables.getLong((int) (descriptorPa - TABLE_PA_BASE));
      if (steps != null) {
        steps.add(new Walk.Step(level, tablePa, index, descriptorPa, descriptor));
      }
      if (level < 3 && Stage2Descriptor.isTable(descriptor, level)) {
        tablePa = descriptor & Stage2Descriptor.OA_MASK;
        continue;
      }
      if (level == 3 && (descriptor & 0b11) == Stage2Descriptor.VALID) {
        // Level-3 bits[1:0] = 0b01 is a reserved encoding that behaves as invalid.
        descriptor = 0;
      }
      return (descriptor & ~RESULT_LEVEL_MASK) | ((long) level << RESULT_LEVEL_SHIFT);
    }
  }

  /** The level stored in a {@link #resolve} result. */
  static int resultLevel(long result) {
    return (int) ((result & RESULT_LEVEL_MASK) >>> RESULT_LEVEL_SHIFT);
  }

  /** The descriptor in a {@link #resolve} result (its software bits [58:55] cleared). */
  static long resultDescriptor(long result) {
    return result & ~RESULT_LEVEL_MASK;
  }
}
