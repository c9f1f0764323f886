package io.github.limiter4j.spring.boot;

import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.context.annotation.Bean;

/**
 * Stops a reactive (WebFlux) application from starting as if it were rate limited: limiter4j limits
 * only Spring MVC applications yet, and a limit that silently does nothing is worse than a start-up
 * failure that says so. {@code ratelimit.enabled=false} starts the application without limits.
 */
@AutoConfiguration
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
@ConditionalOnProperty(prefix = "ratelimit", name = "enabled", matchIfMissing = true)
public class ReactiveRateLimitAutoConfiguration {
  /** Creates the configuration. */
  public ReactiveRateLimitAutoConfiguration() {}

  /** Fails before any bean is created, so that no other failure hides this one. */
  @Bean
  static BeanFactoryPostProcessor rateLimitReactiveStackCheck() {
    return beanFactory -> {
      throw new UnsupportedStackException(false);
    };
  }
}
