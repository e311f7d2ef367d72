package dev.qvm.core.memory;

/**
 * The VMSAv8-64 stage-2 translation table descriptor format for the 4 KiB granule (ARM ARM,
 * "VMSAv8-64 translation table format descriptors" and "Stage 2 memory region attributes"):
 * encoders for the descriptors qvm writes and decoders that name each field for a walk printout.
 *
 * <pre>
 * [63:59] ignored (PBHA)    [58:55] reserved for software   [54:53] XN   [52] Contiguous
 * [51]    DBM (not used)    [47:12] output address (blocks: [47:30] level 1, [47:21] level 2)
 * [11]    RES0              [10] AF   [9:8] SH   [7:6] S2AP   [5:2] MemAttr   [1] T   [0] V
 * </pre>
 *
 * Bit 0 (V) is the valid bit. Bit 1 (T) is 1 for a table descriptor at levels 0-2 and for a page
 * descriptor at level 3; 0 for a block descriptor at levels 1-2. When V is 0 the descriptor is
 * invalid and the architecture ignores bits [63:1], so software may keep its own data there:
 * qvm marks vdev windows with a <em>trap descriptor</em>, bits [1:0] = 0b10 and the index of the
 * trap target in bits [31:12], so that the walk ends in an MMIO exit rather than a fault.
 */
public final class Stage2Descriptor {

  private Stage2Descriptor() {}

  /** Bit 0: the descriptor is valid. */
  public static final long VALID = 1L;

  /** Bit 1: table (levels 1-2) or page (level 3) rather than block. */
  public static final long TABLE_OR_PAGE = 1L << 1;

  /** MemAttr[3:0] lives in bits [5:2]. */
  public static final int MEMATTR_SHIFT = 2;

  /** S2AP[1:0] lives in bits [7:6]. */
  public static final int S2AP_SHIFT = 6;

  /** SH[1:0] lives in bits [9:8]. */
  public static final int SH_SHIFT = 8;

  /** Bit 10: the Access Flag; qvm sets it so no Access flag fault is ever taken. */
  public static final long AF = 1L << 10;

  /** Bit 52: the Contiguous hint (qvm does not set it). */
  public static final long CONTIGUOUS = 1L << 52;

  /** XN[1:0] lives in bits [54:53]; 0b10 forbids execution at EL1 and EL0. */
  public static final int XN_SHIFT = 53;

  /** The output address bits [47:12] of a table, block or page descriptor. */
  public static final long OA_MASK = 0x0000_FFFF_FFFF_F000L;

  /** Stage-2 MemAttr for Normal memory, Outer and Inner Write-Back Cacheable (0b1111). */
  public static final int MEMATTR_NORMAL_WB = 0b1111;

  /** Stage-2 MemAttr for Device-nGnRE memory (0b0001). */
  public static final int MEMATTR_DEVICE_NGNRE = 0b0001;

  /** S2AP: no access from EL1/EL0. */
  public static final int S2AP_NONE = 0b00;

  /** S2AP: read-only. */
  public static final int S2AP_READ_ONLY = 0b01;

  /** S2AP: write-only. */
  public static final int S2AP_WRITE_ONLY = 0b10;

  /** S2AP: read/write. */
  public static final int S2AP_READ_WRITE = 0b11;

  /** SH: Outer Shareable (what Device memory is treated as whatever the field says). */
  public static final int SH_OUTER = 0b10;

  /** SH: Inner Shareable (RAM shared by several vCPUs). */
  public static final int SH_INNER = 0b11;

  /** qvm's trap descriptor tag in bits [1:0] of an invalid descriptor. */
  public static final long TRAP_TAG = 0b10L;

  /** The trap target index lives in bits [31:12] of a trap descriptor. */
  public static final int TRAP_INDEX_SHIFT = 12;

  /** Largest trap target index bits [31:12] can hold. */
  public static final int TRAP_INDEX_MAX = (1 << 20) - 1;

  /**
   * A block (level 1 or 2) or page (level 3) descriptor for output address {@code pa}.
   *
   * @param xn true to forbid instruction fetch (XN = 0b10)
   */
  public static long leaf(int level, long pa, int s2ap, int memAttr, int sh, boolean xn) {
    if (level < 1 || level > 3) {
      throw new IllegalArgumentException("4K granule leaves are at levels 1-3: " + level);
    }
    if ((pa & (Stage2Tables.blockSize(level) - 1)) != 0 || pa >>> 48 != 0) {
      throw new IllegalArgumentException(
          String.format("output address 0x%x not aligned for level %d", pa, level));
    }
    return (pa & OA_MASK)
        | ((long) (memAttr & 0xF) << MEMATTR_SHIFT)
        | ((long) (s2ap & 0b11) << S2AP_SHIFT)
        | ((long) (sh & 0b11) << SH_SHIFT)
        | AF
        | (xn ? 0b10L << XN_SHIFT : 0)
        | (level == 3 ? TABLE_OR_PAGE | VALID : VALID);
  }

  /** A table descriptor pointing at the next-level table at {@code tablePa}. */
  public static long table(long tablePa) {
    return (tablePa & OA_MASK) | TABLE_OR_PAGE | VALID;
  }

  /** An invalid descriptor tagged as a trap to target {@code index}. */
  public static long trap(int index) {
    if (index < 0 || index > TRAP_INDEX_MAX) {
      throw new IllegalArgumentException("trap target index out of range: " + index);
    }
    return ((long) index << TRAP_INDEX_SHIFT) | TRAP_TAG;
  }

