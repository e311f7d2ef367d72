package dev.qvm.core.vm;

/**
 * The Arm Power State Coordination Interface (PSCI 1.1, ARM DEN 0022) and the SMC Calling
 * Convention's own queries (SMCCC 1.1, ARM DEN 0028), as the firmware a guest calls through
 * HVC or SMC. qvm plays the firmware: CPU_ON starts a vCPU thread, SYSTEM_OFF stops the VM.
 */
public final class Psci {
  public static final int PSCI_VERSION = 0x8400_0000;
  public static final int CPU_SUSPEND_32 = 0x8400_0001;
  public static final int CPU_SUSPEND_64 = 0xC400_0001;
  public static final int CPU_OFF = 0x8400_0002;
  public static final int CPU_ON_32 = 0x8400_0003;
  public static final int CPU_ON_64 = 0xC400_0003;
  public static final int AFFINITY_INFO_32 = 0x8400_0004;
  public static final int AFFINITY_INFO_64 = 0xC400_0004;
  public static final int MIGRATE_INFO_TYPE = 0x8400_0006;
  public static final int SYSTEM_OFF = 0x8400_0008;
  public static final int SYSTEM_RESET = 0x8400_0009;
  public static final int PSCI_FEATURES = 0x8400_000A;
  public static final int SMCCC_VERSION = 0x8000_0000;
  public static final int SMCCC_ARCH_FEATURES = 0x8000_0001;

  /** SMCCC 1.1+ Arm Architecture Service calls: firmware mitigations of CVE-2017-5715, CVE-2018-3639, CVE-2022-23960. */
  public static final int SMCCC_ARCH_WORKAROUND_1 = 0x8000_8000;

  public static final int SMCCC_ARCH_WORKAROUND_2 = 0x8000_7FFF;
  public static final int SMCCC_ARCH_WORKAROUND_3 = 0x8000_3FFF;

  /** SMCCC_ARCH_FEATURES for a workaround: "not required on this PE" (DEN 0028, section 7). */
  public static final long WORKAROUND_NOT_REQUIRED_ON_THIS_PE = 1;

  /** CPU_SUSPEND power_state, original format (DEN 0022 5.4.2.1): StateType [16], PowerLevel [25:24]. */
  static final long POWER_STATE_TYPE_POWERDOWN = 1L << 16;

  /** The power_state bits a core-level state may have: StateID [15:0] and StateType [16]. */
  static final long POWER_STATE_CORE_BITS = 0x1_FFFFL;

  /** PSCI return codes (DEN 0022 5.2.2). */
  public static final long SUCCESS = 0;

  public static final long NOT_SUPPORTED = -1;
  public static final long INVALID_PARAMETERS = -2;
  public static final long DENIED = -3;
  public static final long ALREADY_ON = -4;
  public static final long ON_PENDING = -5;
  public static final long INTERNAL_FAILURE = -6;

  /** PSCI 1.1 as (major << 16) | minor. */
  public static final long VERSION_1_1 = 0x1_0001;

  /** SMCCC 1.1. */
  public static final long SMCCC_1_1 = 0x1_0001;

  /** The power operations PSCI asks of the VM. */
  public interface Power {
    /** CPU_ON: starts the vCPU with affinity {@code mpidr}; a PSCI return code. */
    long cpuOn(long mpidr, long entry, long contextId);

    /** CPU_OFF for the calling vCPU; returns only on failure. */
    long cpuOff(int vcpu);

    /** AFFINITY_INFO: 0 on, 1 off, 2 on pending, or INVALID_PARAMETERS. */
    long affinityInfo(long mpidr);

    void systemOff();

    void systemReset();
  }

  private final Power power;

  public Psci(Power power) {
    this.power = power;
  }

  /** Handles an SMCCC call in W0; results in X0. Unknown functions return NOT_SUPPORTED. */
  public void call(VcpuContext vcpu) {
    int function = (int) vcpu.x(0);
    long result =
        switch (function) {
          case PSCI_VERSION -> VERSION_1_1;
          case CPU_ON_32, CPU_ON_64 -> power.cpuOn(arg(vcpu, 1, function), arg(vcpu, 2, function), arg(vcpu, 3, function));
          case CPU_OFF -> power.cpuOff(vcpu.index());
          case AFFINITY_INFO_32, AFFINITY_INFO_64 -> arg(vcpu, 2, function) != 0 ? INVALID_PARAMETERS : power.affinityInfo(arg(vcpu, 1, function));
          case CPU_SUSPEND_32, CPU_SUSPEND_64 -> cpuSuspend(vcpu, arg(vcpu, 1, function));
          case MIGRATE_INFO_TYPE -> 2; // Trusted OS not present: no migration needed
          case SYSTEM_OFF -> {
            power.systemOff();
            yield SUCCESS;
          }
          case SYSTEM_RESET -> {
            power.systemReset();
            yield SUCCESS;
          }
          case PSCI_FEATURES -> features((int) vcpu.x(1));
          case SMCCC_VERSION -> SMCCC_1_1;
          case SMCCC_ARCH_FEATURES -> archFeatures((int) vcpu.x(1));
          // Not needed (see archFeatures), but a guest may call them anyway: they do nothing.
          case SMCCC_ARCH_WORKAROUND_1, SMCCC_ARCH_WORKAROUND_2, SMCCC_ARCH_WORKAROUND_3 -> SUCCESS;
          default -> NOT_SUPPORTED;
        };
    vcpu.setX(0, result);
  }

