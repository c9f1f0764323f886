/**
 * Memcached storage: {@link io.github.limiter4j.memcached.MemcachedStorage}, found by {@code
 * Storages.fromUri("memcached://...")} through {@link
 * io.github.limiter4j.memcached.MemcachedStorageProvider}.
 *
 * <p>Null-free: parameters and return values are never null unless marked {@code @Nullable}.
 */
@NullMarked
package io.github.limiter4j.memcached;

import org.jspecify.annotations.NullMarked;
