package dev.qvm.cli.docs;

import java.util.ArrayList;
import java.util.List;

/** Splits a command line into words as a POSIX shell would for the simple commands docs use. */
final class ShellWords {

  private ShellWords() {}

  /** Words with single quotes, double quotes and backslash escapes removed. */
  static List<String> split(String line) {
    List<String> words = new ArrayList<>();
    StringBuilder word = new StringBuilder();
    boolean inWord = false;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (c == '\'') {
        int end = line.indexOf('\'', i + 1);
        if (end < 0) {
          throw new IllegalArgumentException("unterminated ' in: " + line);
        }
        word.append(line, i + 1, end);
        i = end;
        inWord = true;
      } else if (c == '"') {
        int j = i + 1;
        for (; j < line.length() && line.charAt(j) != '"'; j++) {
          if (line.charAt(j) == '\\' && j + 1 < line.length() && "\"\\$`".indexOf(line.charAt(j + 1)) >= 0) {
            j++;
          }
          word.append(line.charAt(j));
        }
        if (j >= line.length()) {
          throw new IllegalArgumentException("unterminated \" in: " + line);
        }
        i = j;
        inWord = true;
      } else if (c == '\\' && i + 1 < line.length()) {
        word.append(line.charAt(++i));
        inWord = true;
      } else if (c == ' ' || c == '\t') {
        if (inWord) {
          words.add(word.toString());
          word.setLength(0);
          inWord = false;
        }
      } else {
        word.append(c);
        inWord = true;
      }
    }
    if (inWord) {
      words.add(word.toString());
    }
    return words;
  }

  /** The stages of a pipeline: the line cut at each {@code |} outside quotes. */
  static List<String> pipeline(String line) {
    List<String> stages = new ArrayList<>();
    char quote = 0;
    int start = 0;
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (quote != 0) {
        if (c == quote) {
          quote = 0;
        } else if (c == '\\' && quote == '"') {
          i++;
        }
      } else if (c == '\'' || c == '"') {
        quote = c;
      } else if (c == '\\') {
        i++;
      } else if (c == '|') {
        stages.add(line.substring(start, i).strip());
        start = i + 1;
      }
    }
    stages.add(line.substring(start).strip());
    return stages;
  }
}