  /**
   * Counts a call of SMCCC function {@code function} for {@code --stats}: a PSCI function by its
   * number, anything else as another SMCCC call. PSCI ids are 0x8400_00nn (SMC32) and
   * 0xC400_00nn (SMC64) for nn in 0..0x1f (DEN 0022 5.1, SMCCC's "Standard Secure Service" range).
   */
  public static void count(dev.qvm.core.stats.VcpuCounters counters, int function) {
    if ((function & ~0x4000_001f) == 0x8400_0000) {
      counters.psciCalls[function & 0x1f]++;
    } else {
      counters.otherSmcccCalls++;
    }
  }

  /** The PSCI 1.1 name of function number {@code n} (bits [4:0] of the id; DEN 0022 5.1). */
  public static String functionName(int n) {
    return switch (n) {
      case 0 -> "PSCI_VERSION";
      case 1 -> "CPU_SUSPEND";
      case 2 -> "CPU_OFF";
      case 3 -> "CPU_ON";
      case 4 -> "AFFINITY_INFO";
      case 5 -> "MIGRATE";
      case 6 -> "MIGRATE_INFO_TYPE";
      case 7 -> "MIGRATE_INFO_UP_CPU";
      case 8 -> "SYSTEM_OFF";
      case 9 -> "SYSTEM_RESET";
      case 0xa -> "PSCI_FEATURES";
      case 0xb -> "CPU_FREEZE";
      case 0xc -> "CPU_DEFAULT_SUSPEND";
      case 0xd -> "NODE_HW_STATE";
      case 0xe -> "SYSTEM_SUSPEND";
      case 0xf -> "PSCI_SET_SUSPEND_MODE";
      case 0x10 -> "PSCI_STAT_RESIDENCY";
      case 0x11 -> "PSCI_STAT_COUNT";
      case 0x12 -> "SYSTEM_RESET2";
      case 0x13 -> "MEM_PROTECT";
      case 0x14 -> "MEM_PROTECT_CHECK_RANGE";
      default -> String.format("PSCI function 0x%x", n);
    };
  }

  /**
   * CPU_SUSPEND (DEN 0022 5.4). The platform's only power level is the core, so a power_state
   * with PowerLevel or reserved bits set is INVALID_PARAMETERS, as on QEMU's virt board. A
   * standby state is entered as WFI is and the call returns SUCCESS after a wake-up event. The
   * spec lets an implementation enter a shallower state than the one asked for, so a powerdown
   * state is taken as standby: registers are kept and the call returns SUCCESS instead of
   * resuming at the entry point (QEMU does the same).
   */
  private static long cpuSuspend(VcpuContext vcpu, long powerState) {
    if ((powerState & ~POWER_STATE_CORE_BITS) != 0) {
      return INVALID_PARAMETERS;
    }
    vcpu.waitForInterrupt();
    return SUCCESS;
  }

  /**
   * SMCCC_ARCH_FEATURES (DEN 0028, section 7.3): SUCCESS for the Arm Architecture calls that
   * exist here. qvm's interpreter executes nothing speculatively, so no PE needs the Spectre
   * workarounds: each reports "not required on this PE", which guests read as unaffected.
   */
  private static long archFeatures(int function) {
    return switch (function) {
      case SMCCC_VERSION, SMCCC_ARCH_FEATURES -> SUCCESS;
      case SMCCC_ARCH_WORKAROUND_1, SMCCC_ARCH_WORKAROUND_2, SMCCC_ARCH_WORKAROUND_3 -> WORKAROUND_NOT_REQUIRED_ON_THIS_PE;
      default -> NOT_SUPPORTED;
    };
  }

  /** SMC32 calling convention: arguments are the low 32 bits of the registers. */
  private static long arg(VcpuContext vcpu, int n, int function) {
    long value = vcpu.x(n);
    return (function & 0x4000_0000) == 0 ? value & 0xffff_ffffL : value;
  }

  private static long features(int function) {
    return switch (function) {
      case PSCI_VERSION, CPU_OFF, CPU_ON_32, CPU_ON_64, AFFINITY_INFO_32, AFFINITY_INFO_64,
          MIGRATE_INFO_TYPE, SYSTEM_OFF, SYSTEM_RESET, PSCI_FEATURES, SMCCC_VERSION -> SUCCESS;
      case CPU_SUSPEND_32, CPU_SUSPEND_64 -> 0; // original power_state format, no OS-initiated mode
      default -> NOT_SUPPORTED;
    };
  }
}
