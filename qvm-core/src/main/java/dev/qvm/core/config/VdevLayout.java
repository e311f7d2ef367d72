package dev.qvm.core.config;

import dev.qvm.core.vdev.VdevProvider;
import java.util.List;

/**
 * One planned vdev: where its window is, which INTID it raises, and the sub-options its provider
 * will interpret. What a {@code VdevContext} needs to create it.
 *
 * @param intid the GIC INTID, or -1 when the vdev raises none
 * @param intidAutomatic whether the planner chose {@code intid} (no {@code intr}, or {@code intr
 *     gic} without a number)
 * @param locAutomatic whether the planner chose {@code ipa} (no {@code loc})
 * @param options sub-options beyond {@code loc}, {@code intr}, {@code name} and host hints, in file
 *     order
 * @param hostHints QNX host-scheduling sub-options ({@code sched}) accepted and reported, not given
 *     to the vdev
 */
public record VdevLayout(
    String type,
    String name,
    long ipa,
    long size,
    boolean locAutomatic,
    int intid,
    boolean intidAutomatic,
    List<SubOption> options,
    List<SubOption> hostHints,
    VdevProvider provider,
    Location location) {

  public VdevLayout {
    options = List.copyOf(options);
    hostHints = List.copyOf(hostHints);
  }
}
