package dev.qvm.vdev.pl011;

import dev.qvm.core.config.ConfigException;
import dev.qvm.core.config.Location;
import dev.qvm.core.config.SubOption;
import java.util.regex.Pattern;

/**
 * One {@code hostdev} sub-option of {@code vdev pl011}, parsed (QVMCONF.md, vdev table): which host
 * stream the UART's input comes from and its output goes to.
 *
 * @param form the shape of the argument
 * @param target the path, the shell command, or empty; for {@link Form#TCP} the port as text
 * @param port the TCP port for {@link Form#TCP} (0 asks the host for a free one), else -1
 * @param location where {@code hostdev} stands, for errors found later (a missing file)
 */
record HostdevSpec(Form form, String target, int port, Location location) {

  /** The argument forms QNX's vdev-pl011 documents, plus qvm's {@code tcp:PORT}. */
  enum Form {
    /** {@code -}: qvm's stdin and stdout. */
    STDIO(true, true),
    /** {@code >-}: qvm's stdout only. */
    STDOUT(false, true),
    /** {@code <-}: qvm's stdin only (the input counterpart of {@code >-}). */
    STDIN(true, false),
    /** {@code >PATH}: output to a file, created or truncated. */
    OUTPUT_FILE(false, true),
    /** {@code <PATH}: input from a file (or FIFO, or device). */
    INPUT_FILE(true, false),
    /** {@code PATH}: input from and output to one file, typically a FIFO or a tty device. */
    FILE(true, true),
    /** {@code >|CMD} (written {@code >"|CMD"}): output piped into {@code /bin/sh -c CMD}. */
    PIPE(false, true),
    /** {@code tcp:PORT} (qvm): a server socket on 127.0.0.1, one client at a time, both ways. */
    TCP(true, true);

    final boolean input;
    final boolean output;

    Form(boolean input, boolean output) {
      this.input = input;
      this.output = output;
    }
  }

  static final String FORMS = "-, >-, <-, >PATH, <PATH, PATH, >\"|CMD\", tcp:PORT";

  /** A scheme-like prefix ({@code udp:}, {@code unix:}): a form we do not know, not a path. */
  private static final Pattern SCHEME = Pattern.compile("[A-Za-z][A-Za-z0-9+.-]*:.*");

  /** Parses one {@code hostdev} sub-option; errors point at the sub-option. */
  static HostdevSpec parse(SubOption option) throws ConfigException {
    Location where = option.location();
    if (option.args().size() != 1) {
      throw new ConfigException(
          where,
          "hostdev takes one argument ("
              + FORMS
              + "), got "
              + option.args().size()
              + (option.args().isEmpty() ? "" : ": " + String.join(" ", option.args())));
    }
    String text = option.arg();
    if (text.equals("-")) {
      return new HostdevSpec(Form.STDIO, "", -1, where);
    }
    if (text.equals(">-")) {
      return new HostdevSpec(Form.STDOUT, "", -1, where);
    }
    if (text.equals("<-")) {
      return new HostdevSpec(Form.STDIN, "", -1, where);
    }
    if (text.startsWith(">|")) {
      String command = text.substring(2).strip();
      if (command.isEmpty()) {
        throw new ConfigException(where, "hostdev >\"|CMD\" needs a command after '|'");
      }
      return new HostdevSpec(Form.PIPE, command, -1, where);
    }
    if (text.startsWith("|") || text.startsWith("<|")) {
      throw unknown(where, text, "a command can only receive output: write >\"|CMD\"");
    }
    if (text.startsWith(">")) {
      return new HostdevSpec(Form.OUTPUT_FILE, pathAfter(where, text, 1), -1, where);
    }
    if (text.startsWith("<")) {
      return new HostdevSpec(Form.INPUT_FILE, pathAfter(where, text, 1), -1, where);
    }
    if (text.startsWith("tcp:")) {
      return new HostdevSpec(Form.TCP, text.substring(4), parsePort(where, text), where);
    }
    if (SCHEME.matcher(text).matches()) {
      throw unknown(where, text, "write ./" + text + " for a file of that name");
    }
    return new HostdevSpec(Form.FILE, text, -1, where);
  }

  private static String pathAfter(Location where, String text, int prefix) throws ConfigException {
    String path = text.substring(prefix);
    if (path.isEmpty()) {
      throw new ConfigException(where, "hostdev " + text + " needs a path after '" + text + "'");
    }
    return path;
  }

  private static int parsePort(Location where, String text) throws ConfigException {
    String digits = text.substring(4);
    int port;
    try {
      port = Integer.parseInt(digits);
    } catch (NumberFormatException e) {
      port = -1;
    }
    if (port < 0 || port > 65535 || digits.startsWith("+")) {
      throw new ConfigException(
          where, "hostdev " + text + ": the port must be a number from 0 to 65535");
    }
    return port;
  }

  private static ConfigException unknown(Location where, String text, String hint) {
    return new ConfigException(
        where, "unknown hostdev form '" + text + "' (known: " + FORMS + "); " + hint);
  }
}
