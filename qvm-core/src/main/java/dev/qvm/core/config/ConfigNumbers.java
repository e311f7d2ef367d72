package dev.qvm.core.config;

/**
 * The number rules of QVMCONF.md "Lexical rules": an <em>address</em> without prefix is hex, a
 * <em>size</em> without prefix is decimal, {@code 0x} forces hex and {@code 0d} decimal, and both
 * take a {@code K}/{@code M}/{@code G} suffix (either case) that multiplies by 1024^n. Every other
 * number (priorities, counts, INTIDs) is decimal unless {@code 0x}-prefixed and takes no suffix.
 * All are unsigned 64-bit; errors point at the number's own column.
 */
public final class ConfigNumbers {

  private ConfigNumbers() {}

  /** An address ({@code ADDR} in the spec): hex unless {@code 0d}. */
  public static long address(String text, Location at) throws ConfigException {
    return parse(text, at, 16, true, "address");
  }

  /** A size or length: decimal unless {@code 0x}. */
  public static long size(String text, Location at) throws ConfigException {
    return parse(text, at, 10, true, "size");
  }

  /** A plain number (priority, count, INTID, microseconds): decimal unless {@code 0x}. */
  public static long plain(String text, Location at) throws ConfigException {
    return parse(text, at, 10, false, "number");
  }

  /** A plain number that must fit {@code [min, max]}, e.g. an INTID. */
  public static int plainInRange(String text, Location at, int min, int max, String what)
      throws ConfigException {
    long value = plain(text, at);
    if (value < min || value > max) {
      throw new ConfigException(
          at, what + " " + text + " is out of range (" + min + ".." + max + ")");
    }
    return (int) value;
  }

  /** Whether {@code text} reads as an address, without reporting why not. */
  public static boolean looksLikeAddress(String text) {
    try {
      parse(text, null, 16, true, "address");
      return true;
    } catch (ConfigException e) {
      return false;
    }
  }

  private static long parse(String text, Location at, int defaultRadix, boolean suffix, String what)
      throws ConfigException {
    String digits = text;
    int radix = defaultRadix;
    if (digits.length() > 2 && digits.charAt(0) == '0') {
      char p = Character.toLowerCase(digits.charAt(1));
      if (p == 'x') {
        radix = 16;
        digits = digits.substring(2);
      } else if (p == 'd' && (defaultRadix == 10 || isDecimalAfterPrefix(digits))) {
        // "0d100" in a hex context could be hex 0xd100; the spec makes the 0d prefix win, but
        // only when what follows is decimal digits (plus a suffix), so "0dead" stays hex.
        radix = 10;
        digits = digits.substring(2);
      }
    }
    int shift = 0;
    if (suffix && !digits.isEmpty()) {
      switch (Character.toUpperCase(digits.charAt(digits.length() - 1))) {
        case 'K' -> shift = 10;
        case 'M' -> shift = 20;
        case 'G' -> shift = 30;
        default -> shift = 0;
      }
      if (shift != 0) {
        digits = digits.substring(0, digits.length() - 1);
      }
    }
    if (digits.isEmpty()) {
      throw new ConfigException(at, "bad " + what + " '" + text + "'");
    }
    long value;
    try {
      value = Long.parseUnsignedLong(digits, radix);
    } catch (NumberFormatException e) {
      throw new ConfigException(at, "bad " + what + " '" + text + "'" + hint(radix));
    }
    if (shift != 0 && Long.numberOfLeadingZeros(value) < shift) {
      throw new ConfigException(at, what + " '" + text + "' is too large");
    }
    return value << shift;
  }

  private static boolean isDecimalAfterPrefix(String text) {
    String rest = text.substring(2);
    if (!rest.isEmpty() && "kKmMgG".indexOf(rest.charAt(rest.length() - 1)) >= 0) {
      rest = rest.substring(0, rest.length() - 1);
    }
    return !rest.isEmpty() && rest.chars().allMatch(Character::isDigit);
  }

  private static String hint(int radix) {
    return radix == 16 ? " (read as hex)" : " (read as decimal; write 0x for hex)";
  }
}
