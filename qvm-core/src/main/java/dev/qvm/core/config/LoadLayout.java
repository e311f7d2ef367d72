package dev.qvm.core.config;

import java.nio.file.Path;
import java.util.OptionalLong;

/** One {@code load} with its file found: what to copy, from where, and where to (if written). */
public record LoadLayout(LoadConfig.Type type, OptionalLong ipa, Path path, Location location) {}
