/**
 * Where limits are counted, as an application sees it: a {@link
 * io.github.limiter4j.storage.Storage}, the in-memory {@link
 * io.github.limiter4j.storage.MemoryStorage}, storages made from URIs by {@link
 * io.github.limiter4j.storage.Storages} (with {@link io.github.limiter4j.storage.StorageUri}), and
 * the one exception a storage throws, {@link io.github.limiter4j.storage.StorageException}. What a
 * storage backend implements is in {@link io.github.limiter4j.storage.spi}.
 *
 * <p>Null-free: parameters and return values are never null unless marked {@code @Nullable}.
 */
@NullMarked
package io.github.limiter4j.storage;

import org.jspecify.annotations.NullMarked;
