package dev.qvm.core.config;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One {@code cpu} context: one vCPU. {@code sched}, {@code runmask}, {@code cluster} and
 * {@code partition} are QNX host-scheduling hints, accepted and reported; {@code affinity}
 * (qvm) sets the vCPU's MPIDR_EL1 affinity fields.
 *
 * @param mpidrAffinity the Aff3..Aff0 bits of MPIDR_EL1 (Aff3 at [39:32], Aff2..Aff0 at
 *     [23:0]), when {@code affinity} was written
 */
public record CpuConfig(
    Optional<SchedHint> sched,
    List<Integer> runmask,
    Optional<String> cluster,
    Optional<String> partition,
    OptionalLong mpidrAffinity,
    Location location) {

  public CpuConfig {
    runmask = List.copyOf(runmask);
  }
}
