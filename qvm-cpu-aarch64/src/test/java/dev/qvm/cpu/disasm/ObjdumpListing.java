package dev.qvm.cpu.disasm;

import java.io.BufferedReader;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses {@code objdump -d}/{@code -D} listings into (address, word, text) lines and puts
 * both sides of a comparison into one normal form.
 */
final class ObjdumpListing {

  /** One instruction line of a listing. */
  record Line(long address, int word, String text) {}

  private static final Pattern INSTRUCTION =
      Pattern.compile("^\\s*([0-9a-f]+):\\s+([0-9a-f]{8})\\s+(.*)$");
  private static final Pattern SYMBOL = Pattern.compile(" <[^>]*>");
  /** A bare {@code 0x} address operand, as objdump writes one when it has no symbols. */
  private static final Pattern BARE_ADDRESS = Pattern.compile("(?<=[\\s,])0x(?=[0-9a-f]+)");

  private ObjdumpListing() {}

  static List<Line> parse(BufferedReader reader) throws IOException {
    List<Line> lines = new ArrayList<>();
    for (String s = reader.readLine(); s != null; s = reader.readLine()) {
      Matcher m = INSTRUCTION.matcher(s);
      if (m.matches()) {
        lines.add(new Line(Long.parseUnsignedLong(m.group(1), 16),
            Integer.parseUnsignedInt(m.group(2), 16), m.group(3)));
      }
    }
    return lines;
  }

  /**
   * The comparison form: objdump's {@code <symbol>} after a code address dropped (the
   * disassembler leaves symbols to its caller), an address objdump printed as {@code 0x...}
   * for lack of symbols made bare, and every run of white space made one space.
   */
  static String normalise(String text) {
    String s = SYMBOL.matcher(text).replaceAll("").strip().replaceAll("\\s+", " ");
    return s.startsWith(".inst") ? s : BARE_ADDRESS.matcher(s).replaceAll("");
  }

  /**
   * Whether objdump shows the line as data ({@code .word}), which it does for words an ELF's
   * {@code $d} mapping symbols mark as literal data rather than instructions.
   */
  static boolean isData(Line line) {
    return line.text().startsWith(".word") || line.text().startsWith(".short")
        || line.text().startsWith(".byte");
  }

  /** Compares our text for every instruction line; returns one report line per mismatch. */
  static List<String> mismatches(List<Line> lines) {
    List<String> out = new ArrayList<>();
    for (Line line : lines) {
      if (isData(line)) {
        continue;
      }
      String ours = normalise(Disassembler.disassemble(line.word(), line.address()));
      String theirs = normalise(line.text());
      if (!ours.equals(theirs)) {
        out.add(String.format("%08x at %x: ours '%s' objdump '%s'",
            line.word(), line.address(), ours, theirs));
      }
    }
    return out;
  }
}
