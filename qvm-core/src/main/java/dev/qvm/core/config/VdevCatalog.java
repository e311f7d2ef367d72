package dev.qvm.core.config;

import dev.qvm.core.vdev.VdevProvider;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The vdev types qvm knows, by the name written after {@code vdev}: the lookup the layout planner
 * takes. Being a {@link Function}, a test may pass a lambda instead; a catalog can also list its
 * types, so an unknown type's error names the known ones.
 */
public final class VdevCatalog implements Function<String, Optional<VdevProvider>> {

  private final Map<String, VdevProvider> byType;

  private VdevCatalog(Map<String, VdevProvider> byType) {
    this.byType = byType;
  }

  /** The providers on the module path or class path, found as QNX finds {@code vdev-NAME.so}. */
  public static VdevCatalog fromServiceLoader() {
    return of(ServiceLoader.load(VdevProvider.class).stream().map(ServiceLoader.Provider::get)
        .toList());
  }

  /** A catalog of the given providers; the first of two with one type wins. */
  public static VdevCatalog of(Collection<? extends VdevProvider> providers) {
    Map<String, VdevProvider> m = new LinkedHashMap<>();
    for (VdevProvider p : providers) {
      m.putIfAbsent(p.type(), p);
    }
    return new VdevCatalog(m);
  }

  @Override
  public Optional<VdevProvider> apply(String type) {
    return Optional.ofNullable(byType.get(type));
  }

  /** The known types, sorted, the built-in {@code gic} included. */
  public Set<String> knownTypes() {
    Set<String> s = new TreeSet<>(byType.keySet());
    s.add(VmLayoutPlanner.GIC_TYPE);
    return s;
  }
}
