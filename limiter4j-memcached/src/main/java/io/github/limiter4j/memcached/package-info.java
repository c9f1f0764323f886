/**
 * Memcached storage: {@link io.github.limiter4j.memcached.MemcachedStorage}, found by {@code
 * Storages.fromUri("memcached://...")} through {@link
 * io.github.limiter4j.memcached.MemcachedStorageProvider}.
 */
package io.github.limiter4j.memcached;
