package io.github.limiter4j.web;

import io.github.limiter4j.TimeSource;
import io.github.limiter4j.storage.Storage;
import org.slf4j.Logger;

/**
 * Tracks whether the storage is usable: when it fails and the in-memory fallback is on, requests
 * are limited in memory while the storage's health is checked with a growing backoff (1, 2, 4, 8,
 * 16, 32 seconds, then from 1 again); errors swallowed while it is down are logged once per outage.
 */
final class StorageGuard {
  private static final Logger LOG = Loggers.of(Limiter.class);
  private static final int MAX_BACKOFF_STEP = 5;

  private final Storage storage;
  private final TimeSource timeSource;
  private final boolean fallbackEnabled;
  private final boolean swallowErrors;
  private boolean down;
  private long lastCheck;
  private int checks;
  private volatile boolean failureLogged;

  StorageGuard(
      Storage storage, TimeSource timeSource, boolean fallbackEnabled, boolean swallowErrors) {
    this.storage = storage;
    this.timeSource = timeSource;
    this.fallbackEnabled = fallbackEnabled;
    this.swallowErrors = swallowErrors;
  }

  /**
   * Returns true if this request should be limited in memory. While the storage is down, checks its
   * health when the backoff allows and returns to it once it is healthy.
   */
  boolean useFallback() {
    if (!fallbackEnabled) {
      return false;
    }
    synchronized (this) {
      if (!down) {
        return false;
      }
      long now = timeSource.currentTimeMillis();
      if (now - lastCheck < (1000L << checks)) {
        return true;
      }
      lastCheck = now;
      checks = checks >= MAX_BACKOFF_STEP ? 0 : checks + 1;
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
        failureLogged = false;
        LOG.info("Rate limit storage {} recovered: limiting with it again", storage);
      }
      return down;
    }
  }

  /** Records a failure of the storage. Returns true if requests should now be limited in memory. */
  synchronized boolean failed(RuntimeException failure) {
    if (fallbackEnabled) {
      if (!down) {
        down = true;
        lastCheck = timeSource.currentTimeMillis();
        checks = 0;
        LOG.warn(
            "Rate limit storage {} unreachable: limiting in memory until it recovers",
            storage,
            failure);
      }
      return true;
    }
    if (!failureLogged) {
      failureLogged = true;
      LOG.error(
          swallowErrors
              ? "Rate limit storage {} failed; requests pass unlimited until it answers again"
              : "Rate limit storage {} failed; requests fail with its error until it answers again",
          storage,
          failure);
    } else {
      LOG.debug("Rate limit storage {} still failing", storage, failure);
    }
    return false;
  }

  /** Records a successful call to the storage, ending an outage of swallowed errors. */
  void succeeded() {
    if (failureLogged) {
      synchronized (this) {
        if (failureLogged) {
          failureLogged = false;
          LOG.info("Rate limit storage {} answers again", storage);
        }
      }
    }
  }

  synchronized boolean isDown() {
    return down;
  }
}
