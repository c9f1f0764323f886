/**
 * Not API: code the limiter4j modules share (batches keyed for one round trip, the sliding window
 * counter's arithmetic, key encoding, overflow-safe arithmetic). It is public only so that the
 * storage modules can reach it, and may change or go in any release without notice; applications
 * and third-party storages must not use it.
 *
 * <p>Null-free: parameters and return values are never null unless marked {@code @Nullable}.
 */
@NullMarked
package io.github.limiter4j.internal;

import org.jspecify.annotations.NullMarked;
