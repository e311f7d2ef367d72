package dev.qvm.vdev.gic;

import dev.qvm.core.memory.MmioDevice;

/**
 * The GICv3 distributor's register frame, GICD_* (IHI 0069, 12.9), for a GIC with a single
 * Security state and affinity routing always enabled. Its per-interrupt families cover SPIs only:
 * with ARE set, the SGI and PPI bits of GICD_* are RAZ/WI and live in each redistributor.
 */
final class Distributor implements MmioDevice {

  static final int GICD_CTLR = 0x0000;
  static final int GICD_TYPER = 0x0004;
  static final int GICD_IIDR = 0x0008;
  static final int GICD_TYPER2 = 0x000C;
  static final int GICD_STATUSR = 0x0010;
  static final int GICD_IROUTER = 0x6000;
  static final int GICD_PIDR2 = 0xFFE8;

  /** GICD_CTLR bits in the DS == 1 layout (12.9.4). */
  static final int CTLR_ENABLE_GRP0 = 1;

  static final int CTLR_ENABLE_GRP1 = 1 << 1;
  static final int CTLR_ARE = 1 << 4;
  static final int CTLR_DS = 1 << 6;

  private final Gicv3 gic;
  private final RegisterTable table = new RegisterTable();

  Distributor(Gicv3 gic) {
    this.gic = gic;
    // 12.9.4: ARE and DS are RAO/WI here (no legacy operation, one Security state); RWP reads 0
    // because every write takes effect before the access completes.
    table.reg32("GICD_CTLR", GICD_CTLR, i -> (gic.enableGrp0 ? CTLR_ENABLE_GRP0 : 0) | (gic.enableGrp1 ? CTLR_ENABLE_GRP1 : 0) | CTLR_ARE | CTLR_DS, (i, v) -> {
      gic.enableGrp0 = (v & CTLR_ENABLE_GRP0) != 0;
      gic.enableGrp1 = (v & CTLR_ENABLE_GRP1) != 0;
      gic.enablesChanged();
    });
    table.reg32("GICD_TYPER", GICD_TYPER, i -> typer(), (i, v) -> {});
    table.reg32("GICD_IIDR", GICD_IIDR, i -> Gicv3.IIDR, (i, v) -> {});
    table.raz("GICD_TYPER2", GICD_TYPER2, 4);
    table.raz("GICD_STATUSR", GICD_STATUSR, 4);
    InterruptFamilies.add(table, gic, 1024, gic.spiLookup(), -1);
    // 12.9.22 GICD_IROUTER<n>, n = 32..1019: offset 0x6000 + 8n, so field index = INTID.
    table.family("GICD_IROUTER", GICD_IROUTER, 1020, 64, i -> {
      IrqState s = gic.spiOrNull(i);
      return s == null ? 0 : s.route;
    }, (i, v) -> {
      IrqState s = gic.spiOrNull(i);
      if (s != null) {
        s.route = v & 0xff_8000_0000L | v & 0xff_ffffL;
        gic.enablesChanged();
      }
    });
    IdRegisters.add(table, 0x92);
  }

  /**
   * 12.9.38 GICD_TYPER: ITLinesNumber from the SPI count, IDbits 16 bits, no LPIs, no Security
   * Extensions, Aff3 supported (A3V), 1 of N SPIs supported (No1N = 0).
   */
  private long typer() {
    int itLines = (gic.layout.spis() + 32 + 31) / 32 - 1;
    int cpuNumber = Math.min(gic.vcpuCount, 8) - 1;
    return itLines | (cpuNumber << 5) | (15 << 19) | (1 << 24);
  }

  @Override
  public long read(long offset, int size) {
    return gic.lockedRead(() -> table.read(offset, size));
  }

  @Override
  public void write(long offset, int size, long value) {
    gic.locked(() -> table.write(offset, size, value));
  }
}
