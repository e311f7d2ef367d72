package dev.qvm.core.config.fuzz;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Mutates {@code .qvmconf} text the ways a person (or a broken generator) gets it wrong: byte
 * flips, words deleted, duplicated, swapped or replaced by other keywords, numbers replaced by
 * edge values and given odd suffixes, truncation, and injected quotes, comments, backslashes and
 * {@code $env{}} forms. Every choice comes from the one {@link SplittableRandom}, so a case is
 * reproduced by its seed.
 */
final class ConfigMutator {

  /** The words of the language, so that mutations reach deep into option parsing. */
  static final List<String> KEYWORDS =
      List.of(
          "system", "ram", "rom", "cpu", "load", "initrd", "fdt", "data", "cmdline", "pass",
          "reserve", "vdev", "set", "logger", "unsupported", "tolerance", "dryrun", "semihosting",
          "psci", "entry", "sched", "runmask", "cluster", "partition", "affinity", "loc", "intr",
          "name", "hostdev", "action", "frequency", "version", "redist", "spis", "backend",
          "irq", "gic", "pl011", "wdt-sp805", "cfi-flash", "vdev-pl011.so", "ioapic", "shmem",
          "counter-offset", "exit-on-halt", "fdt-dump-file", "gic-hwassist", "icount",
          "cpu-model", "on", "off", "hvc", "smc", "instruction", "reference", "register", "abort",
          "fail", "ignore", "stdout", "stderr", "none", "error,warn", "terminate",
          "dump,terminate", "fiq", "mem:", "gic:", "gic:33", "gic:1020", "other:40",
          "file:", "fifo:", "unix:", "tcp:0", ">-", "-", "<in.txt", "size", "rw");

  private static final List<String> NUMBERS =
      List.of(
          "0", "1", "-1", "0x0", "0x", "0d", "0d0", "0x1000", "4096", "4k", "1M", "64G", "1T",
          "0xffffffffffffffff", "0x10000000000000000", "18446744073709551616",
          "99999999999999999999999", "0x7fffffffffffffff", "9223372036854775807",
          "-9223372036854775808", "0xffffff0000", "0x40000000", "ffffffffff", "2147483648",
          "4294967296", "1020", "1019", "32", "31", "16", "15", "1.5", "1e9", "0b101", "+1",
          "00", "0x-1", "G", "K", "0xG");

  private static final List<String> SUFFIXES =
      List.of(
          ",", ",,", ":", "::", "=", "=0x", ".", ".so", "K", "k", "M", "G", "T", "x", "0x", "r",
          "f", "o", ",u", ",u=", ":-1", ",1", ",0", ",rwx", ",q", "=", "}", "{", "\\", "\"",
          "$", "$env", ",1M,", "\u00e9", "\u0000", "\uFFFF");

  private static final List<String> INJECTIONS =
      List.of(
          "\"", "\"quoted text\"", "\"\"", "# comment", "#", "\n", "\r\n", "\r", "\t", " ",
          "\\", "\\\n", "\"a\\\nb\"", "\"\\\"\"", "$env{QVM_FUZZ}", "$env{QVM_FUZZ_EMPTY}",
          "$env{QVM_FUZZ_SPACES}", "$env{NOT_SET_ANYWHERE}", "$env{", "$env{}", "$env{\n}",
          "${HOME}", "$env{QVM_FUZZ", "\u00a0", "\u2028", "\u0000", "\uFEFF", "\uD800", ",",
          ":", "=", "\"unterminated\n");

  /** Characters a byte flip may write: the lexer's special ones, digits, letters and oddities. */
  private static final String FLIP_CHARS =
      "\"#$ {}\\,:=\n\r\t0123456789abcdefxXkKmMgGrwxnc-_.\u0000\u00a0\u00ff\u0100\u2028";

  private static final Pattern WORD = Pattern.compile("\\S+");

  private static final Pattern NUMBER = Pattern.compile("(?:0[xXdD])?[0-9a-fA-F]+[kKmMgG]?");

  private final SplittableRandom random;

  ConfigMutator(SplittableRandom random) {
    this.random = random;
  }

  /** One to four mutations of {@code text}. */
  String mutate(String text) {
    String t = text;
    int n = 1 + random.nextInt(4);
    for (int i = 0; i < n; i++) {
      t = mutateOnce(t);
    }
    return t;
  }

