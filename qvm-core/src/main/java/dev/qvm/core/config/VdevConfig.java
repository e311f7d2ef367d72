package dev.qvm.core.config;

import java.util.List;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * One {@code vdev TYPE} context. The common sub-options ({@code loc}, {@code intr}, {@code name})
 * are parsed here; every other word of the context is kept in {@link #words()}, in file order,
 * because only the vdev's provider knows its sub-option names (the layout planner groups them
 * into {@link SubOption}s with {@code VdevProvider.options()}).
 *
 * @param type the vdev type with any {@code vdev-} prefix and {@code .so} suffix removed
 * @param location where the word {@code vdev} stands
 */
public record VdevConfig(
    String type,
    OptionalLong loc,
    Optional<IntrSpec> intr,
    Optional<String> name,
    List<Word> words,
    Location location) {

  public VdevConfig {
    words = List.copyOf(words);
  }
}
