package dev.qvm.cpu.diff;

import static dev.qvm.cpu.diff.BlockGenerator.r;

import dev.qvm.cpu.asm.A64Mem;
import dev.qvm.cpu.asm.Extend;
import dev.qvm.cpu.asm.Index;
import dev.qvm.cpu.asm.MemOp;
import dev.qvm.cpu.asm.PairOp;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The load/store part of {@link BlockGenerator}: every access is naturally aligned (with the MMU
 * off data accesses are Device memory, where an unaligned access is an Alignment fault, ARM ARM
 * B2.5.2) and lies inside the scratch area, computed from the registers' known values.
 */
final class MemoryOps {

  private static final Extend[] INDEX_EXTENDS = {Extend.UXTW, Extend.UXTX, Extend.SXTW,
      Extend.SXTX};

  private final BlockGenerator g;
  private final SplittableRandom rnd;

  MemoryOps(BlockGenerator g) {
    this.g = g;
    this.rnd = g.rnd();
  }

  /** A random offset in [lo, hi] with (base + offset) a multiple of align and of step; or null. */
  private Long pickOffset(long base, long lo, long hi, int step, int align) {
    for (int attempt = 0; attempt < 32; attempt++) {
      if (lo > hi) {
        return null;
      }
      long o = attempt == 0 && lo <= 0 && hi >= 0 && rnd.nextInt(4) == 0
          ? 0 : lo + rnd.nextLong(hi - lo + 1);
      o -= Math.floorMod(o, step);
      if (o >= lo && o <= hi && Math.floorMod(base + o, align) == 0) {
        return o;
      }
    }
    return null;
  }

  private static String addr(int rn) {
    return rn == 31 ? "sp" : "x" + rn;
  }

  /** One LDR/STR of any size in one of the five addressing forms, or a literal load. */
  void single() {
    MemOp op = MemOp.values()[rnd.nextInt(MemOp.values().length)];
    int bytes = 1 << op.size();
    int rt = g.anyReg();
    String rtName = r(op.xTarget(), rt);
    List<Integer> pointers = g.pointers();
    int form = rnd.nextInt(6);
    if (form == 5 || pointers.isEmpty()) {
      literal(rt);
      return;
    }
    int rn = pointers.get(rnd.nextInt(pointers.size()));
    long base = g.valueOf(rn);
    long lowest = DiffImageBuilder.SCRATCH - base;
    long highest = DiffImageBuilder.SCRATCH + DiffImageBuilder.SCRATCH_SIZE - bytes - base;
    if (form == 4 && registerOffset(op, rt, rn, base)) {
      return;
    }
    if (form == 1 || form == 2 || form == 3) {
      boolean writeback = form != 1;
      if (writeback && rt == rn) {
        return; // CONSTRAINED UNPREDICTABLE (ARM ARM C6.2, LDR (immediate)): pick again later
      }
      Index index = form == 1 ? Index.OFFSET : form == 2 ? Index.PRE : Index.POST;
      Long off = index == Index.POST
          ? (Math.floorMod(base, bytes) == 0 ? pickOffset(0, -256, 255, 1, 1) : null)
          : pickOffset(base, Math.max(-256, lowest), Math.min(255, highest), 1, bytes);
      if (off == null || (index == Index.POST && (lowest > 0 || highest < 0))) {
        return;
      }
      g.emit(A64Mem.indexed(op, index, rt, rn, off), op.mnemonic().replaceFirst("^(LD|ST)R",
          index == Index.OFFSET ? "$1UR" : "$1R") + " " + rtName + ", "
          + switch (index) {
            case OFFSET -> "[" + addr(rn) + ", #" + off + "]";
            case PRE -> "[" + addr(rn) + ", #" + off + "]!";
            case POST -> "[" + addr(rn) + "], #" + off;
          });
      afterAccess(op, rt);
      if (writeback) {
        g.writeBack(rn, base + off);
      }
      return;
    }
    Long off = pickOffset(base, Math.max(0, lowest), Math.min(4095L * bytes, highest), bytes,
        bytes);
    if (off == null) {
      return;
    }
    g.emit(A64Mem.unsignedOffset(op, rt, rn, off), op.mnemonic() + " " + rtName + ", ["
        + addr(rn) + ", #" + off + "]");
    afterAccess(op, rt);
  }

