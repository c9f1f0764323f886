package io.github.limiter4j.spring.boot;

import io.github.limiter4j.web.Limiter;

/**
 * Adjusts the {@link Limiter} the auto-configuration builds, after the properties and annotations
 * are applied: define a bean to set what properties cannot express.
 */
@FunctionalInterface
public interface LimiterBuilderCustomizer {
  /** Customizes the builder. */
  void customize(Limiter.Builder builder);
}
