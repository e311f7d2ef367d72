package dev.qvm.core.semihosting;

import java.util.TreeMap;

/**
 * The files a guest opened with {@code SYS_OPEN}. qvm offers only the console, ":tt", and the
 * read-only feature file ":semihosting-features" (Semihosting spec 2.0, "Semihosting
 * extensions"); each open gets the lowest free handle from 1.
 */
final class HandleTable {

  /** What a handle refers to. */
  enum Kind {
    STDIN,
    STDOUT,
    STDERR,
    FEATURES
  }

  /** One open handle; position matters only for the feature file. */
  static final class Handle {
    final Kind kind;
    long position;

    Handle(Kind kind) {
      this.kind = kind;
    }
  }

  private final TreeMap<Long, Handle> open = new TreeMap<>();

  long open(Kind kind) {
    long handle = 1;
    while (open.containsKey(handle)) {
      handle++;
    }
    open.put(handle, new Handle(kind));
    return handle;
  }

  /** The handle's entry, or null if it is not open. */
  Handle get(long handle) {
    return open.get(handle);
  }

  boolean close(long handle) {
    return open.remove(handle) != null;
  }
}