  private void afterAccess(MemOp op, int rt) {
    if (!op.isStore()) {
      g.clobber(rt);
    }
  }

  private boolean registerOffset(MemOp op, int rt, int rn, long base) {
    int bytes = 1 << op.size();
    for (int attempt = 0; attempt < 16; attempt++) {
      int rm = rnd.nextInt(8) == 0 ? 31 : rnd.nextInt(31);
      if (rm != 31 && !g.isKnown(rm)) {
        continue;
      }
      long index = rm == 31 ? 0 : g.valueOf(rm);
      Extend ext = INDEX_EXTENDS[rnd.nextInt(INDEX_EXTENDS.length)];
      boolean shifted = rnd.nextBoolean();
      long extended = switch (ext) {
        case UXTW -> index & 0xFFFF_FFFFL;
        case SXTW -> (long) (int) index;
        default -> index;
      };
      long address = base + (extended << (shifted ? op.size() : 0));
      if (DiffImageBuilder.inScratch(address, bytes) && Math.floorMod(address, bytes) == 0) {
        boolean xm = ext == Extend.UXTX || ext == Extend.SXTX;
        g.emit(A64Mem.registerOffset(op, rt, rn, rm, ext, shifted), op.mnemonic() + " "
            + r(op.xTarget(), rt) + ", [" + addr(rn) + ", " + r(xm, rm) + ", "
            + (ext == Extend.UXTX ? "LSL" : ext.toString()) + " #" + (shifted ? op.size() : 0)
            + "]");
        afterAccess(op, rt);
        return true;
      }
    }
    return false;
  }

  /**
   * LDR (literal) from the code around the block: the image is identical under every runner.
   * Blocks start 8-byte aligned, so the address is aligned when (4 * index + offset) is.
   */
  private void literal(int rt) {
    MemOp op = switch (rnd.nextInt(3)) {
      case 0 -> MemOp.LDR_W;
      case 1 -> MemOp.LDR_X;
      default -> MemOp.LDRSW;
    };
    int bytes = 1 << op.size();
    long position = 4L * g.blockSize();
    Long off = pickOffset(position, -512, 512, 4, bytes);
    if (off == null) {
      return;
    }
    g.emit(A64Mem.literal(op, rt, off), op.mnemonic() + " " + r(op.xTarget(), rt) + ", .+" + off
        + " (literal)");
    g.clobber(rt);
  }

