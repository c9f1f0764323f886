package io.github.limiter4j.spring.boot;

import io.github.limiter4j.storage.Storage;
import io.github.limiter4j.web.Limiter;
import java.util.Optional;
import org.springframework.boot.health.contributor.Health;
import org.springframework.boot.health.contributor.HealthIndicator;

/**
 * The rate limit storage's health: up when it answers, down otherwise (with whether requests are
 * being limited in memory meanwhile); up with {@code disabled} when rate limiting is off.
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
    Health.Builder health;
    try {
      health = storage.get().isHealthy() ? Health.up() : Health.down();
    } catch (RuntimeException e) {
      health = Health.down(e);
    }
    return health
        .withDetail("storage", storage.get().toString())
        .withDetail("strategy", limiter.strategy().strategyName())
        .withDetail("fallbackActive", limiter.isUsingFallback())
        .build();
  }
}
