/**
 * The storage SPI: what a storage backend implements. A {@link
 * io.github.limiter4j.storage.spi.WindowStore} per strategy (the fixed window from {@link
 * io.github.limiter4j.storage.Storage#fixedWindow()}, the others through the capability interfaces
 * {@link io.github.limiter4j.storage.spi.MovingWindowSupport} and {@link
 * io.github.limiter4j.storage.spi.SlidingWindowCounterSupport}), and a {@link
 * io.github.limiter4j.storage.spi.StorageProvider}, listed in {@code
 * META-INF/services/io.github.limiter4j.storage.spi.StorageProvider}, that makes the storage from a
 * URI and its {@link io.github.limiter4j.storage.spi.StorageOptions}. The storage compatibility
 * suite in {@code limiter4j-test} states what every backend must do.
 *
 * <p>Null-free: parameters and return values are never null unless marked {@code @Nullable}.
 */
@NullMarked
package io.github.limiter4j.storage.spi;

import org.jspecify.annotations.NullMarked;
