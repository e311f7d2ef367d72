package dev.qvm.core.semihosting;

/**
 * Semihosting operation numbers (the value in W0) and the stop reasons {@code SYS_EXIT} takes,
 * with the names the specification uses ("Semihosting for AArch32 and AArch64", chapter 6 and
 * 6.5 "Reason codes").
 */
public final class SemihostingOp {
  public static final int SYS_OPEN = 0x01;
  public static final int SYS_CLOSE = 0x02;
  public static final int SYS_WRITEC = 0x03;
  public static final int SYS_WRITE0 = 0x04;
  public static final int SYS_WRITE = 0x05;
  public static final int SYS_READ = 0x06;
  public static final int SYS_READC = 0x07;
  public static final int SYS_ISERROR = 0x08;
  public static final int SYS_ISTTY = 0x09;
  public static final int SYS_SEEK = 0x0A;
  public static final int SYS_FLEN = 0x0C;
  public static final int SYS_TMPNAM = 0x0D;
  public static final int SYS_REMOVE = 0x0E;
  public static final int SYS_RENAME = 0x0F;
  public static final int SYS_CLOCK = 0x10;
  public static final int SYS_TIME = 0x11;
  public static final int SYS_SYSTEM = 0x12;
  public static final int SYS_ERRNO = 0x13;
  public static final int SYS_GET_CMDLINE = 0x15;
  public static final int SYS_HEAPINFO = 0x16;
  public static final int SYS_EXIT = 0x18;
  public static final int SYS_SYNCCACHE = 0x19;
  public static final int SYS_EXIT_EXTENDED = 0x20;
  public static final int SYS_ELAPSED = 0x30;
  public static final int SYS_TICKFREQ = 0x31;

  /** Reason code for a normal program end; the only one whose subcode is an exit status. */
  public static final long ADP_Stopped_ApplicationExit = 0x20026;

  /** Reason code a C library reports for {@code abort()} and similar fatal errors. */
  public static final long ADP_Stopped_RunTimeErrorUnknown = 0x20023;

  private SemihostingOp() {}

  /** The specification's name for {@code op}, or its hex value if it has none. */
  public static String name(int op) {
    return switch (op) {
      case SYS_OPEN -> "SYS_OPEN";
      case SYS_CLOSE -> "SYS_CLOSE";
      case SYS_WRITEC -> "SYS_WRITEC";
      case SYS_WRITE0 -> "SYS_WRITE0";
      case SYS_WRITE -> "SYS_WRITE";
      case SYS_READ -> "SYS_READ";
      case SYS_READC -> "SYS_READC";
      case SYS_ISERROR -> "SYS_ISERROR";
      case SYS_ISTTY -> "SYS_ISTTY";
      case SYS_SEEK -> "SYS_SEEK";
      case SYS_FLEN -> "SYS_FLEN";
      case SYS_TMPNAM -> "SYS_TMPNAM";
      case SYS_REMOVE -> "SYS_REMOVE";
      case SYS_RENAME -> "SYS_RENAME";
      case SYS_CLOCK -> "SYS_CLOCK";
      case SYS_TIME -> "SYS_TIME";
      case SYS_SYSTEM -> "SYS_SYSTEM";
      case SYS_ERRNO -> "SYS_ERRNO";
      case SYS_GET_CMDLINE -> "SYS_GET_CMDLINE";
      case SYS_HEAPINFO -> "SYS_HEAPINFO";
      case SYS_EXIT -> "SYS_EXIT";
      case SYS_SYNCCACHE -> "SYS_SYNCCACHE";
      case SYS_EXIT_EXTENDED -> "SYS_EXIT_EXTENDED";
      case SYS_ELAPSED -> "SYS_ELAPSED";
      case SYS_TICKFREQ -> "SYS_TICKFREQ";
      default -> String.format("0x%02X", op);
    };
  }
}
