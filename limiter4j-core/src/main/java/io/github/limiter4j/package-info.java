/**
 * The rate limit layer of limiter4j: the rate limit notation ({@link
 * io.github.limiter4j.RateLimitItem#parse}), the strategies ({@link io.github.limiter4j.Strategy})
 * and the {@link io.github.limiter4j.RateLimiter} that applies one strategy to a storage.
 *
 * <p>Storages live in {@link io.github.limiter4j.storage}.
 *
 * <p>Null-free: parameters and return values are never null unless marked {@code @Nullable}.
 */
@NullMarked
package io.github.limiter4j;

import org.jspecify.annotations.NullMarked;
