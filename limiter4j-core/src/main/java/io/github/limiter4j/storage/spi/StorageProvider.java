package io.github.limiter4j.storage.spi;

import io.github.limiter4j.TimeSource;
import io.github.limiter4j.storage.Storage;
import io.github.limiter4j.storage.StorageException;
import io.github.limiter4j.storage.StorageUri;
import io.github.limiter4j.storage.Storages;
import java.util.Set;

/**
 * Creates storages for some URI schemes. Backend modules register one in {@code
 * META-INF/services/io.github.limiter4j.storage.spi.StorageProvider}, and {@link Storages} finds it
 * with {@link java.util.ServiceLoader}.
 */
public interface StorageProvider {
  /**
   * Returns the lower-case schemes this provider handles, such as {@code redis}, {@code rediss}.
   */
  Set<String> schemes();

  /**
   * Creates a storage.
   *
   * @param uri the parsed URI; its scheme is one of {@link #schemes()}
   * @param options the URI's options overridden by those given in code
   * @param timeSource the clock of the storage, where the storage reads time on this side
   * @throws IllegalArgumentException if the URI or an option is wrong, naming it
   * @throws StorageException if the storage cannot be set up
   */
  Storage create(StorageUri uri, StorageOptions options, TimeSource timeSource);
}
