package dev.qvm.cpu.gdb;

import java.nio.charset.StandardCharsets;

/**
 * Encodings of the GDB Remote Serial Protocol (GDB manual, appendix E "Remote Serial
 * Protocol"): hex, little-endian register values, packet checksums, binary escapes.
 */
public final class Rsp {

  private static final char[] HEX = "0123456789abcdef".toCharArray();

  private Rsp() {}

  /** Appends the low {@code bytes} bytes of {@code value}, least significant first, as hex. */
  public static void appendLittleEndian(StringBuilder out, long value, int bytes) {
    for (int i = 0; i < bytes; i++) {
      int b = (int) (value >>> (8 * i)) & 0xff;
      out.append(HEX[b >>> 4]).append(HEX[b & 15]);
    }
  }

  /** Reads {@code bytes} little-endian bytes of hex starting at character {@code at}. */
  public static long parseLittleEndian(String hex, int at, int bytes) {
    long value = 0;
    for (int i = 0; i < bytes && at + 2 * i + 2 <= hex.length(); i++) {
      value |= (long) Integer.parseInt(hex, at + 2 * i, at + 2 * i + 2, 16) << (8 * i);
    }
    return value;
  }

  /** Bytes as hex. */
  public static String toHex(byte[] data, int length) {
    StringBuilder out = new StringBuilder(2 * length);
    for (int i = 0; i < length; i++) {
      out.append(HEX[(data[i] >>> 4) & 15]).append(HEX[data[i] & 15]);
    }
    return out.toString();
  }

  /** Text as hex (qRcmd output, qThreadExtraInfo). */
  public static String toHex(String text) {
    byte[] b = text.getBytes(StandardCharsets.UTF_8);
    return toHex(b, b.length);
  }

  /** Hex as bytes. */
  public static byte[] fromHex(String hex) {
    byte[] out = new byte[hex.length() / 2];
    for (int i = 0; i < out.length; i++) {
      out[i] = (byte) Integer.parseInt(hex, 2 * i, 2 * i + 2, 16);
    }
    return out;
  }

  /** An unsigned hex number (addresses, lengths, thread ids); "-1" is all threads. */
  public static long parseHex(String s) {
    return Long.parseUnsignedLong(s, 16);
  }

  /** The modulo-256 sum of a packet's data, which follows its {@code #}. */
  public static int checksum(String data) {
    int sum = 0;
    for (int i = 0; i < data.length(); i++) {
      sum += data.charAt(i);
    }
    return sum & 0xff;
  }

  /** Escapes {@code $ # } *} for binary data in a reply (qXfer). */
  public static String escapeBinary(String data) {
    StringBuilder out = new StringBuilder(data.length());
    for (int i = 0; i < data.length(); i++) {
      char c = data.charAt(i);
      if (c == '$' || c == '#' || c == '}' || c == '*') {
        out.append('}').append((char) (c ^ 0x20));
      } else {
        out.append(c);
      }
    }
    return out.toString();
  }
}
