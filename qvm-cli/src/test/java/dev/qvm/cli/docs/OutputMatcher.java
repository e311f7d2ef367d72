package dev.qvm.cli.docs;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Compares what a command printed with what a page shows. Both sides are normalised: trailing
 * blank lines dropped, runs of spaces and tabs made one space, trailing spaces removed, and every
 * timing figure (a number followed by {@code s}, {@code ms}, {@code us}, {@code ns} or {@code
 * MIPS}) replaced by {@code N} with its unit. On the page's side a line that is just {@code ...}
 * stands for any number of lines (none included), and {@code ...} inside a line for any text.
 */
final class OutputMatcher {

  private static final Pattern TIMING = Pattern.compile("(?<![\\w.])\\d[\\d,]*(?:\\.\\d+)?( ?)(s|ms|us|µs|ns|MIPS)(?![\\w])");

  static final String ELLIPSIS = "...";

  private OutputMatcher() {}

  /** The normalised form of one line (see the class comment). */
  static String normalise(String line) {
    String s = line.replace("\r", "").replaceAll("[ \\t]+", " ").strip();
    Matcher m = TIMING.matcher(s);
    return m.replaceAll(r -> "N" + r.group(1) + r.group(2));
  }

  static List<String> normaliseAll(List<String> lines) {
    List<String> out = new ArrayList<>();
    for (String l : lines) {
      out.add(normalise(l));
    }
    while (!out.isEmpty() && out.getLast().isEmpty()) {
      out.removeLast();
    }
    return out;
  }

  /** Whether {@code actual} matches the page's {@code expected} lines. */
  static boolean matches(List<String> expected, List<String> actual) {
    List<String> e = normaliseAll(expected);
    List<String> a = normaliseAll(actual);
    // matchFrom[i][j]: e[i..] matches a[j..]; filled backwards so "..." lines can skip ahead.
    boolean[][] ok = new boolean[e.size() + 1][a.size() + 1];
    ok[e.size()][a.size()] = true;
    for (int i = e.size() - 1; i >= 0; i--) {
      boolean skipAny = e.get(i).equals(ELLIPSIS);
      Pattern p = skipAny ? null : linePattern(e.get(i));
      for (int j = a.size(); j >= 0; j--) {
        if (skipAny) {
          ok[i][j] = ok[i + 1][j] || (j < a.size() && ok[i][j + 1]);
        } else {
          ok[i][j] = j < a.size() && p.matcher(a.get(j)).matches() && ok[i + 1][j + 1];
        }
      }
    }
    return ok[0][0];
  }

  private static Pattern linePattern(String expected) {
    StringBuilder re = new StringBuilder();
    int from = 0;
    int at;
    while ((at = expected.indexOf(ELLIPSIS, from)) >= 0) {
      re.append(Pattern.quote(expected.substring(from, at))).append(".*");
      from = at + ELLIPSIS.length();
    }
    re.append(Pattern.quote(expected.substring(from)));
    return Pattern.compile(re.toString());
  }
}