  private String mutateOnce(String t) {
    return switch (random.nextInt(11)) {
      case 0 -> flipChar(t);
      case 1 -> flipBit(t);
      case 2 -> deleteWord(t);
      case 3 -> duplicateWord(t);
      case 4 -> swapWords(t);
      case 5 -> replaceNumber(t);
      case 6 -> appendSuffix(t);
      case 7 -> truncate(t);
      case 8 -> inject(t);
      case 9 -> insertKeyword(t);
      default -> replaceWord(t);
    };
  }

  private String flipChar(String t) {
    if (t.isEmpty()) {
      return pick(FLIP_CHARS);
    }
    int at = random.nextInt(t.length());
    return t.substring(0, at) + pick(FLIP_CHARS) + t.substring(at + 1);
  }

  private String flipBit(String t) {
    if (t.isEmpty()) {
      return t;
    }
    int at = random.nextInt(t.length());
    char c = (char) (t.charAt(at) ^ (1 << random.nextInt(8)));
    return t.substring(0, at) + c + t.substring(at + 1);
  }

  private String deleteWord(String t) {
    List<int[]> words = words(t);
    if (words.isEmpty()) {
      return t;
    }
    int[] w = words.get(random.nextInt(words.size()));
    return t.substring(0, w[0]) + t.substring(w[1]);
  }

  private String duplicateWord(String t) {
    List<int[]> words = words(t);
    if (words.isEmpty()) {
      return t;
    }
    int[] w = words.get(random.nextInt(words.size()));
    String word = t.substring(w[0], w[1]);
    // Next to itself half the time (a doubled word), else anywhere.
    int at = random.nextBoolean() ? w[1] : words.get(random.nextInt(words.size()))[0];
    return t.substring(0, at) + " " + word + " " + t.substring(at);
  }

  private String swapWords(String t) {
    List<int[]> words = words(t);
    if (words.size() < 2) {
      return t;
    }
    int i = random.nextInt(words.size() - 1);
    int j = random.nextBoolean() ? i + 1 : i + 1 + random.nextInt(words.size() - i - 1);
    int[] a = words.get(i);
    int[] b = words.get(j);
    return t.substring(0, a[0]) + t.substring(b[0], b[1]) + t.substring(a[1], b[0])
        + t.substring(a[0], a[1]) + t.substring(b[1]);
  }

  private String replaceNumber(String t) {
    Matcher m = NUMBER.matcher(t);
    List<int[]> numbers = new ArrayList<>();
    while (m.find()) {
      if (Character.isDigit(t.charAt(m.start()))) {
        numbers.add(new int[] {m.start(), m.end()});
      }
    }
    if (numbers.isEmpty()) {
      return t;
    }
    int[] n = numbers.get(random.nextInt(numbers.size()));
    String value =
        random.nextInt(3) == 0 ? Long.toString(random.nextLong()) : NUMBERS.get(random.nextInt(NUMBERS.size()));
    if (random.nextInt(4) == 0) {
      value += SUFFIXES.get(random.nextInt(SUFFIXES.size()));
    }
    return t.substring(0, n[0]) + value + t.substring(n[1]);
  }

  private String appendSuffix(String t) {
    List<int[]> words = words(t);
    if (words.isEmpty()) {
      return t;
    }
    int at = words.get(random.nextInt(words.size()))[1];
    return t.substring(0, at) + SUFFIXES.get(random.nextInt(SUFFIXES.size())) + t.substring(at);
  }

  private String truncate(String t) {
    return t.isEmpty() ? t : t.substring(0, random.nextInt(t.length()));
  }

  private String inject(String t) {
    int at = t.isEmpty() ? 0 : random.nextInt(t.length() + 1);
    return t.substring(0, at) + INJECTIONS.get(random.nextInt(INJECTIONS.size())) + t.substring(at);
  }

  private String insertKeyword(String t) {
    List<int[]> words = words(t);
    int at = words.isEmpty() ? t.length() : words.get(random.nextInt(words.size()))[0];
    return t.substring(0, at) + KEYWORDS.get(random.nextInt(KEYWORDS.size())) + " "
        + t.substring(at);
  }

  private String replaceWord(String t) {
    List<int[]> words = words(t);
    if (words.isEmpty()) {
      return t;
    }
    int[] w = words.get(random.nextInt(words.size()));
    return t.substring(0, w[0]) + KEYWORDS.get(random.nextInt(KEYWORDS.size()))
        + t.substring(w[1]);
  }

  private String pick(String chars) {
    return String.valueOf(chars.charAt(random.nextInt(chars.length())));
  }

  private static List<int[]> words(String t) {
    List<int[]> out = new ArrayList<>();
    Matcher m = WORD.matcher(t);
    while (m.find()) {
      out.add(new int[] {m.start(), m.end()});
    }
    return out;
  }
}
