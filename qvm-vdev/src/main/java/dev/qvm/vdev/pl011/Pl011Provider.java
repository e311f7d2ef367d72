package dev.qvm.vdev.pl011;

import dev.qvm.core.config.ConfigException;
import dev.qvm.core.config.SchedHint;
import dev.qvm.core.config.SubOption;
import dev.qvm.core.vdev.Vdev;
import dev.qvm.core.vdev.VdevContext;
import dev.qvm.core.vdev.VdevProvider;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code vdev pl011}: an ARM PrimeCell UART (PL011) with a 4 KiB register window.
 *
 * <p>Sub-options: {@code hostdev SPEC}, repeatable, one host end each (see {@link HostdevSpec} for
 * the forms); without any, output goes to qvm's stdout and there is no input. {@code sched
 * PRIORITY} is accepted because QNX configurations carry it, and reported as ignored: qvm's host
 * threads run at the JVM's normal priority.
 */
public final class Pl011Provider implements VdevProvider {
  private static final Logger LOG = LoggerFactory.getLogger(Pl011Provider.class);

  /** Creates the provider; {@link java.util.ServiceLoader} calls this. */
  public Pl011Provider() {}

  @Override
  public String type() {
    return "pl011";
  }

  @Override
  public Set<String> options() {
    return Set.of("hostdev", "sched");
  }

  @Override
  public long windowSize() {
    return 0x1000;
  }

  @Override
  public Vdev create(VdevContext context) throws ConfigException {
    return create(context, Pl011.DEFAULT_RX_TIMEOUT_NANOS);
  }

  /** As {@link #create(VdevContext)} with another receive timeout (tests). */
  Pl011 create(VdevContext context, long rxTimeoutNanos) throws ConfigException {
    List<HostdevSpec> specs = new ArrayList<>();
    for (SubOption option : context.options()) {
      switch (option.name()) {
        case "hostdev" -> specs.add(HostdevSpec.parse(option));
        case "sched" -> {
          SchedHint sched = parseSched(option);
          LOG.info(
              "pl011 {}: sched {} accepted and ignored (host threads use the JVM's priority)",
              context.name(),
              sched);
        }
        default ->
            throw new ConfigException(
                option.location(),
                "unknown pl011 option '" + option.name() + "' (known: hostdev, sched)");
      }
    }
    List<HostEndpoint> endpoints = new ArrayList<>();
    ConsoleEscape escape = new ConsoleEscape(context.name());
    try {
      if (specs.isEmpty()) {
        endpoints.add(
            StreamEndpoint.open(
                new HostdevSpec(HostdevSpec.Form.STDOUT, "", -1, context.location()), context));
      }
      for (HostdevSpec spec : specs) {
        endpoints.add(
            spec.form() == HostdevSpec.Form.TCP
                ? TcpEndpoint.open(context.name(), spec)
                : StreamEndpoint.open(spec, context, escape));
      }
    } catch (ConfigException e) {
      endpoints.forEach(HostEndpoint::close);
      throw e;
    }
    Pl011 uart = new Pl011(context.name(), context.interrupt(), endpoints, rxTimeoutNanos);
    uart.consoleEscape = escape;
    return uart;
  }

  /** {@code sched PRIO[r|f|o]} as QNX writes it: priority 1-255, optional policy letter. */
  static SchedHint parseSched(SubOption option) throws ConfigException {
    if (option.args().size() != 1) {
      throw new ConfigException(option.location(), "sched takes one argument: PRIO[r|f|o]");
    }
    String text = option.arg();
    SchedHint.Policy policy =
        switch (text.isEmpty() ? ' ' : text.charAt(text.length() - 1)) {
          case 'r' -> SchedHint.Policy.ROUND_ROBIN;
          case 'f' -> SchedHint.Policy.FIFO;
          case 'o' -> SchedHint.Policy.OTHER;
          default -> SchedHint.Policy.DEFAULT;
        };
    String digits =
        policy == SchedHint.Policy.DEFAULT ? text : text.substring(0, text.length() - 1);
    int priority = digits.matches("[0-9]{1,3}") ? Integer.parseInt(digits) : -1;
    if (priority < 1 || priority > 255) {
      throw new ConfigException(
          option.location(), "sched " + text + ": expected PRIO[r|f|o] with PRIO from 1 to 255");
    }
    return new SchedHint(priority, policy, option.location());
  }
}
