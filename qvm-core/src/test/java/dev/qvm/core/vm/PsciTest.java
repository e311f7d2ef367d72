package dev.qvm.core.vm;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** PSCI 1.1 (ARM DEN 0022) and SMCCC (ARM DEN 0028) calls as the firmware qvm plays answers them. */
class PsciTest {

  /** Registers only; counts the WFI-like waits CPU_SUSPEND asks for. */
  static final class Regs implements VcpuContext {
    final long[] x = new long[31];
    int waits;

    Regs(long... args) {
      System.arraycopy(args, 0, x, 0, args.length);
    }

    @Override
    public int index() {
      return 1;
    }

    @Override
    public long x(int n) {
      return n >= 31 ? 0 : x[n];
    }

    @Override
    public void setX(int n, long value) {
      x[n] = value;
    }

    @Override
    public long pc() {
      return 0x4008_0000L;
    }

    @Override
    public boolean readVirtual(long va, byte[] dst, int offset, int length) {
      return false;
    }

    @Override
    public boolean writeVirtual(long va, byte[] src, int offset, int length) {
      return false;
    }

    @Override
    public void waitForInterrupt() {
      waits++;
    }
  }

  /** A VM of two vCPUs (affinities 0 and 1) that records what PSCI asked of it. */
  static final class Power implements Psci.Power {
    final List<String> calls = new ArrayList<>();
    final boolean[] on = {true, false};

    @Override
    public long cpuOn(long mpidr, long entry, long contextId) {
      calls.add(String.format("on %x %x %x", mpidr, entry, contextId));
      if (mpidr > 1) {
        return Psci.INVALID_PARAMETERS;
      }
      if (on[(int) mpidr]) {
        return Psci.ALREADY_ON;
      }
      on[(int) mpidr] = true;
      return Psci.SUCCESS;
    }

    @Override
    public long cpuOff(int vcpu) {
      calls.add("off " + vcpu);
      return Psci.SUCCESS;
    }

    @Override
    public long affinityInfo(long mpidr) {
      return mpidr > 1 ? Psci.INVALID_PARAMETERS : on[(int) mpidr] ? 0 : 1;
    }

    @Override
    public void systemOff() {
      calls.add("system off");
    }

    @Override
    public void systemReset() {
      calls.add("system reset");
    }
  }

  private final Power power = new Power();
  private final Psci psci = new Psci(power);

  private Regs call(long... args) {
    Regs r = new Regs(args);
    psci.call(r);
    return r;
  }

  @Test
  void versionIsPsci11AndSmccc11() {
    assertThat(call(Psci.PSCI_VERSION).x(0)).as("PSCI 1.1 = 0x10001").isEqualTo(0x1_0001L);
    assertThat(call(Psci.SMCCC_VERSION).x(0)).as("SMCCC 1.1").isEqualTo(0x1_0001L);
  }

  @Test
  void cpuSuspendStandbyWaitsAsWfiAndReturnsSuccess() {
    Regs r = call(Psci.CPU_SUSPEND_64, 0x0000, 0x4008_0000L, 7);
    assertThat(r.waits).as("DEN 0022 5.4: a standby state is entered as WFI").isEqualTo(1);
    assertThat(r.x(0)).isEqualTo(Psci.SUCCESS);
  }

  @Test
  void cpuSuspendPowerdownIsTakenAsStandbyAndReturnsSuccess() {
    Regs r = call(Psci.CPU_SUSPEND_64, 1L << 16, 0x4008_0000L, 7);
    assertThat(r.waits).as("powerdown (StateType 1) downgraded to standby").isEqualTo(1);
    assertThat(r.x(0)).isEqualTo(Psci.SUCCESS);
    assertThat(r.x(1)).as("registers are kept: no resume at the entry point").isEqualTo(1L << 16);
  }

  @Test
  void cpuSuspendToAPowerLevelAboveTheCoreIsInvalidAndDoesNotWait() {
    Regs r = call(Psci.CPU_SUSPEND_32, 1L << 24, 0x4008_0000L, 0);
    assertThat(r.x(0)).as("PowerLevel 1: the board has no cluster state").isEqualTo(Psci.INVALID_PARAMETERS);
    assertThat(r.waits).isZero();
    assertThat(call(Psci.CPU_SUSPEND_64, 1L << 20, 0, 0).x(0)).as("reserved bit 20").isEqualTo(Psci.INVALID_PARAMETERS);
  }

