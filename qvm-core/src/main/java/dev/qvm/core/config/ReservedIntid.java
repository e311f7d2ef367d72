package dev.qvm.core.config;

/** {@code reserve intr N}: an INTID automatic assignment must not use. */
public record ReservedIntid(int intid, Location location) {}
