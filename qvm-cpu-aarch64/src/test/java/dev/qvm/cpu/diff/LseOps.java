package dev.qvm.cpu.diff;

import static dev.qvm.cpu.diff.BlockGenerator.r;

import java.util.List;
import java.util.SplittableRandom;

/**
 * The FEAT_LSE part of {@link BlockGenerator} (used only for the LSE CPU model): LD&lt;op&gt; and
 * ST&lt;op&gt; of every operation, size and ordering, SWP, CAS, CASP, and LDAPR, LDLAR, STLLR.
 * Every access is naturally aligned inside the scratch area, as atomics require (ARM ARM
 * B2.5.2); register choices avoid the CONSTRAINED UNPREDICTABLE overlaps of Rn with Rt/Rs.
 */
final class LseOps {
  private static final String[] OPS = {"ADD", "CLR", "EOR", "SET", "SMAX", "SMIN", "UMAX", "UMIN"};
  private static final String[] ORDER = {"", "L", "A", "AL"}; // R (release) is bit 22, A bit 23

  private final BlockGenerator g;
  private final SplittableRandom rnd;

  LseOps(BlockGenerator g) {
    this.g = g;
    this.rnd = g.rnd();
  }

  private static String sizeSuffix(int size) {
    return size == 0 ? "B" : size == 1 ? "H" : "";
  }

  /** A pointer register holding an address in scratch aligned to {@code bytes}, or -1. */
  private int alignedPointer(int bytes) {
    List<Integer> aligned = g.pointers().stream()
        .filter(p -> Math.floorMod(g.valueOf(p), bytes) == 0 && DiffImageBuilder.inScratch(g.valueOf(p), bytes))
        .toList();
    return aligned.isEmpty() ? -1 : aligned.get(rnd.nextInt(aligned.size()));
  }

  private int regOtherThan(int rn) {
    int r;
    do {
      r = g.anyReg();
    } while (r == rn);
    return r;
  }

  void one() {
    switch (rnd.nextInt(6)) {
      case 0, 1 -> atomic();
      case 2 -> swap();
      case 3 -> compareAndSwap();
      case 4 -> compareAndSwapPair();
      default -> ordered();
    }
  }

  /** LD&lt;op&gt;{A}{L}{B,H} Rs, Rt, [Xn] (C6.2.119 LDADD ...): Rt = old value. */
  private void atomic() {
    int size = rnd.nextInt(4);
    int rn = alignedPointer(1 << size);
    if (rn < 0) {
      return;
    }
    int rs = regOtherThan(rn);
    int rt = regOtherThan(rn);
    int opc = rnd.nextInt(8);
    int ar = rnd.nextInt(4);
    int a = ar >> 1;
    int rel = ar & 1;
    int word = (size << 30) | 0x3820_0000 | (a << 23) | (rel << 22) | (rs << 16) | (opc << 12) | (rn << 5) | rt;
    boolean wide = size == 3;
    g.emit(word, "LD" + OPS[opc] + ORDER[ar] + sizeSuffix(size) + " " + r(wide, rs) + ", " + r(wide, rt) + ", [x" + rn + "]");
    g.clobber(rt);
  }

  /** SWP{A}{L}{B,H} Rs, Rt, [Xn]. */
  private void swap() {
    int size = rnd.nextInt(4);
    int rn = alignedPointer(1 << size);
    if (rn < 0) {
      return;
    }
    int rs = regOtherThan(rn);
    int rt = regOtherThan(rn);
    int ar = rnd.nextInt(4);
    int word = (size << 30) | 0x3820_8000 | ((ar >> 1) << 23) | ((ar & 1) << 22) | (rs << 16) | (rn << 5) | rt;
    g.emit(word, "SWP" + ORDER[ar] + sizeSuffix(size) + " " + r(size == 3, rs) + ", " + r(size == 3, rt) + ", [x" + rn + "]");
    g.clobber(rt);
  }

  /** CAS{A}{L}{B,H} Rs, Rt, [Xn]: Rs = old value; stores Rt when old == Rs. */
  private void compareAndSwap() {
    int size = rnd.nextInt(4);
    int rn = alignedPointer(1 << size);
    if (rn < 0) {
      return;
    }
    int rs = regOtherThan(rn);
    int rt = regOtherThan(rn);
    int l = rnd.nextInt(2);
    int o0 = rnd.nextInt(2);
    int word = (size << 30) | 0x08A0_7C00 | (l << 22) | (rs << 16) | (o0 << 15) | (rn << 5) | rt;
    g.emit(word, "CAS" + (l == 1 ? "A" : "") + (o0 == 1 ? "L" : "") + sizeSuffix(size) + " " + r(size == 3, rs) + ", " + r(size == 3, rt) + ", [x" + rn + "]");
    g.clobber(rs);
  }

  /** CASP{A}{L} Rs, Rs+1, Rt, Rt+1, [Xn]: even register pairs, aligned to the pair's size. */
  private void compareAndSwapPair() {
    int sz = rnd.nextInt(2);
    int bytes = sz == 1 ? 16 : 8;
    int rn = alignedPointer(bytes);
    if (rn < 0) {
      return;
    }
    int rs;
    int rt;
    do {
      rs = 2 * rnd.nextInt(15);
      rt = 2 * rnd.nextInt(15);
    } while (rs == rn || rs + 1 == rn || rt == rn || rt + 1 == rn);
    int l = rnd.nextInt(2);
    int o0 = rnd.nextInt(2);
    int word = (sz << 30) | 0x0820_7C00 | (l << 22) | (rs << 16) | (o0 << 15) | (rn << 5) | rt;
    boolean wide = sz == 1;
    g.emit(word, "CASP" + (l == 1 ? "A" : "") + (o0 == 1 ? "L" : "") + " " + r(wide, rs) + ", " + r(wide, rs + 1) + ", " + r(wide, rt) + ", " + r(wide, rt + 1) + ", [x" + rn + "]");
    g.clobber(rs);
    g.clobber(rs + 1);
  }

  /** LDAPR (FEAT_LRCPC), LDLAR and STLLR (FEAT_LOR). */
  private void ordered() {
    int size = rnd.nextInt(4);
    int rn = alignedPointer(1 << size);
    if (rn < 0) {
      return;
    }
    int rt = g.anyReg();
    int kind = rnd.nextInt(3);
    int word =
        switch (kind) {
          case 0 -> (size << 30) | 0x38BF_C000 | (rn << 5) | rt;
          case 1 -> (size << 30) | 0x08DF_7C00 | (rn << 5) | rt;
          default -> (size << 30) | 0x089F_7C00 | (rn << 5) | rt;
        };
    String name = kind == 0 ? "LDAPR" : kind == 1 ? "LDLAR" : "STLLR";
    g.emit(word, name + sizeSuffix(size) + " " + r(size == 3, rt) + ", [x" + rn + "]");
    if (kind != 2) {
      g.clobber(rt);
    }
  }
}
