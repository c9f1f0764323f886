package io.github.limiter4j.storage.spi;

/** Implemented by storages that support the moving window strategy. */
public interface MovingWindowSupport {
  /** Returns the operations of the moving window strategy. */
  WindowStore movingWindow();
}
