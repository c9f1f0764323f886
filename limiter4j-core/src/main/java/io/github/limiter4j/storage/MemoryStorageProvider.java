package io.github.limiter4j.storage;

import io.github.limiter4j.TimeSource;
import io.github.limiter4j.storage.spi.StorageOptions;
import io.github.limiter4j.storage.spi.StorageProvider;
import java.util.List;
import java.util.Set;

/**
 * Creates {@link MemoryStorage} for {@code memory://}, with options {@code maximum-keys}, {@code
 * cleanup-interval}.
 */
final class MemoryStorageProvider implements StorageProvider {
  static final String MAXIMUM_KEYS = "maximum-keys";
  static final String CLEANUP_INTERVAL = "cleanup-interval";

  @Override
  public Set<String> schemes() {
    return Set.of("memory");
  }

  @Override
  public Storage create(StorageUri uri, StorageOptions options, TimeSource timeSource) {
    if (!uri.locations().isEmpty() || !(uri.path().isEmpty() || uri.path().equals("/"))) {
      throw uri.invalid("memory:// takes no host or path");
    }
    options.requireKnown(List.of(MAXIMUM_KEYS, CLEANUP_INTERVAL), "memory storage");
    return MemoryStorage.builder()
        .timeSource(timeSource)
        .maximumKeys(options.getLong(MAXIMUM_KEYS, MemoryStorage.DEFAULT_MAXIMUM_KEYS))
        .cleanupInterval(
            options.getDuration(CLEANUP_INTERVAL, MemoryStorage.DEFAULT_CLEANUP_INTERVAL))
        .build();
  }
}
