package dev.qvm.vdev.gic;

/**
 * The CoreSight-style identification registers at the top of every GIC frame (IHI 0069, 12.1.3
 * and 12.9.32 GICD_PIDR2): software checks PIDR2.ArchRev (bits [7:4]) to tell a GICv3 (0x3).
 */
final class IdRegisters {

  static final int PIDR4 = 0xFFD0;
  static final int PIDR0 = 0xFFE0;
  static final int PIDR1 = 0xFFE4;
  static final int PIDR2 = 0xFFE8;
  static final int PIDR3 = 0xFFEC;
  static final int CIDR0 = 0xFFF0;

  /** ArchRev 3 in [7:4]; JEDEC-assigned bit 3 set, JEP106 identity bits [2:0] of ARM's code. */
  static final int PIDR2_VALUE = 0x3B;

  private IdRegisters() {}

  /** Adds PIDR0..4 and CIDR0..3; {@code part0} is PIDR0 (the part number's low byte). */
  static void add(RegisterTable table, int part0) {
    table.reg32("PIDR4", PIDR4, i -> 0x44, (i, v) -> {});
    table.reg32("PIDR0", PIDR0, i -> part0, (i, v) -> {});
    table.reg32("PIDR1", PIDR1, i -> 0xB4, (i, v) -> {});
    table.reg32("PIDR2", PIDR2, i -> PIDR2_VALUE, (i, v) -> {});
    table.reg32("PIDR3", PIDR3, i -> 0, (i, v) -> {});
    int[] cidr = {0x0D, 0xF0, 0x05, 0xB1};
    for (int n = 0; n < 4; n++) {
      int value = cidr[n];
      table.reg32("CIDR" + n, CIDR0 + 4 * n, i -> value, (i, v) -> {});
    }
  }
}
