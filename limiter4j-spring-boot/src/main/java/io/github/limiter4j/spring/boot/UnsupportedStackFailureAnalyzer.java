package io.github.limiter4j.spring.boot;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Explains why a WebFlux application with limiter4j does not start. */
final class UnsupportedStackFailureAnalyzer
    extends AbstractFailureAnalyzer<UnsupportedStackException> {
  @Override
  protected FailureAnalysis analyze(Throwable rootFailure, UnsupportedStackException cause) {
    String description =
        "limiter4j does not apply rate limits in reactive (WebFlux) applications yet. This"
            + " application runs on WebFlux, so its @RateLimit annotations and ratelimit.* limits"
            + " would limit nothing: only Spring MVC (servlet) applications are limited for now."
            + (cause.command()
                ? " The limiter command therefore has no limiter to show or clear."
                : "");
    String action =
        cause.command()
            ? "Run the limiter command in a Spring MVC application (spring-boot-starter-webmvc)."
            : "Run the application on Spring MVC (spring-boot-starter-webmvc instead of"
                + " spring-boot-starter-webflux), or set ratelimit.enabled=false to start it"
                + " without rate limiting until limiter4j supports WebFlux.";
    return new FailureAnalysis(description, action, cause);
  }
}
