package dev.qvm.core.config;

/** {@code reserve loc ADDR,LEN}: a region automatic placement must not use. */
public record ReservedRegion(long ipa, long length, Location location) {}