  /** LDP/STP/LDPSW in the signed-offset, pre- and post-index forms. */
  void pair() {
    List<Integer> pointers = g.pointers();
    if (pointers.isEmpty()) {
      return;
    }
    PairOp op = PairOp.values()[rnd.nextInt(PairOp.values().length)];
    Index index = Index.values()[rnd.nextInt(3)];
    int elem = 1 << op.size();
    int rn = pointers.get(rnd.nextInt(pointers.size()));
    long base = g.valueOf(rn);
    int rt = g.anyReg();
    int rt2 = g.anyReg();
    // CONSTRAINED UNPREDICTABLE (ARM ARM C6.2, LDP): Rt == Rt2 for loads; Rn == Rt/Rt2 with
    // writeback.
    if (op.isLoad() && rt == rt2) {
      return;
    }
    if (index != Index.OFFSET && (rt == rn || rt2 == rn)) {
      return;
    }
    long lowest = DiffImageBuilder.SCRATCH - base;
    long highest = DiffImageBuilder.SCRATCH + DiffImageBuilder.SCRATCH_SIZE - 2L * elem - base;
    Long off;
    if (index == Index.POST) {
      if (lowest > 0 || highest < 0 || Math.floorMod(base, elem) != 0) {
        return;
      }
      off = pickOffset(0, -64L * elem, 63L * elem, elem, elem);
    } else {
      off = pickOffset(base, Math.max(-64L * elem, lowest), Math.min(63L * elem, highest), elem,
          elem);
    }
    if (off == null) {
      return;
    }
    boolean x = op == PairOp.LDP_X || op == PairOp.STP_X || op == PairOp.LDPSW;
    String name = op.name().replaceFirst("_[WX]$", "");
    g.emit(A64Mem.pair(op, index, rt, rt2, rn, off), name + " " + r(x, rt) + ", " + r(x, rt2)
        + ", " + switch (index) {
          case OFFSET -> "[" + addr(rn) + ", #" + off + "]";
          case PRE -> "[" + addr(rn) + ", #" + off + "]!";
          case POST -> "[" + addr(rn) + "], #" + off;
        });
    if (op.isLoad()) {
      g.clobber(rt);
      g.clobber(rt2);
    }
    if (index != Index.OFFSET) {
      g.writeBack(rn, base + off);
    }
  }

  /** LDXR + STXR (or LDAXR + STLXR) to the same aligned address, back to back. */
  void exclusivePair() {
    int size = rnd.nextInt(4);
    int bytes = 1 << size;
    List<Integer> aligned = g.pointers().stream()
        .filter(p -> Math.floorMod(g.valueOf(p), bytes) == 0
            && DiffImageBuilder.inScratch(g.valueOf(p), bytes))
        .toList();
    if (aligned.isEmpty()) {
      return;
    }
    int rn = aligned.get(rnd.nextInt(aligned.size()));
    int rt = g.anyReg();
    int rt2 = g.anyReg();
    int rs = g.anyReg();
    // The load must keep Rn for the store; STXR with Rs == Rt or Rs == Rn is CONSTRAINED
    // UNPREDICTABLE (ARM ARM C6.2, STXR).
    if (rt == rn || rs == rt2 || rs == rn) {
      return;
    }
    boolean ordered = rnd.nextBoolean();
    String suffix = "BH  ".substring(size, size + 1).trim();
    boolean x = size == 3;
    g.emit(ordered ? A64Mem.ldaxr(size, rt, rn) : A64Mem.ldxr(size, rt, rn),
        (ordered ? "LDAXR" : "LDXR") + suffix + " " + r(x, rt) + ", [" + addr(rn) + "]");
    g.clobber(rt);
    g.emit(ordered ? A64Mem.stlxr(size, rs, rt2, rn) : A64Mem.stxr(size, rs, rt2, rn),
        (ordered ? "STLXR" : "STXR") + suffix + " " + r(false, rs) + ", " + r(x, rt2) + ", ["
            + addr(rn) + "]");
    g.clobber(rs);
  }

  /** LDAR or STLR of any size. */
  void acquireRelease() {
    int size = rnd.nextInt(4);
    int bytes = 1 << size;
    List<Integer> aligned = g.pointers().stream()
        .filter(p -> Math.floorMod(g.valueOf(p), bytes) == 0
            && DiffImageBuilder.inScratch(g.valueOf(p), bytes))
        .toList();
    if (aligned.isEmpty()) {
      return;
    }
    int rn = aligned.get(rnd.nextInt(aligned.size()));
    int rt = g.anyReg();
    boolean load = rnd.nextBoolean();
    String suffix = "BH  ".substring(size, size + 1).trim();
    g.emit(load ? A64Mem.ldar(size, rt, rn) : A64Mem.stlr(size, rt, rn),
        (load ? "LDAR" : "STLR") + suffix + " " + r(size == 3, rt) + ", [" + addr(rn) + "]");
    if (load) {
      g.clobber(rt);
    }
  }
}
