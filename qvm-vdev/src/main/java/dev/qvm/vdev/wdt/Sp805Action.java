package dev.qvm.vdev.wdt;

import dev.qvm.core.config.ConfigException;
import dev.qvm.core.config.SubOption;

/**
 * What the watchdog does when its reset output WDOGRES fires (the second time-out with the
 * interrupt still uncleared and WdogControl.RESEN set): QNX's {@code action [dump,]terminate|fiq}.
 */
enum Sp805Action {
  /** Stop the VM with exit code 4 ({@link dev.qvm.core.vm.ExitCodes#WATCHDOG}). */
  TERMINATE,
  /** Log every vCPU's state, then terminate. */
  DUMP_TERMINATE,
  /** Send an edge on the watchdog's interrupt line (QNX: for a guest that routes it as FIQ). */
  FIQ;

  /** QNX's default is not documented; terminating is what a watchdog is for. */
  static final Sp805Action DEFAULT = TERMINATE;

  static Sp805Action parse(SubOption option) throws ConfigException {
    if (option.args().size() != 1) {
      throw new ConfigException(option.location(), "action takes one argument: [dump,]terminate or fiq");
    }
    return switch (option.arg()) {
      case "terminate" -> TERMINATE;
      case "dump,terminate", "terminate,dump" -> DUMP_TERMINATE;
      case "fiq" -> FIQ;
      case "dump", "dump,fiq", "fiq,dump" ->
          throw new ConfigException(
              option.location(), "action " + option.arg() + ": dump goes with terminate ([dump,]terminate)");
      default ->
          throw new ConfigException(
              option.location(),
              "unknown watchdog action '" + option.arg() + "' (known: terminate, dump,terminate, fiq)");
    };
  }
}
