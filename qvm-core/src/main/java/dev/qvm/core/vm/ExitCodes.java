package dev.qvm.core.vm;

/**
 * {@code qvm}'s exit codes: QNX's where QNX defines them, qvm's extensions marked. See
 * docs/qvmconf.md ("Errors and exit codes").
 */
public final class ExitCodes {
  /** The guest powered off. */
  public static final int GUEST_OFF = 0;

  /** Power cut (SIGQUIT). */
  public static final int POWER_CUT = 3;

  /** The watchdog terminated the VM. */
  public static final int WATCHDOG = 4;

  /** An unsupported guest operation with {@code unsupported ... abort}. */
  public static final int UNSUPPORTED_ABORT = 5;

  /** A vdev failed. */
  public static final int VDEV_ERROR = 6;

  /** Something unexpected (a bug in qvm). */
  public static final int UNEXPECTED = 7;

  /** (qvm) The guest asked for a reset (PSCI SYSTEM_RESET) and {@code set system-reset exit} is set. */
  public static final int GUEST_RESET = 8;

  /**
   * Not an exit code: the stop reason of a VM whose guest asked for PSCI SYSTEM_RESET under
   * {@code set system-reset restart}. {@code qvm run} boots the board again when it sees it.
   */
  public static final int RESTART = -8;

  /** Fatal error before the guest started. */
  public static final int FATAL_BEFORE_START = 64;

  /** Configuration error. */
  public static final int CONFIG_ERROR = 65;

  /** Fatal error after the guest started. */
  public static final int FATAL_AFTER_START = 96;

  /**
   * (qvm) A vCPU was stuck in an exception loop: its exceptions kept raising exceptions with no
   * exception return, e.g. no vector table (reported with its PC, ESR, FAR and last
   * instructions).
   */
  public static final int EXCEPTION_LOOP = 97;

  /** (qvm) {@code --timeout} expired. */
  public static final int TIMEOUT = 124;

  /** SIGINT. */
  public static final int SIGINT = 130;

  /** SIGTERM. */
  public static final int SIGTERM = 143;

  private ExitCodes() {}
}
