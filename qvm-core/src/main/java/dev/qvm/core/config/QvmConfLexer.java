package dev.qvm.core.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Splits {@code .qvmconf} text into {@link Word}s (QVMCONF.md "Lexical rules"): line breaks and
 * indentation are mere separators, {@code #} comments to the end of the line, {@code "..."}
 * quotes hold spaces (a backslash-newline inside them vanishes, a plain newline becomes a space,
 * {@code \"} and {@code \\} escape), and {@code $env{NAME}} is replaced by the environment
 * variable NAME wherever it appears. Quotes may sit inside a word ({@code >"|tee log"}), as in a
 * shell; the quotes themselves are dropped.
 */
public final class QvmConfLexer {

  private static final String ENV_OPEN = "$env{";

  private final Path file;
  private final String text;
  private final Map<String, String> env;
  private int pos;
  private int line = 1;
  private int column = 1;

  private QvmConfLexer(Path file, String text, Map<String, String> env) {
    this.file = file;
    this.text = text;
    this.env = env;
  }

  /** Lexes the whole text of {@code file}. */
  public static List<Word> lex(Path file, String text, Map<String, String> env)
      throws ConfigException {
    return new QvmConfLexer(file, text, env).words();
  }

  /**
   * Turns command-line words (already split by the shell) into located words of the pseudo-file
   * {@code <command line>}: line 1, the column where each would stand in the words joined by single
   * spaces. The shell has already done quoting and substitution.
   */
  public static List<Word> commandLineWords(List<String> words) {
    List<Word> out = new ArrayList<>(words.size());
    int column = 1;
    for (String w : words) {
      out.add(new Word(w, new Location(Word.COMMAND_LINE, 1, column)));
      column += w.length() + 1;
    }
    return out;
  }

  private List<Word> words() throws ConfigException {
    rejectNul();
    List<Word> out = new ArrayList<>();
    while (true) {
      skipBlanksAndComments();
      if (pos >= text.length()) {
        return out;
      }
      out.add(word());
    }
  }

  /**
   * A NUL byte cannot stand in a path (the host's file API refuses it) nor in any other word, and
   * a config holding one is most likely a binary file named by mistake.
   */
  private void rejectNul() throws ConfigException {
    int nul = text.indexOf('\0');
    if (nul >= 0) {
      while (pos < nul) {
        advance();
      }
      throw new ConfigException(here(), "NUL character (byte 0) in the config; is this a binary file?");
    }
  }

  private void skipBlanksAndComments() {
    while (pos < text.length()) {
      char c = text.charAt(pos);
      if (c == '#') {
        while (pos < text.length() && text.charAt(pos) != '\n') {
          advance();
        }
      } else if (Character.isWhitespace(c)) {
        advance();
      } else {
        return;
      }
    }
  }

  private Word word() throws ConfigException {
    Location start = here();
    StringBuilder sb = new StringBuilder();
    while (pos < text.length()) {
      char c = text.charAt(pos);
      if (Character.isWhitespace(c) || c == '#') {
        break;
      } else if (c == '"') {
        quoted(sb);
      } else if (text.startsWith(ENV_OPEN, pos)) {
        sb.append(environment());
      } else {
        sb.append(c);
        advance();
      }
    }
    return new Word(sb.toString(), start);
  }

  private void quoted(StringBuilder sb) throws ConfigException {
    Location open = here();
    advance();
    while (true) {
      if (pos >= text.length()) {
        throw new ConfigException(open, "unterminated quoted string");
      }
      char c = text.charAt(pos);
      if (c == '"') {
        advance();
        return;
      } else if (c == '\\' && pos + 1 < text.length()) {
        char next = text.charAt(pos + 1);
        advance();
        if (next == '\n') {
          advance(); // backslash-newline joins lines with nothing in between
        } else if (next == '"' || next == '\\') {
          sb.append(next);
          advance();
        } else {
          sb.append('\\');
        }
      } else if (c == '\n') {
        sb.append(' ');
        advance();
      } else if (c == '\r') {
        advance(); // CRLF files: the \n that follows becomes the space
      } else if (text.startsWith(ENV_OPEN, pos)) {
        sb.append(environment());
      } else {
        sb.append(c);
        advance();
      }
    }
  }

  private String environment() throws ConfigException {
    Location at = here();
    int close = text.indexOf('}', pos);
    int newline = text.indexOf('\n', pos);
    if (close < 0 || (newline >= 0 && newline < close)) {
      throw new ConfigException(at, "unterminated $env{...}");
    }
    String name = text.substring(pos + ENV_OPEN.length(), close);
    if (name.isEmpty()) {
      throw new ConfigException(at, "$env{} names no variable");
    }
    String value = env.get(name);
    if (value == null) {
      throw new ConfigException(at, "environment variable " + name + " is not set");
    }
    while (pos <= close) {
      advance();
    }
    return value;
  }

  private Location here() {
    return new Location(file, line, column);
  }

  private void advance() {
    if (text.charAt(pos) == '\n') {
      line++;
      column = 1;
    } else {
      column++;
    }
    pos++;
  }
}