  /** True when bit 0 is set. */
  public static boolean isValid(long descriptor) {
    return (descriptor & VALID) != 0;
  }

  /** True for qvm's trap descriptor (invalid, tagged 0b10). */
  public static boolean isTrap(long descriptor) {
    return (descriptor & 0b11) == TRAP_TAG;
  }

  /** The trap target index of a trap descriptor. */
  public static int trapIndex(long descriptor) {
    return (int) ((descriptor >>> TRAP_INDEX_SHIFT) & TRAP_INDEX_MAX);
  }

  /** True for a table descriptor at a level that has tables (1 or 2 here). */
  public static boolean isTable(long descriptor, int level) {
    return level < 3 && (descriptor & 0b11) == 0b11;
  }

  /** The output address field, bits [47:n] for a leaf at {@code level}. */
  public static long outputAddress(long descriptor, int level) {
    return descriptor & OA_MASK & -Stage2Tables.blockSize(level);
  }

  /** MemAttr[3:0]. */
  public static int memAttr(long descriptor) {
    return (int) (descriptor >>> MEMATTR_SHIFT) & 0xF;
  }

  /** S2AP[1:0]. */
  public static int s2ap(long descriptor) {
    return (int) (descriptor >>> S2AP_SHIFT) & 0b11;
  }

  /** SH[1:0]. */
  public static int sh(long descriptor) {
    return (int) (descriptor >>> SH_SHIFT) & 0b11;
  }

  /** XN[1:0]. */
  public static int xn(long descriptor) {
    return (int) (descriptor >>> XN_SHIFT) & 0b11;
  }

  /** S2AP[0] grants reads. */
  public static boolean readable(long descriptor) {
    return (s2ap(descriptor) & 0b01) != 0;
  }

  /** S2AP[1] grants writes. */
  public static boolean writable(long descriptor) {
    return (s2ap(descriptor) & 0b10) != 0;
  }

  /**
   * Instruction fetch allowed. qvm implements no FEAT_XNX, so XN[0] (bit 53) is RES0 and XN[1]
   * (bit 54) alone forbids execution at EL1 and EL0, as in ARMv8.0.
   */
  public static boolean executable(long descriptor) {
    return (xn(descriptor) & 0b10) == 0;
  }

  /** The memory type MemAttr names (stage 2 without FEAT_S2FWB). */
  public static String memAttrName(int memAttr) {
    if ((memAttr & 0b1100) == 0) {
      return switch (memAttr & 0b11) {
        case 0b00 -> "Device-nGnRnE";
        case 0b01 -> "Device-nGnRE";
        case 0b10 -> "Device-nGRE";
        default -> "Device-GRE";
      };
    }
    return "Normal, Outer " + cacheability(memAttr >>> 2) + ", Inner " + cacheability(memAttr);
  }

  private static String cacheability(int bits) {
    return switch (bits & 0b11) {
      case 0b01 -> "Non-cacheable";
      case 0b10 -> "Write-Through";
      case 0b11 -> "Write-Back";
      default -> "reserved";
    };
  }

  private static String s2apName(int s2ap) {
    return switch (s2ap) {
      case S2AP_NONE -> "no access";
      case S2AP_READ_ONLY -> "read-only";
      case S2AP_WRITE_ONLY -> "write-only";
      default -> "read/write";
    };
  }

  private static String shName(int sh) {
    return switch (sh) {
      case 0b00 -> "Non-shareable";
      case 0b10 -> "Outer Shareable";
      case 0b11 -> "Inner Shareable";
      default -> "reserved";
    };
  }

  /**
   * Names the fields of {@code descriptor} read at {@code level}, e.g. {@code Block (2M): OA
   * 0x40200000, MemAttr=0b1111 (Normal, ...), S2AP=0b11 (read/write), ...}.
   */
  public static String describe(long descriptor, int level) {
    if (!isValid(descriptor)) {
      if (isTrap(descriptor)) {
        return "Invalid, qvm trap tag (bits[1:0]=0b10): MMIO target #" + trapIndex(descriptor);
      }
      return "Invalid (bit 0 = 0): Translation fault";
    }
    if (isTable(descriptor, level)) {
      return String.format("Table: next-level table at PA 0x%x", descriptor & OA_MASK);
    }
    if (level == 3 && (descriptor & TABLE_OR_PAGE) == 0) {
      return "Reserved encoding at level 3 (bits[1:0]=0b01): Translation fault";
    }
    String type =
        level == 3 ? "Page (4K)" : "Block (" + Sizes.format(Stage2Tables.blockSize(level)) + ")";
    int memAttr = memAttr(descriptor);
    return String.format(
        "%s: OA 0x%x, MemAttr=0b%s (%s), S2AP=0b%s (%s), SH=0b%s (%s), AF=%d, XN=0b%s (%s)",
        type,
        outputAddress(descriptor, level),
        bits(memAttr, 4),
        memAttrName(memAttr),
        bits(s2ap(descriptor), 2),
        s2apName(s2ap(descriptor)),
        bits(sh(descriptor), 2),
        shName(sh(descriptor)),
        (descriptor & AF) != 0 ? 1 : 0,
        bits(xn(descriptor), 2),
        executable(descriptor) ? "executable" : "execute-never");
  }

  static String bits(long value, int width) {
    StringBuilder s = new StringBuilder(width);
    for (int i = width - 1; i >= 0; i--) {
      s.append((value >>> i) & 1);
    }
    return s.toString();
  }
}
