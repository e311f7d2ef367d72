package dev.qvm.core.config;

import java.util.List;

/** The parser's read position in the word list of a config plus its command-line words. */
final class WordStream {

  private final List<Word> words;
  private int index;

  WordStream(List<Word> words) {
    this.words = words;
  }

  boolean hasNext() {
    return index < words.size();
  }

  Word next() {
    return words.get(index++);
  }

  /** The word after the next one has been read, or null at the end. */
  Word peek() {
    return hasNext() ? words.get(index) : null;
  }

  /** How many words were read before the current one: 0 while reading the first. */
  int position() {
    return index - 1;
  }

  /** The argument of {@code option}; an error at the option when the input ends first. */
  Word argument(Word option, String what) throws ConfigException {
    if (!hasNext()) {
      throw new ConfigException(option.location(), option.text() + " needs " + what);
    }
    return next();
  }
}
