package io.github.limiter4j.memcached;

import io.github.limiter4j.TimeSource;
import io.github.limiter4j.storage.Storage;
import io.github.limiter4j.storage.StorageUri;
import io.github.limiter4j.storage.spi.StorageOptions;
import io.github.limiter4j.storage.spi.StorageProvider;
import java.util.Set;

/** Creates {@link MemcachedStorage} for {@code memcached://} URIs. */
public final class MemcachedStorageProvider implements StorageProvider {
  /** Creates the provider; {@link java.util.ServiceLoader} does. */
  public MemcachedStorageProvider() {}

  @Override
  public Set<String> schemes() {
    return Set.of("memcached");
  }

  @Override
  public Storage create(StorageUri uri, StorageOptions options, TimeSource timeSource) {
    return new MemcachedStorage(MemcachedSettings.parse(uri, options), null, null, timeSource);
  }
}
