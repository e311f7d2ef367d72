package dev.qvm.cpu.mmu;

import dev.qvm.core.memory.AccessType;
import dev.qvm.cpu.exception.Esr;

/**
 * The stage-1 translation of the EL1&amp;0 regime (ARM ARM D8 "The AArch64 Virtual Memory System
 * Architecture"): TTBR0_EL1/TTBR1_EL1 chosen by the VA's top bits and TCR_EL1.{T0SZ,T1SZ}; 4K,
 * 16K and 64K granules; table, block and page descriptors; hierarchical APTable/UXNTable/
 * PXNTable; AP, UXN, PXN and AF checks. The walker reads descriptors from guest memory (they
 * live in guest RAM, at IPAs) through a {@link DescriptorReader}.
 *
 * <p>On success {@link #walk} returns the IPA; on a fault it returns -1 and leaves the fault
 * status code (FSC with the level) in {@link #faultStatus}. It is not thread-safe: each vCPU has
 * its own.
 */
public final class Stage1Walker {

  /** Reads one 64-bit little-endian descriptor at an IPA; returns false if that IPA is not RAM. */
  public interface DescriptorReader {
    boolean read(long ipa, long[] out);
  }

  /** Physical address size of the Cortex-A57 model: ID_AA64MMFR0_EL1.PARange = 4 (44 bits). */
  public static final int PA_BITS = 44;

  private final DescriptorReader reader;
  private final long[] descriptor = new long[1];

  /** After a fault: FSC (bits [5:0] of the DFSC/IFSC), level included. */
  public int faultStatus;

  /**
   * Whether the CPU model implements the 16KB granule (ID_AA64MMFR0_EL1.TGran16 = 1). When it
   * does not, TCR_EL1.TG0/TG1 selecting 16KB behaves as an implemented size (D8.1.5 "reserved
   * values"); the 4KB granule is the choice QEMU makes for its cortex-a57, which lacks 16KB.
   */
  public boolean granule16k;

  /** After a walk: whether the leaf was a Device memory type (MAIR attribute 0b0000xxxx). */
  public boolean device;

  /** After a walk: the leaf's nG bit (not global: tagged with the ASID). */
  public boolean notGlobal;

  /**
   * After a successful walk: log2 of the size of the region the leaf maps (12 for a 4KB page, 21
   * for a 2MB block, 16 for a 64KB page). A TLBI by any VA of that region removes it (D8.13).
   */
  public int leafShift;

  /** After a successful walk: the leaf's AttrIndx (for PAR_EL1). */
  public int attrIndex;

  /** After a successful walk: the leaf's SH[1:0] (for PAR_EL1). */
  public int shareability;

  public Stage1Walker(DescriptorReader reader) {
    this.reader = reader;
  }

