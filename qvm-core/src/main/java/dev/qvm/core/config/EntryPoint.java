package dev.qvm.core.config;

/** (qvm) {@code entry ADDR}: where vCPU 0 starts, overriding the loaded image's entry point. */
public record EntryPoint(long ipa, Location location) {}
