package dev.qvm.core.config;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * The {@code set VARIABLE VALUE} variables, with their defaults.
 *
 * @param counterOffset the virtual counter offset; all ones (QNX's default) means "the guest's
 *     counter starts at 0"
 * @param exitOnHalt whether WFI parks the vCPU thread (on) or spins (off)
 * @param fdtDumpFile where to write the generated DTB, as written
 * @param gicHwassist accepted; qvm has no hardware to assist
 * @param icount (qvm) guest time from executed instructions, for deterministic runs
 * @param cpuModel (qvm) the processor model, as written
 * @param systemReset (qvm) {@code set system-reset}: what PSCI SYSTEM_RESET does
 */
public record ConfigVariables(
    long counterOffset,
    boolean exitOnHalt,
    Optional<Word> fdtDumpFile,
    boolean gicHwassist,
    boolean icount,
    Optional<Word> cpuModel,
    SystemReset systemReset) {

  /** (qvm) {@code set system-reset restart|stop|exit}: the VM's answer to PSCI SYSTEM_RESET. */
  public enum SystemReset {
    /** Boot the board again from its config, in the same qvm process (the default). */
    RESTART,
    /** End qvm with exit code 0, as QNX's qvm ends when its guest reboots. */
    STOP,
    /** End qvm with exit code 8, so a script can tell a reboot from a power-off. */
    EXIT
  }

  /** The variable names, in the order {@link #asMap()} lists them. */
  public static final java.util.List<String> NAMES =
      java.util.List.of(
          "counter-offset", "exit-on-halt", "fdt-dump-file", "gic-hwassist", "icount", "cpu-model",
          "system-reset");

  /** The values when no {@code set} is written. */
  public static final ConfigVariables DEFAULT =
      new ConfigVariables(-1L, true, Optional.empty(), false, false, Optional.empty(), SystemReset.RESTART);

  /** (qvm) The processor model every vCPU presents; {@code cortex-a57} unless set. */
  public String cpuModelName() {
    return cpuModel.map(Word::text).orElse("cortex-a57");
  }

  /** Every variable with its value as {@code qvm check} shows it. */
  public Map<String, String> asMap() {
    Map<String, String> m = new LinkedHashMap<>();
    m.put("counter-offset", "0x" + Long.toHexString(counterOffset));
    m.put("exit-on-halt", onOff(exitOnHalt));
    m.put("fdt-dump-file", fdtDumpFile.map(Word::text).orElse("(none)"));
    m.put("gic-hwassist", onOff(gicHwassist));
    m.put("icount", onOff(icount));
    m.put("cpu-model", cpuModelName());
    m.put("system-reset", systemReset.name().toLowerCase(java.util.Locale.ROOT));
    return m;
  }

  private static String onOff(boolean b) {
    return b ? "on" : "off";
  }
}
