package io.github.limiter4j.storage;

import io.github.limiter4j.TimeSource;
import io.github.limiter4j.storage.spi.StorageOptions;
import io.github.limiter4j.storage.spi.StorageProvider;
import java.util.Map;
import java.util.Objects;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Creates storages from URIs such as {@code memory://} or {@code redis://localhost:6379}, through
 * the {@link StorageProvider}s on the class path.
 *
 * <p>{@code memory://} is always available. The other schemes need their module: {@code
 * limiter4j-redis} for {@code redis://} and its relatives, {@code limiter4j-memcached} for {@code
 * memcached://}, {@code limiter4j-mongodb} for {@code mongodb://}.
 */
public final class Storages {
  // Schemes of the backends limiter4j ships as separate modules, to name the missing module.
  private static final Map<String, String> MODULES_BY_SCHEME = modulesByScheme();

  private Storages() {}

  /**
   * Creates the storage a URI names, with the URI's own options.
   *
   * @throws IllegalArgumentException if the URI is malformed or its scheme unknown
   */
  public static Storage fromUri(String uri) {
    return fromUri(uri, Map.of(), TimeSource.system());
  }

  /**
   * Creates the storage a URI names, with options that override the URI's.
   *
   * @throws IllegalArgumentException if the URI or an option is wrong, or the scheme unknown
   */
  public static Storage fromUri(String uri, Map<String, ?> options) {
    return fromUri(uri, options, TimeSource.system());
  }

  /**
   * Creates the storage a URI names, with options that override the URI's and a clock.
   *
   * @throws IllegalArgumentException if the URI or an option is wrong, or the scheme unknown
   */
  public static Storage fromUri(String uri, Map<String, ?> options, TimeSource timeSource) {
    Objects.requireNonNull(uri, "uri");
    Objects.requireNonNull(options, "options");
    Objects.requireNonNull(timeSource, "timeSource");
    StorageUri parsed = StorageUri.parse(uri);
    Map<String, StorageProvider> providers = providers();
    StorageProvider provider = providers.get(parsed.scheme());
    if (provider == null) {
      throw unknownScheme(parsed, providers.keySet());
    }
    return provider.create(parsed, StorageOptions.of(parsed, options), timeSource);
  }

  /** Returns the schemes that the providers on the class path handle. */
  public static Set<String> availableSchemes() {
    return new TreeSet<>(providers().keySet());
  }

  private static Map<String, StorageProvider> providers() {
    Map<String, StorageProvider> byScheme = new TreeMap<>();
    ClassLoader loader = Thread.currentThread().getContextClassLoader();
    if (loader == null) {
      loader = Storages.class.getClassLoader();
    }
    for (StorageProvider provider : ServiceLoader.load(StorageProvider.class, loader)) {
      for (String scheme : provider.schemes()) {
        byScheme.putIfAbsent(scheme, provider);
      }
    }
    // The memory provider is part of this module: it must work whatever the class loader sees.
    MemoryStorageProvider memory = new MemoryStorageProvider();
    for (String scheme : memory.schemes()) {
      byScheme.putIfAbsent(scheme, memory);
    }
    return byScheme;
  }

  private static IllegalArgumentException unknownScheme(StorageUri uri, Set<String> available) {
    String module = MODULES_BY_SCHEME.get(uri.scheme());
    String problem =
        module != null
            ? "the "
                + uri.scheme()
                + ":// storage needs the "
                + module
                + " module on the class path (io.github.limiter4j:"
                + module
                + ")"
            : "unknown scheme \""
                + uri.scheme()
                + "\"; available schemes are "
                + String.join(", ", available)
                + ", and with their modules "
                + String.join(", ", new TreeSet<>(MODULES_BY_SCHEME.keySet()));
    return uri.invalid(problem);
  }

  private static Map<String, String> modulesByScheme() {
    Map<String, String> modules = new TreeMap<>();
    for (String family : new String[] {"redis", "valkey"}) {
      for (String suffix : new String[] {"", "s", "+unix", "+cluster", "+sentinel"}) {
        modules.put(family + suffix, "limiter4j-redis");
      }
    }
    modules.put("memcached", "limiter4j-memcached");
    modules.put("mongodb", "limiter4j-mongodb");
    modules.put("mongodb+srv", "limiter4j-mongodb");
    return Map.copyOf(modules);
  }
}