  /**
   * Translates {@code va} for an access of {@code type} at exception level {@code el}.
   *
   * @return the IPA, or -1 with {@link #faultStatus} set
   */
  public long walk(long va, AccessType type, int el, long tcr, long ttbr0, long ttbr1, long sctlr, long mair) {
    boolean upper = ((va >>> 55) & 1) != 0;
    int tsz;
    int tg;
    boolean tbi;
    boolean epd;
    long ttbr;
    if (upper) {
      tsz = (int) (tcr >>> 16) & 0x3f;
      int tg1 = (int) (tcr >>> 30) & 3;
      // TG1 encodes 01=16K, 10=4K, 11=64K; map it onto TG0's encoding 00=4K, 01=64K, 10=16K.
      tg = switch (tg1) {
        case 1 -> 2;
        case 3 -> 1;
        default -> 0;
      };
      tbi = ((tcr >>> 38) & 1) != 0;
      epd = ((tcr >>> 23) & 1) != 0;
      ttbr = ttbr1;
    } else {
      tsz = (int) tcr & 0x3f;
      int tg0 = (int) (tcr >>> 14) & 3;
      tg = tg0 == 3 ? 0 : tg0; // reserved value behaves as 4K, as QEMU does
      tbi = ((tcr >>> 37) & 1) != 0;
      epd = ((tcr >>> 7) & 1) != 0;
      ttbr = ttbr0;
    }
    if (tg == 2 && !granule16k) {
      tg = 0;
    }
    // D8.2: T0SZ/T1SZ out of range are clamped (implementation choice, as QEMU's cortex-a57).
    tsz = Math.max(16, Math.min(39, tsz));
    int inputBits = 64 - tsz;
    // The bits above the input size must all equal bit 55 (bits 63:56 ignored with TBI).
    int top = tbi ? 55 : 63;
    long above = va >> inputBits; // arithmetic: all ones or all zeros when well formed
    long mask = top == 63 ? -1L : (1L << (top - inputBits + 1)) - 1;
    long want = upper ? mask : 0;
    if ((above & mask) != want) {
      faultStatus = Esr.FSC_TRANSLATION; // level 0
      return -1;
    }
    if (epd) {
      faultStatus = Esr.FSC_TRANSLATION;
      return -1;
    }
    int pageShift = switch (tg) {
      case 1 -> 16;
      case 2 -> 14;
      default -> 12;
    };
    int stride = pageShift - 3;
    int levels = (inputBits - pageShift + stride - 1) / stride;
    int level = 4 - levels;
    int ips = (int) (tcr >>> 32) & 7;
    int oaBits = Math.min(PA_BITS, switch (ips) {
      case 0 -> 32;
      case 1 -> 36;
      case 2 -> 40;
      case 3 -> 42;
      case 4 -> 44;
      default -> 48;
    });
    long tableIpa = ttbr & 0x0000_ffff_ffff_fffeL;
    // The first table is aligned to its own size, which may be smaller than a granule.
    int firstBits = inputBits - (pageShift + stride * (3 - level));
    tableIpa &= ~((1L << Math.max(3, firstBits + 3)) - 1);
    if ((tableIpa >>> oaBits) != 0) {
      faultStatus = Esr.FSC_ADDRESS_SIZE | level;
      return -1;
    }
    boolean apTableNoEl0 = false;
    boolean apTableReadOnly = false;
    boolean uxnTable = false;
    boolean pxnTable = false;
    while (true) {
      int shift = pageShift + stride * (3 - level);
      int indexBits = level == 4 - levels ? firstBits : stride;
      long index = (va >>> shift) & ((1L << indexBits) - 1);
      long descIpa = tableIpa + index * 8;
      if (!reader.read(descIpa, descriptor)) {
        faultStatus = 0x14 | level; // synchronous external abort on a translation table walk
        return -1;
      }
      long desc = descriptor[0];
      int kind = (int) desc & 3;
      if ((kind & 1) == 0 || (kind == 1 && level == 3)) {
        faultStatus = Esr.FSC_TRANSLATION | level;
        return -1;
      }
      long outMask = ((1L << 48) - 1) & ~((1L << pageShift) - 1);
      if (kind == 3 && level < 3) {
        // Table descriptor: accumulate the hierarchical controls (D8.4.2).
        apTableNoEl0 |= ((desc >>> 61) & 1) != 0;
        apTableReadOnly |= ((desc >>> 62) & 1) != 0;
        uxnTable |= ((desc >>> 60) & 1) != 0;
        pxnTable |= ((desc >>> 59) & 1) != 0;
        tableIpa = desc & outMask;
        if ((tableIpa >>> oaBits) != 0) {
          faultStatus = Esr.FSC_ADDRESS_SIZE | level;
          return -1;
        }
        level++;
        continue;
      }
      if (kind == 1 && !blockAllowed(level, pageShift)) {
        faultStatus = Esr.FSC_TRANSLATION | level;
        return -1;
      }
      long regionMask = (1L << shift) - 1;
      long oa = (desc & outMask & ~regionMask) | (va & regionMask);
      if ((oa >>> oaBits) != 0) {
        faultStatus = Esr.FSC_ADDRESS_SIZE | level;
        return -1;
      }
      if (((desc >>> 10) & 1) == 0) {
        faultStatus = Esr.FSC_ACCESS_FLAG | level; // no hardware AF update in ARMv8.0
        return -1;
      }
      int ap = (int) (desc >>> 6) & 3;
      boolean el0Access = (ap & 1) != 0 && !apTableNoEl0;
      boolean readOnly = (ap & 2) != 0 || apTableReadOnly;
      boolean uxn = ((desc >>> 54) & 1) != 0 || uxnTable;
      boolean pxn = ((desc >>> 53) & 1) != 0 || pxnTable;
      boolean wxn = ((sctlr >>> 19) & 1) != 0;
      boolean allowed =
          switch (type) {
            case READ -> el != 0 || el0Access;
            case WRITE -> (el != 0 || el0Access) && !readOnly;
            case FETCH -> {
              boolean writable = !readOnly;
              if (el == 0) {
                yield el0Access && !uxn && !(wxn && writable);
              }
              // D8.5.2: memory writable at EL0 is never executable at EL1.
              boolean el0Writable = el0Access && writable;
              yield !pxn && !el0Writable && !(wxn && writable);
            }
          };
      if (!allowed) {
        faultStatus = Esr.FSC_PERMISSION | level;
        return -1;
      }
      attrIndex = (int) (desc >>> 2) & 7;
      shareability = (int) (desc >>> 8) & 3;
      int attr = (int) (mair >>> (attrIndex * 8)) & 0xff;
      device = (attr & 0xf0) == 0;
      notGlobal = ((desc >>> 11) & 1) != 0;
      leafShift = shift;
      return oa;
    }
  }

  /** D8.3: which levels may hold a block descriptor for each granule (no FEAT_LPA). */
  private static boolean blockAllowed(int level, int pageShift) {
    return switch (pageShift) {
      case 12 -> level == 1 || level == 2;
      default -> level == 2;
    };
  }
}
