/**
 * The limiter4j test kit: {@link io.github.limiter4j.testing.ManualClock} for tests that move time
 * by hand, and the storage compatibility suite that every storage backend extends: {@link
 * io.github.limiter4j.testing.FixedWindowStorageTests}, {@link
 * io.github.limiter4j.testing.MovingWindowStorageTests} and {@link
 * io.github.limiter4j.testing.SlidingWindowCounterStorageTests}; {@link
 * io.github.limiter4j.testing.RandomCases} for property tests in plain JUnit 5, with seeds that
 * replay a failing case.
 *
 * <p>Null-free: parameters and return values are never null unless marked {@code @Nullable}.
 */
@NullMarked
package io.github.limiter4j.testing;

import org.jspecify.annotations.NullMarked;
