package io.github.limiter4j.spring.boot;

import io.github.limiter4j.web.LimitedRequest;
import io.github.limiter4j.web.RateLimitExceededException;
import io.github.limiter4j.web.RequestLimit;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Counts requests as {@code ratelimit.requests}, tagged with the outcome ({@code allowed} or {@code
 * limited}) and the limit (the breached one, or the one the headers show); never with a client.
 */
final class MicrometerRequestMetrics implements RequestMetrics {
  static final String REQUESTS = "ratelimit.requests";

  private final MeterRegistry registry;

  MicrometerRequestMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  @Override
  public void allowed(LimitedRequest limited) {
    counter("allowed", limited.currentLimit().map(RequestLimit::description).orElse("none"))
        .increment();
  }

  @Override
  public void limited(RateLimitExceededException breach) {
    counter("limited", breach.description()).increment();
  }

  private Counter counter(String outcome, String limit) {
    return Counter.builder(REQUESTS)
        .description("Requests checked by the rate limiter")
        .tag("outcome", outcome)
        .tag("limit", limit)
        .register(registry);
  }
}
