/**
 * Where limits are counted: the storage SPI ({@link io.github.limiter4j.storage.Storage}, {@link
 * io.github.limiter4j.storage.WindowStore} and the capability interfaces), the in-memory {@link
 * io.github.limiter4j.storage.MemoryStorage}, and storage URIs resolved through {@link
 * io.github.limiter4j.storage.StorageProvider}s by {@link io.github.limiter4j.storage.Storages}.
 *
 * <p>Null-free: parameters and return values are never null unless marked {@code @Nullable}.
 */
@NullMarked
package io.github.limiter4j.storage;

import org.jspecify.annotations.NullMarked;
