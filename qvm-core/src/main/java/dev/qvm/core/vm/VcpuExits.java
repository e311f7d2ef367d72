package dev.qvm.core.vm;

/**
 * The exits a vCPU hands to the hypervisor around it: calls that leave guest code for the host
 * (ARCHITECTURE.md section 4). The CPU module calls these; the VM assembler implements them.
 * Each is called on the vCPU's own thread.
 */
public interface VcpuExits {

  /** Whether {@code HLT #0xF000} is a semihosting call (else it is a debug halt: UNDEFINED). */
  boolean semihostingEnabled();

  /** A semihosting call ({@code HLT #0xF000}): operation in W0, parameter in X1, result to X0. */
  void semihosting(VcpuContext vcpu);

  /**
   * An SMCCC call through HVC ({@code smc} false) or SMC ({@code smc} true) with its immediate:
   * function id in W0, arguments in X1..X17, results to X0..X3. PSCI lives here. An unknown
   * function returns SMCCC NOT_SUPPORTED (-1) in X0.
   */
  void hypercall(VcpuContext vcpu, boolean smc, int imm16);

  /**
   * The vCPU cannot make progress: its exceptions keep raising exceptions and never return
   * (issue 10). {@code report} is a multi-line description (vCPU, PC, ESR, FAR, the last
   * instructions); the VM stops with {@link ExitCodes#EXCEPTION_LOOP}. The vCPU stops itself too.
   */
  default void exceptionLoop(VcpuContext vcpu, String report) {}

  /**
   * The guest did something the config's {@code unsupported CATEGORY abort} covers (QVMCONF.md):
   * a reference to an IPA with nothing behind it, or an UNDEFINED instruction. {@code what}
   * names it in one line; the VM stops with {@link ExitCodes#UNSUPPORTED_ABORT}.
   */
  default void unsupportedAbort(VcpuContext vcpu, String what) {}

  /** Exits that do nothing: semihosting off, every hypercall NOT_SUPPORTED. For tests. */
  VcpuExits NONE =
      new VcpuExits() {
        @Override
        public boolean semihostingEnabled() {
          return false;
        }

        @Override
        public void semihosting(VcpuContext vcpu) {}

        @Override
        public void hypercall(VcpuContext vcpu, boolean smc, int imm16) {
          vcpu.setX(0, -1L);
        }
      };
}
