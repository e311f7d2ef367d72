package dev.qvm.core.config;

import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Hands out GIC INTIDs (QVMCONF.md "vdev contexts"): every INTID in a VM has one owner; explicit
 * claims are checked against the GIC's SPI range and each other, and a vdev without one gets the
 * lowest free SPI that no line claims and no {@code reserve intr} holds back.
 */
final class InterruptPlanner {

  private record Claim(String owner, Location location) {}

  private final GicLayout gic;
  private final Set<Integer> reserved = new HashSet<>();
  private final Map<Integer, Claim> claims = new HashMap<>();

  InterruptPlanner(GicLayout gic, List<ReservedIntid> reservedIntids) {
    this.gic = gic;
    reservedIntids.forEach(r -> reserved.add(r.intid()));
  }

  /** Checks that {@code intr PIC:...} at {@code at} names the GIC, after the GIC got that name. */
  void checkPic(String pic, Location at) throws ConfigException {
    if (!pic.equals(gic.name())) {
      String hint =
          gic.name().equals(VmLayoutPlanner.GIC_TYPE)
              ? Suggestions.didYouMean(pic, List.of(gic.name()))
              : "; the GIC is named '" + gic.name() + "' at " + gic.location().orElseThrow();
      throw new ConfigException(at, "no PIC named '" + pic + "'" + hint);
    }
    if (!pic.equals(VmLayoutPlanner.GIC_TYPE)
        && gic.location().isPresent()
        && Locations.before(at, gic.location().get())) {
      throw new ConfigException(
          at,
          "PIC '" + pic + "' is named later, at " + gic.location().get()
              + "; a renamed PIC must come before an intr that uses it");
    }
  }

  /** Claims {@code intid} for {@code owner}, written at {@code at}. */
  void claim(int intid, String owner, Location at) throws ConfigException {
    if (intid < GicLayout.FIRST_SPI) {
      throw new ConfigException(
          at,
          "INTID " + intid + " is an SGI or PPI; device interrupts are SPIs ("
              + GicLayout.FIRST_SPI + ".." + gic.lastSpi() + ")");
    }
    if (intid > gic.lastSpi()) {
      throw new ConfigException(
          at,
          "INTID " + intid + " is beyond the GIC's SPIs (" + GicLayout.FIRST_SPI + ".."
              + gic.lastSpi() + "; vdev gic spis N raises the count)");
    }
    Claim earlier = claims.get(intid);
    if (earlier != null) {
      throw new ConfigException(
          at,
          "INTID " + intid + " is already used by " + earlier.owner() + " at "
              + earlier.location());
    }
    claims.put(intid, new Claim(owner, at));
  }

  /** The lowest SPI neither claimed nor reserved, now claimed for {@code owner}. */
  int assign(String owner, Location at) throws ConfigException {
    for (int intid = GicLayout.FIRST_SPI; intid <= gic.lastSpi(); intid++) {
      if (!claims.containsKey(intid) && !reserved.contains(intid)) {
        claims.put(intid, new Claim(owner, at));
        return intid;
      }
    }
    throw new ConfigException(
        at, "no free SPI left for " + owner + " (all of 32.." + gic.lastSpi() + " are taken)");
  }
}