  @Test
  void cpuOnPassesTargetEntryAndContextAndReportsErrors() {
    assertThat(call(Psci.CPU_ON_64, 1, 0x4010_0000L, 0xABCD).x(0)).isEqualTo(Psci.SUCCESS);
    assertThat(power.calls).containsExactly("on 1 40100000 abcd");
    assertThat(call(Psci.CPU_ON_64, 1, 0x4010_0000L, 0).x(0)).as("second CPU_ON").isEqualTo(Psci.ALREADY_ON);
    assertThat(call(Psci.CPU_ON_64, 7, 0x4010_0000L, 0).x(0)).as("no such MPIDR").isEqualTo(Psci.INVALID_PARAMETERS);
  }

  @Test
  void smc32CallsUseTheLowHalvesOfTheirArguments() {
    call(Psci.CPU_ON_32, 0xFFFF_FFFF_0000_0001L, 0x1_4010_0000L, 0x5_0000_0002L);
    assertThat(power.calls).containsExactly("on 1 40100000 2");
  }

  @Test
  void affinityInfoReportsOnOffAndRejectsOtherLevels() {
    assertThat(call(Psci.AFFINITY_INFO_64, 0, 0).x(0)).as("vCPU 0 is on").isEqualTo(0);
    assertThat(call(Psci.AFFINITY_INFO_64, 1, 0).x(0)).as("vCPU 1 is off").isEqualTo(1);
    assertThat(call(Psci.AFFINITY_INFO_64, 9, 0).x(0)).isEqualTo(Psci.INVALID_PARAMETERS);
    assertThat(call(Psci.AFFINITY_INFO_64, 0, 1).x(0)).as("lowest affinity level 1").isEqualTo(Psci.INVALID_PARAMETERS);
  }

  @Test
  void cpuOffSystemOffAndSystemResetReachThePower() {
    call(Psci.CPU_OFF);
    call(Psci.SYSTEM_OFF);
    call(Psci.SYSTEM_RESET);
    assertThat(power.calls).containsExactly("off 1", "system off", "system reset");
  }

  @Test
  void psciFeaturesKnowsTheImplementedFunctionsOnly() {
    for (int f : new int[] {Psci.PSCI_VERSION, Psci.CPU_ON_64, Psci.CPU_OFF, Psci.AFFINITY_INFO_64, Psci.SYSTEM_OFF, Psci.SYSTEM_RESET, Psci.PSCI_FEATURES, Psci.SMCCC_VERSION}) {
      assertThat(call(Psci.PSCI_FEATURES, f).x(0)).as("PSCI_FEATURES(0x%x)", f).isEqualTo(Psci.SUCCESS);
    }
    assertThat(call(Psci.PSCI_FEATURES, Psci.CPU_SUSPEND_64).x(0)).as("original power_state format, no OSI").isEqualTo(0);
    assertThat(call(Psci.PSCI_FEATURES, 0x8400_000E).x(0)).as("SYSTEM_SUSPEND is not implemented").isEqualTo(Psci.NOT_SUPPORTED);
    assertThat(call(Psci.PSCI_FEATURES, 0x8400_0012).x(0)).as("SYSTEM_RESET2 is not implemented").isEqualTo(Psci.NOT_SUPPORTED);
  }

  @Test
  void unknownFunctionsAreNotSupported() {
    assertThat(call(0x8400_000E).x(0)).as("SYSTEM_SUSPEND").isEqualTo(Psci.NOT_SUPPORTED);
    assertThat(call(0xC400_0005).x(0)).as("MIGRATE: no Trusted OS").isEqualTo(Psci.NOT_SUPPORTED);
    assertThat(call(0x8600_0000).x(0)).as("an SiP call").isEqualTo(Psci.NOT_SUPPORTED);
  }

  @Test
  void smcccArchFeaturesReportsImplementedCallsAndNoNeededWorkarounds() {
    assertThat(call(Psci.SMCCC_ARCH_FEATURES, Psci.SMCCC_VERSION).x(0)).isEqualTo(Psci.SUCCESS);
    assertThat(call(Psci.SMCCC_ARCH_FEATURES, Psci.SMCCC_ARCH_FEATURES).x(0)).isEqualTo(Psci.SUCCESS);
    for (int w : new int[] {Psci.SMCCC_ARCH_WORKAROUND_1, Psci.SMCCC_ARCH_WORKAROUND_2, Psci.SMCCC_ARCH_WORKAROUND_3}) {
      assertThat(call(Psci.SMCCC_ARCH_FEATURES, w).x(0)).as("workaround 0x%x not required on this PE (1)", w).isEqualTo(1);
      assertThat(call(w).x(0)).as("calling workaround 0x%x anyway does nothing", w).isEqualTo(Psci.SUCCESS);
    }
    assertThat(call(Psci.SMCCC_ARCH_FEATURES, 0x8000_FF00).x(0)).isEqualTo(Psci.NOT_SUPPORTED);
  }
}
