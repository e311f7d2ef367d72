package dev.qvm.core.config;

import java.util.Optional;

/**
 * One vCPU: its index (vCPU 0 boots), its MPIDR_EL1 affinity, and the {@code cpu} line it came
 * from (empty for the one implicit vCPU when no {@code cpu} is written).
 */
public record VcpuLayout(int index, long mpidr, Optional<CpuConfig> config) {}
