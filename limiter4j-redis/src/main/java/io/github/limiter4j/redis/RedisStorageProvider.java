package io.github.limiter4j.redis;

import io.github.limiter4j.TimeSource;
import io.github.limiter4j.storage.Storage;
import io.github.limiter4j.storage.StorageUri;
import io.github.limiter4j.storage.spi.StorageOptions;
import io.github.limiter4j.storage.spi.StorageProvider;
import java.util.Set;

/**
 * Creates {@link RedisStorage} for {@code redis}, {@code rediss}, {@code redis+unix}, {@code
 * redis+cluster}, {@code redis+sentinel} and the same with {@code valkey}.
 */
public final class RedisStorageProvider implements StorageProvider {
  private static final Set<String> SCHEMES =
      Set.of(
          "redis",
          "rediss",
          "redis+unix",
          "redis+cluster",
          "redis+sentinel",
          "valkey",
          "valkeys",
          "valkey+unix",
          "valkey+cluster",
          "valkey+sentinel");

  /** Creates the provider; {@link java.util.ServiceLoader} does. */
  public RedisStorageProvider() {}

  @Override
  public Set<String> schemes() {
    return SCHEMES;
  }

  @Override
  public Storage create(StorageUri uri, StorageOptions options, TimeSource timeSource) {
    RedisSettings settings = RedisSettings.parse(uri, options);
    RedisConnector connector = RedisConnector.connect(settings, settings.timeout());
    // The server's clock, unless the caller brought its own (a test's manual clock).
    TimeSource clock = timeSource == TimeSource.system() ? null : timeSource;
    return new RedisStorage(connector, settings.keyPrefix(), clock, settings.toString());
  }
}
