package dev.qvm.vdev.wdt;

import dev.qvm.core.config.ConfigException;
import dev.qvm.core.config.SubOption;
import dev.qvm.core.vdev.Vdev;
import dev.qvm.core.vdev.VdevContext;
import dev.qvm.core.vdev.VdevProvider;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code vdev wdt-sp805}: the ARM SP805 watchdog with a 4 KiB register window (QVMCONF.md).
 *
 * <p>Sub-options, as QNX's: {@code action [dump,]terminate|fiq} (default {@code terminate}: exit
 * code 4; {@code dump,} first logs every vCPU's state; {@code fiq} sends an edge on the
 * interrupt line and the guest runs on) and {@code frequency HZ}, WDOGCLK (default 25,000,000).
 */
public final class Sp805Provider implements VdevProvider {
  private static final Logger LOG = LoggerFactory.getLogger(Sp805Provider.class);

  /** QNX's default WDOGCLK: 25 MHz. */
  static final long DEFAULT_FREQUENCY_HZ = 25_000_000L;

  /** Creates the provider; {@link java.util.ServiceLoader} calls this. */
  public Sp805Provider() {}

  @Override
  public String type() {
    return "wdt-sp805";
  }

  @Override
  public Set<String> options() {
    return Set.of("action", "frequency");
  }

  @Override
  public long windowSize() {
    return 0x1000;
  }

  @Override
  public Vdev create(VdevContext context) throws ConfigException {
    return create(context, new HostWatchdogClock(context.name()));
  }

  /** As {@link #create(VdevContext)} on another clock (tests). */
  Sp805 create(VdevContext context, WatchdogClock clock) throws ConfigException {
    Sp805Action action = Sp805Action.DEFAULT;
    long frequency = DEFAULT_FREQUENCY_HZ;
    try {
      for (SubOption option : context.options()) {
        switch (option.name()) {
          case "action" -> action = Sp805Action.parse(option);
          case "frequency" -> frequency = parseFrequency(option);
          default ->
              throw new ConfigException(
                  option.location(),
                  "unknown wdt-sp805 option '" + option.name() + "' (known: action, frequency)");
        }
      }
    } catch (ConfigException e) {
      clock.close();
      throw e;
    }
    if (action == Sp805Action.FIQ) {
      LOG.info(
          "wdt-sp805 {}: action fiq: the second time-out sends an edge on {}; the guest decides"
              + " whether it is an FIQ",
          context.name(),
          context.intid() < 0 ? "no interrupt (none assigned)" : "gic:" + context.intid());
    }
    return new Sp805(context.name(), context.interrupt(), frequency, action, clock);
  }

  /** {@code frequency HZ}: decimal, or hex with {@code 0x}; 1 Hz to 1 GHz. */
  static long parseFrequency(SubOption option) throws ConfigException {
    if (option.args().size() != 1) {
      throw new ConfigException(option.location(), "frequency takes one argument: HZ");
    }
    String text = option.arg();
    long hz = -1;
    try {
      if (text.matches("0[xX][0-9a-fA-F]{1,15}")) {
        hz = Long.parseLong(text.substring(2), 16);
      } else if (text.matches("[0-9]{1,19}")) {
        hz = Long.parseLong(text);
      }
    } catch (NumberFormatException e) {
      hz = -1;
    }
    if (hz < 1 || hz > Sp805.MAX_FREQUENCY_HZ) {
      throw new ConfigException(
          option.location(),
          "frequency " + text + ": expected a number of Hz from 1 to " + Sp805.MAX_FREQUENCY_HZ);
    }
    return hz;
  }
}
