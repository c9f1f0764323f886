package io.github.limiter4j.storage.spi;

/** Implemented by storages that support the sliding window counter strategy. */
public interface SlidingWindowCounterSupport {
  /** Returns the operations of the sliding window counter strategy. */
  WindowStore slidingWindowCounter();
}
