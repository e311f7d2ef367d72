package dev.qvm.core.config;

/**
 * {@code pass intr PIC:N[,u][=HOSTVECTOR]}: host interrupt {@code hostVector} delivered as guest
 * INTID {@code intid}, masked at the host until the guest's EOI unless {@code unmaskAtOnce}
 * ({@code ,u}, edge sources only).
 */
public record PassInterrupt(
    String pic, int intid, boolean unmaskAtOnce, long hostVector, Location location) {}
