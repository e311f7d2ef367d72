package dev.qvm.core.semihosting;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * What {@code SYS_HEAPINFO} reports (Semihosting spec, SYS_HEAPINFO): where a C library may put
 * its heap and its stack. Addresses are the guest's: with the MMU off, as a C run-time start-up
 * calls it, a VA equals the IPA.
 *
 * @param heapBase lowest address of the heap
 * @param heapLimit address just past the heap
 * @param stackBase initial stack pointer (the stack grows down from here)
 * @param stackLimit lowest address the stack may reach
 */
public record HeapInfo(long heapBase, long heapLimit, long stackBase, long stackLimit) {

  /** A range of guest RAM that a loaded image (kernel, device tree, initrd) occupies. */
  public record Occupied(long baseIpa, long size) {
    long endIpa() {
      return baseIpa + size;
    }
  }

  /** All zeros: a guest told this has no heap information and must bring its own layout. */
  public static final HeapInfo NONE = new HeapInfo(0, 0, 0, 0);

  /**
   * Heap and stack share the largest part of the RAM region [{@code ramBaseIpa}, {@code
   * ramBaseIpa + ramSize}) that no loaded image occupies: the heap grows up from its start, the
   * stack down from its end. This is the layout QEMU's virt board reports, so a guest sees the
   * same answer under both.
   */
  public static HeapInfo largestFreeGap(long ramBaseIpa, long ramSize, List<Occupied> images) {
    if (ramSize <= 0) {
      throw new IllegalArgumentException("RAM size must be positive: " + ramSize);
    }
    long ramEnd = ramBaseIpa + ramSize;
    List<Occupied> sorted = new ArrayList<>(images);
    sorted.sort(Comparator.comparingLong(Occupied::baseIpa));
    long bestBase = 0;
    long bestSize = -1;
    long cursor = ramBaseIpa;
    for (Occupied image : sorted) {
      long start = Math.max(image.baseIpa(), ramBaseIpa);
      long end = Math.min(image.endIpa(), ramEnd);
      if (end <= start) {
        continue; // outside this RAM region
      }
      if (start - cursor > bestSize) {
        bestBase = cursor;
        bestSize = start - cursor;
      }
      cursor = Math.max(cursor, end);
    }
    if (ramEnd - cursor > bestSize) {
      bestBase = cursor;
      bestSize = ramEnd - cursor;
    }
    // AAPCS64 6.4.5.1: a stack pointer must be 16-byte aligned, and so is a malloc arena.
    long base = (bestBase + 15) & ~15L;
    long limit = (bestBase + bestSize) & ~15L;
    if (limit <= base) {
      return NONE;
    }
    return new HeapInfo(base, limit, limit, base);
  }
}
