package io.github.limiter4j.web;

import io.github.limiter4j.TimeSource;
import io.github.limiter4j.storage.Storage;
import io.github.limiter4j.storage.StorageException;
import org.slf4j.Logger;

/**
 * Tracks whether the storage is usable. Once a call to it fails, requests stop calling it: they are
 * limited in memory (with the fallback), pass unlimited (with swallowed errors) or fail at once
 * (with neither), while only a health check of the storage waits for it, with a growing backoff (1,
 * 2 and 4 seconds, then every 5 seconds), until it answers. The backoff stays short because until
 * the check passes, requests go unlimited (or fail, or are limited by one instance alone) even if
 * the storage is back; one request every 5 seconds waiting for a hung storage is the price. Each
 * outage is logged once, when a storage call fails, and its end once, when the health check passes.
 */
final class StorageGuard {
  private static final Logger LOG = Loggers.of(Limiter.class);
  private static final long MAX_BACKOFF_MILLIS = 5_000;

  private final Storage storage;
  private final TimeSource timeSource;
  private final boolean fallbackEnabled;
  private final boolean swallowErrors;
  private boolean down;
  private long lastCheck;
  private int checks;
  private RuntimeException lastFailure;

  StorageGuard(
      Storage storage, TimeSource timeSource, boolean fallbackEnabled, boolean swallowErrors) {
    this.storage = storage;
    this.timeSource = timeSource;
    this.fallbackEnabled = fallbackEnabled;
    this.swallowErrors = swallowErrors;
  }

  /** Returns true if requests are limited in memory while the storage is down. */
  boolean fallbackEnabled() {
    return fallbackEnabled;
  }

  /**
   * Returns true if this request must not call the storage, which failed and has not answered a
   * health check since. Checks its health when the backoff allows (only the request that checks
   * waits for it) and returns false once it is healthy again.
   */
  boolean skipStorage() {
    synchronized (this) {
      if (!down) {
        return false;
      }
      long now = timeSource.currentTimeMillis();
      if (now - lastCheck < backoff()) {
        return true;
      }
      lastCheck = now;
      if (backoff() < MAX_BACKOFF_MILLIS) {
        checks++;
      }
    }
    boolean healthy;
    try {
      healthy = storage.isHealthy();
    } catch (RuntimeException e) {
      healthy = false;
    }
    synchronized (this) {
      if (healthy && down) {
        down = false;
        lastFailure = null;
        LOG.info(
            fallbackEnabled
                ? "Rate limit storage {} recovered: limiting with it again"
                : "Rate limit storage {} answers again",
            storage);
      }
      return down;
    }
  }

  /**
   * Records a failure of a call to the storage, which is not called again until its health check
   * passes. Returns true if requests should now be limited in memory.
   */
  synchronized boolean failed(RuntimeException failure) {
    if (!down) {
      down = true;
      lastCheck = timeSource.currentTimeMillis();
      checks = 0;
      lastFailure = failure;
      if (fallbackEnabled) {
        LOG.warn(
            "Rate limit storage {} unreachable: limiting in memory until it recovers",
            storage,
            failure);
      } else {
        LOG.error(
            swallowErrors
                ? "Rate limit storage {} failed; requests pass unlimited until it answers again"
                : "Rate limit storage {} failed; requests fail at once until it answers again",
            storage,
            failure);
      }
    } else {
      LOG.debug("Rate limit storage {} still failing", storage, failure);
    }
    return fallbackEnabled;
  }

  /**
   * The error of a request that needs the storage while it is down, without calling it: names the
   * storage and the failure that took it down (logged with its stack trace once, when it happened).
   */
  synchronized StorageException unavailable() {
    long next = Math.max(0, lastCheck + backoff() - timeSource.currentTimeMillis());
    return new StorageException(
        "Rate limit storage "
            + storage
            + " is not called since it failed"
            + (lastFailure == null || lastFailure.getMessage() == null
                ? ""
                : " (" + lastFailure.getMessage() + ")")
            + "; its health is checked again in "
            + next
            + " ms");
  }

  /** The time from one health check to the next: 1, 2, 4, then 5 seconds. */
  private long backoff() {
    return Math.min(1000L << checks, MAX_BACKOFF_MILLIS);
  }

  /** Returns true while the storage is down, until its health check passes. */
  synchronized boolean isDown() {
    return down;
  }
}
