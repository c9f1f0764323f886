package io.github.limiter4j.mongodb;

import io.github.limiter4j.TimeSource;
import io.github.limiter4j.storage.Storage;
import io.github.limiter4j.storage.StorageUri;
import io.github.limiter4j.storage.spi.StorageOptions;
import io.github.limiter4j.storage.spi.StorageProvider;
import java.util.Set;

/** Creates {@link MongoStorage} for {@code mongodb://} and {@code mongodb+srv://} URIs. */
public final class MongoStorageProvider implements StorageProvider {
  /** Creates the provider; {@link java.util.ServiceLoader} does. */
  public MongoStorageProvider() {}

  @Override
  public Set<String> schemes() {
    return Set.of("mongodb", "mongodb+srv");
  }

  @Override
  public Storage create(StorageUri uri, StorageOptions options, TimeSource timeSource) {
    return new MongoStorage(MongoSettings.parse(uri, options), timeSource);
  }
}
