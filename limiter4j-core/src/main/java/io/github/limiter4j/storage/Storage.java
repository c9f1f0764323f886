package io.github.limiter4j.storage;

import io.github.limiter4j.storage.spi.MovingWindowSupport;
import io.github.limiter4j.storage.spi.SlidingWindowCounterSupport;
import io.github.limiter4j.storage.spi.WindowStore;

/**
 * A place where limits are counted: in memory for one process, or a server shared by many.
 *
 * <p>Every storage supports the fixed window. Storages that support the other strategies also
 * implement {@link MovingWindowSupport} and {@link SlidingWindowCounterSupport}. Implementations
 * are thread-safe. Failures to reach a remote storage are thrown as {@link StorageException}.
 */
public interface Storage extends AutoCloseable {
  /** Returns the operations of the fixed window strategy. */
  WindowStore fixedWindow();

  /**
   * Returns true if the storage serves a batch in one atomic call only when its keys share a hash
   * tag (a Redis Cluster). Request limiters then put the client key of storage keys in braces
   * ({@code LIMITER/{10.0.0.1}/...}), so that one request's keys share a node. A decorator answers
   * for the storage it {@linkplain #unwrap() wraps}.
   */
  default boolean prefersHashTaggedKeys() {
    Storage wrapped = unwrap();
    return wrapped != this && wrapped.prefersHashTaggedKeys();
  }

  /**
   * Returns the storage this one wraps, for a decorator (one that times or fails calls), else this
   * storage itself: what a configuration report names as the storage's instance.
   */
  default Storage unwrap() {
    return this;
  }

  /** Returns true if the storage can be used now (a remote storage answers a ping). */
  boolean isHealthy();

  /**
   * Forgets every limit this storage holds.
   *
   * @return how many keys were removed, or -1 if the storage cannot tell
   */
  long reset();

  /** Releases the storage's connections and threads. Idempotent. */
  @Override
  void close();
}
