/**
 * Redis and Valkey storage for limiter4j: {@link io.github.limiter4j.redis.RedisStorage}, also
 * created from {@code redis://}, {@code rediss://}, {@code redis+unix://}, {@code redis+cluster://}
 * and {@code redis+sentinel://} URIs (and the same with {@code valkey}).
 *
 * <p>Null-free: parameters and return values are never null unless marked {@code @Nullable}.
 */
@NullMarked
package io.github.limiter4j.redis;

import org.jspecify.annotations.NullMarked;
