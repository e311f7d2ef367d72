package dev.qvm.core.config;

import java.util.List;

/**
 * A sub-option of a context as written, e.g. {@code hostdev >-} inside {@code vdev pl011}: its
 * name, its argument words, and where the name stands in the file. The vdev that owns the
 * context interprets the arguments, so its errors can still point at the right place.
 */
public record SubOption(String name, List<String> args, Location location) {

  public SubOption {
    args = List.copyOf(args);
  }

  /** The single argument; callers check {@code args().size()} first when it may be absent. */
  public String arg() {
    return args.isEmpty() ? "" : args.getFirst();
  }
}
