package io.github.limiter4j.spring.boot;

import io.github.limiter4j.RateLimitItem;
import io.github.limiter4j.web.LimitedRequest;
import io.github.limiter4j.web.RateLimitExceededException;
import io.github.limiter4j.web.Route;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Counts requests as {@code ratelimit.requests}, tagged with the outcome ({@code allowed} or {@code
 * limited}), the limit (the notation of the breached one, or of the one the headers show) and the
 * route (its endpoint name, or {@code none}). Each tag has a bounded number of values whatever the
 * configuration: never a client, an error message (which may be computed per request) or the path
 * of an unrouted request; and past {@link #MAX_NOTATIONS} notations, which only limits computed per
 * request can reach, further ones are counted as {@code other}.
 */
final class MicrometerRequestMetrics implements RequestMetrics {
  static final String REQUESTS = "ratelimit.requests";

  /** The most notations that become values of the {@code limit} tag. */
  static final int MAX_NOTATIONS = 100;

  /** The {@code limit} of a notation past {@link #MAX_NOTATIONS}. */
  static final String OTHER = "other";

  private static final String NONE = "none";

  private final MeterRegistry registry;
  private final Set<String> notations = ConcurrentHashMap.newKeySet();

  MicrometerRequestMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  @Override
  public void allowed(LimitedRequest limited, Route route) {
    String limit = limited.currentLimit().map(shown -> notation(shown.item())).orElse(NONE);
    counter("allowed", limit, route).increment();
  }

  @Override
  public void limited(RateLimitExceededException breach, Route route) {
    counter("limited", notation(breach.limit().item()), route).increment();
  }

  /** The item's notation, as long as there are not too many; a dynamic limit could make any. */
  private String notation(RateLimitItem item) {
    String notation = item.toString();
    if (notations.contains(notation)) {
      return notation;
    }
    synchronized (notations) {
      if (notations.size() < MAX_NOTATIONS) {
        notations.add(notation);
        return notation;
      }
    }
    return OTHER;
  }

  private Counter counter(String outcome, String limit, Route route) {
    return Counter.builder(REQUESTS)
        .description("Requests checked by the rate limiter")
        .tag("outcome", outcome)
        .tag("limit", limit)
        .tag("route", route == null ? NONE : route.endpoint())
        .register(registry);
  }
}
