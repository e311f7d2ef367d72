package dev.qvm.core.config;

/** {@code psci hvc|smc}: the instruction the guest uses for PSCI calls (default HVC, as QNX). */
public enum PsciConduit {
  HVC,
  SMC
}
