package dev.qvm.core.vdev;

import dev.qvm.core.config.ConfigException;
import java.util.Set;

/**
 * The plug-in point for vdevs, found by {@link java.util.ServiceLoader} through the name written
 * after {@code vdev} in the config, the way QNX's qvm loads {@code vdev-NAME.so}.
 */
public interface VdevProvider {

  /** The name after {@code vdev}, e.g. {@code pl011}. Lowercase. */
  String type();

  /** Sub-options this vdev accepts beyond the common {@code loc}, {@code intr} and {@code name}. */
  Set<String> options();

  /** Size of the register window in bytes (a multiple of 4 KiB). */
  long windowSize();

  /** Whether the vdev raises an interrupt, so that one is assigned when {@code intr} is absent. */
  default boolean usesInterrupt() {
    return true;
  }

  /**
   * Creates one instance. Errors in its sub-options are reported as {@link ConfigException}s at
   * the sub-option's location.
   */
  Vdev create(VdevContext context) throws ConfigException;
}
