package dev.qvm.core.memory;

/** Why the guest touches memory; stage 2 checks each against its own permission bit. */
public enum AccessType {
  READ,
  WRITE,
  /** Instruction fetch: needs execute permission (stage 2 XN clear). */
  FETCH
}
