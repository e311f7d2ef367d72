package dev.qvm.core.vm;

/**
 * A vCPU as the host-side code around it sees it during an exit (semihosting, SMCCC/PSCI calls,
 * tracing): its general registers and its view of guest memory. Only the vCPU's own thread calls
 * these methods, while the vCPU is stopped in that exit.
 */
public interface VcpuContext {

  /** The vCPU's index: 0 for {@code vcpu0}. */
  int index();

  /** General register Xn, n in 0..30 (reads of 31 give 0). */
  long x(int n);

  /** Sets Xn, n in 0..30. */
  void setX(int n, long value);

  /** Address of the instruction that caused the exit. */
  long pc();

  /**
   * Copies guest memory at virtual address {@code va}, translated as the guest's current
   * translation regime would for a privileged read. Returns false (and copies an unspecified
   * prefix) if any byte faults.
   */
  boolean readVirtual(long va, byte[] dst, int offset, int length);

  /** Writes guest memory at {@code va} as a privileged store would. Returns false on a fault. */
  boolean writeVirtual(long va, byte[] src, int offset, int length);

  /**
   * Waits as WFI does (ARM ARM D1.16.2): until an interrupt is pending for this vCPU (even one
   * that PSTATE masks), its next timer deadline, or a stop request. PSCI CPU_SUSPEND to a standby
   * state is this wait.
   */
  void waitForInterrupt();
}
