package dev.qvm.vdev.gic;

import dev.qvm.core.config.GicLayout;
import dev.qvm.core.memory.MmioDevice;

/**
 * The redistributors, one per vCPU, each an RD_base frame and an SGI_base frame of 64 KiB (IHI
 * 0069, 12.10 and 12.11), laid out one after another in vCPU order as QEMU's virt board does.
 */
final class RedistributorRegion implements MmioDevice {

  static final int GICR_CTLR = 0x0000;
  static final int GICR_IIDR = 0x0004;
  static final int GICR_TYPER = 0x0008;
  static final int GICR_STATUSR = 0x0010;
  static final int GICR_WAKER = 0x0014;
  static final int GICR_PROPBASER = 0x0070;
  static final int GICR_PENDBASER = 0x0078;

  /** The SGI_base frame follows RD_base. */
  static final int SGI_BASE = 0x1_0000;

  /** 12.11.43 GICR_WAKER.ProcessorSleep and ChildrenAsleep. */
  static final int WAKER_PROCESSOR_SLEEP = 1 << 1;

  static final int WAKER_CHILDREN_ASLEEP = 1 << 2;

  private final Gicv3 gic;
  private final RegisterTable[] rdFrames;
  private final RegisterTable[] sgiFrames;

  /** GICR_WAKER.ProcessorSleep per vCPU; set at reset, so a PE must wake its redistributor. */
  private final boolean[] processorSleep;

  RedistributorRegion(Gicv3 gic) {
    this.gic = gic;
    int n = gic.vcpuCount;
    rdFrames = new RegisterTable[n];
    sgiFrames = new RegisterTable[n];
    processorSleep = new boolean[n];
    for (int c = 0; c < n; c++) {
      processorSleep[c] = true;
      rdFrames[c] = rdFrame(c);
      RegisterTable sgi = new RegisterTable();
      IrqState[] bank = gic.privates[c];
      InterruptFamilies.add(sgi, gic, 32, i -> i < 32 ? bank[i] : null, c);
      IdRegisters.add(sgi, 0x93);
      sgiFrames[c] = sgi;
    }
  }

  private RegisterTable rdFrame(int c) {
    RegisterTable t = new RegisterTable();
    // 12.11.2 GICR_CTLR: no LPIs, so EnableLPIs is RAZ/WI; RWP and UWP read 0.
    t.raz("GICR_CTLR", GICR_CTLR, 4);
    t.reg32("GICR_IIDR", GICR_IIDR, i -> Gicv3.IIDR, (i, v) -> {});
    t.reg64("GICR_TYPER", GICR_TYPER, i -> typer(c), (i, v) -> {});
    t.raz("GICR_STATUSR", GICR_STATUSR, 4);
    // 12.11.43: ChildrenAsleep follows ProcessorSleep at once; nothing here takes time to quiesce.
    t.reg32("GICR_WAKER", GICR_WAKER, i -> processorSleep[c] ? WAKER_PROCESSOR_SLEEP | WAKER_CHILDREN_ASLEEP : 0, (i, v) -> processorSleep[c] = (v & WAKER_PROCESSOR_SLEEP) != 0);
    t.raz("GICR_PROPBASER", GICR_PROPBASER, 8);
    t.raz("GICR_PENDBASER", GICR_PENDBASER, 8);
    IdRegisters.add(t, 0x93);
    return t;
  }

  /**
   * 12.11.40 GICR_TYPER: Affinity_Value [63:32] = Aff3.Aff2.Aff1.Aff0 of the PE, Processor_Number
   * [23:8] = the vCPU index, Last [4] on the final redistributor of the region; no LPIs.
   */
  long typer(int c) {
    long m = gic.mpidr[c];
    long affinity = ((m >>> 32) & 0xff) << 24 | ((m >>> 16) & 0xff) << 16 | ((m >>> 8) & 0xff) << 8 | (m & 0xff);
    long last = c == gic.vcpuCount - 1 ? 1L << 4 : 0;
    return affinity << 32 | ((long) c & 0xffff) << 8 | last;
  }

  @Override
  public long read(long offset, int size) {
    int c = (int) (offset / GicLayout.REDISTRIBUTOR_STRIDE);
    long within = offset % GicLayout.REDISTRIBUTOR_STRIDE;
    if (c >= gic.vcpuCount) {
      return 0;
    }
    RegisterTable t = within < SGI_BASE ? rdFrames[c] : sgiFrames[c];
    return gic.lockedRead(() -> t.read(within % SGI_BASE, size));
  }

  @Override
  public void write(long offset, int size, long value) {
    int c = (int) (offset / GicLayout.REDISTRIBUTOR_STRIDE);
    long within = offset % GicLayout.REDISTRIBUTOR_STRIDE;
    if (c >= gic.vcpuCount) {
      return;
    }
    RegisterTable t = within < SGI_BASE ? rdFrames[c] : sgiFrames[c];
    gic.locked(() -> t.write(within % SGI_BASE, size, value));
  }
}
