package dev.qvm.core.config;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Groups the free words of a {@code vdev} context into sub-options once the vdev's sub-option
 * names are known. A known name starts a sub-option; the word after it is always its argument
 * ({@code hostdev >-}); further words join it unless they look like an option name, so a
 * misspelt option after a complete sub-option is reported rather than swallowed. A name that
 * takes no argument ({@code rw}) works as long as a known name or the end follows it.
 */
final class VdevOptionGrouper {

  private static final Pattern NAME = Pattern.compile("[a-z][a-z0-9_-]*");

  private VdevOptionGrouper() {}

  /** Each group is the sub-option's name word followed by its argument words. */
  static List<List<Word>> group(VdevConfig vdev, Set<String> known) throws ConfigException {
    List<List<Word>> groups = new ArrayList<>();
    List<Word> current = null;
    for (Word w : vdev.words()) {
      if (known.contains(w.text())) {
        current = new ArrayList<>();
        current.add(w);
        groups.add(current);
      } else if (current != null && (current.size() == 1 || !NAME.matcher(w.text()).matches())) {
        current.add(w);
      } else {
        Set<String> candidates = new TreeSet<>(known);
        candidates.addAll(ContextBuilder.Vdev.COMMON);
        candidates.addAll(QvmConfigParser.OPTIONS);
        throw new ConfigException(
            w.location(),
            "unknown sub-option '" + w.text() + "' for vdev " + vdev.type()
                + Suggestions.didYouMean(w.text(), candidates));
      }
    }
    return groups;
  }

  /** A group as the {@link SubOption} a vdev receives. */
  static SubOption toSubOption(List<Word> group) {
    return new SubOption(
        group.getFirst().text(),
        group.subList(1, group.size()).stream().map(Word::text).toList(),
        group.getFirst().location());
  }
}
