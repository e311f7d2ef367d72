package dev.qvm.core.vm;

/** How an exit handler stops the whole VM (a semihosting exit, PSCI SYSTEM_OFF, a fatal report). */
public interface VmControl {

  /**
   * Asks every vCPU to stop at its next instruction boundary; the first request's exit code
   * becomes {@code qvm run}'s exit code. Idempotent.
   */
  void requestStop(int exitCode, String reason);

  /** True once a stop was requested. */
  boolean stopping();
}
