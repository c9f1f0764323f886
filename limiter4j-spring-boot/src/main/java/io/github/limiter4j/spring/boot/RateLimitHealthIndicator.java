package io.github.limiter4j.spring.boot;

import io.github.limiter4j.storage.Storage;
import io.github.limiter4j.web.Limiter;
import java.util.Optional;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * The rate limiter's health: up when its storage answers, and also while the storage is down but
 * the limiter copes (requests limited in memory, or passing unlimited with swallowed errors), so
 * that an outage of the storage does not take the application out of service; the storage's state
 * is in the details ({@code storageStatus}). Down only when the storage is down and requests fail
 * with it. Up with {@code enabled: false} when rate limiting is off.
 */
public final class RateLimitHealthIndicator implements HealthIndicator {
  private final Limiter limiter;

  /** Reports on {@code limiter}'s storage. */
  public RateLimitHealthIndicator(Limiter limiter) {
    this.limiter = limiter;
  }

  @Override
  public Health health() {
    Optional<Storage> storage = limiter.storage();
    if (storage.isEmpty()) {
      return Health.up().withDetail("enabled", false).build();
    }
    boolean healthy;
    String error = null;
    try {
      healthy = storage.get().isHealthy();
    } catch (RuntimeException e) {
      healthy = false;
      error = e.getMessage();
    }
    Health.Builder health;
    if (healthy) {
      health = Health.up().withDetail("storageStatus", "UP");
    } else {
      String requests =
          limiter.hasInMemoryFallback()
              ? "limited in memory until the storage answers"
              : limiter.isSwallowingErrors()
                  ? "pass unlimited until the storage answers"
                  : "fail until the storage answers";
      boolean copes = limiter.hasInMemoryFallback() || limiter.isSwallowingErrors();
      health =
          (copes ? Health.up() : Health.down())
              .withDetail("storageStatus", "DOWN")
              .withDetail("requests", requests);
      if (error != null) {
        health.withDetail("error", error);
      }
    }
    return health
        .withDetail("storage", storage.get().toString())
        .withDetail("strategy", limiter.strategy().strategyName())
        .withDetail("fallbackActive", limiter.isUsingFallback())
        .build();
  }
}
