package dev.qvm.vdev.gic;

import java.util.function.IntFunction;

/**
 * The per-interrupt register families the distributor (for SPIs) and each redistributor's
 * SGI_base frame (for SGIs and PPIs) share, at the same offsets in both frames (IHI 0069, 12.9
 * and 12.10): IGROUPR, ISENABLER/ICENABLER, ISPENDR/ICPENDR, ISACTIVER/ICACTIVER, IPRIORITYR,
 * ICFGR. One handler per family, as KVM's vgic does; an INTID the lookup does not give is RAZ/WI.
 */
final class InterruptFamilies {

  static final int IGROUPR = 0x080;
  static final int ISENABLER = 0x100;
  static final int ICENABLER = 0x180;
  static final int ISPENDR = 0x200;
  static final int ICPENDR = 0x280;
  static final int ISACTIVER = 0x300;
  static final int ICACTIVER = 0x380;
  static final int IPRIORITYR = 0x400;
  static final int ICFGR = 0xC00;
  static final int IGRPMODR = 0xD00;
  static final int NSACR = 0xE00;

  private InterruptFamilies() {}

  /**
   * Adds the families for {@code count} INTIDs from 0 to {@code table}.
   *
   * @param lookup the state of an INTID, or null where the frame does not implement it
   * @param actor the vCPU reported as deactivating through ICACTIVER (-1 for the distributor)
   */
  static void add(RegisterTable table, Gicv3 gic, int count, IntFunction<IrqState> lookup, int actor) {
    table.family("IGROUPR", IGROUPR, count, 1, i -> bit(lookup.apply(i), s -> s.group1), (i, v) -> with(lookup.apply(i), s -> {
      s.group1 = v != 0;
      gic.enablesChanged();
    }));
    table.family("ISENABLER", ISENABLER, count, 1, i -> bit(lookup.apply(i), s -> s.enabled), (i, v) -> setIf(v, lookup.apply(i), s -> {
      s.enabled = true;
      gic.enablesChanged();
    }));
    table.family("ICENABLER", ICENABLER, count, 1, i -> bit(lookup.apply(i), s -> s.enabled), (i, v) -> setIf(v, lookup.apply(i), s -> {
      s.enabled = false;
      gic.enablesChanged();
    }));
    // 12.9.23 GICD_ISPENDR: reads show the pending state, whatever makes it pending.
    table.family("ISPENDR", ISPENDR, count, 1, i -> bit(lookup.apply(i), IrqState::pending), (i, v) -> setIf(v, lookup.apply(i), s -> {
      s.pendingLatch = true;
      gic.asserted(s.owner, s.intid);
    }));
    // 12.9.11 GICD_ICPENDR: clears the latch; a level input still asserted keeps it pending.
    table.family("ICPENDR", ICPENDR, count, 1, i -> bit(lookup.apply(i), IrqState::pending), (i, v) -> setIf(v, lookup.apply(i), s -> s.pendingLatch = false));
    table.family("ISACTIVER", ISACTIVER, count, 1, i -> bit(lookup.apply(i), s -> s.active), (i, v) -> setIf(v, lookup.apply(i), s -> s.active = true));
    table.family("ICACTIVER", ICACTIVER, count, 1, i -> bit(lookup.apply(i), s -> s.active), (i, v) -> setIf(v, lookup.apply(i), s -> gic.setActive(s, false, actor >= 0 ? actor : s.owner)));
    table.family("IPRIORITYR", IPRIORITYR, count, 8, i -> {
      IrqState s = lookup.apply(i);
      return s == null ? 0 : s.priority;
    }, (i, v) -> with(lookup.apply(i), s -> s.priority = (int) v & 0xff));
    table.family("ICFGR", ICFGR, count, 2, i -> {
      IrqState s = lookup.apply(i);
      return s == null ? 0 : (s.edge ? 2 : 0);
    }, (i, v) -> with(lookup.apply(i), s -> {
      // 4.3.1: SGIs are always edge-triggered; Int_config[0] is RES0.
      if (s.intid >= 16) {
        s.edge = (v & 2) != 0;
      }
    }));
    // 12.9.15 GICD_IGRPMODR and 12.9.2 GICD_NSACR: RAZ/WI when GICD_CTLR.DS == 1.
    table.raz("IGRPMODR", IGRPMODR, (count + 7) / 8);
    table.raz("NSACR", NSACR, (count * 2 + 7) / 8);
  }

  private interface Flag {
    boolean of(IrqState s);
  }

  private interface Change {
    void apply(IrqState s);
  }

  private static long bit(IrqState s, Flag flag) {
    return s != null && flag.of(s) ? 1 : 0;
  }

  private static void with(IrqState s, Change change) {
    if (s != null) {
      change.apply(s);
    }
  }

  /** Set/clear families: a 0 bit has no effect (12.9 "write 1 to set/clear"). */
  private static void setIf(long v, IrqState s, Change change) {
    if (v != 0 && s != null) {
      change.apply(s);
    }
  }
}
