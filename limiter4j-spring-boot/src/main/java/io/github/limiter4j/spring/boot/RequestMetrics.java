package io.github.limiter4j.spring.boot;

import io.github.limiter4j.web.LimitedRequest;
import io.github.limiter4j.web.RateLimitExceededException;
import io.github.limiter4j.web.Route;

/** Where the interceptor reports each request's outcome; Micrometer when it is present. */
interface RequestMetrics {
  RequestMetrics NONE =
      new RequestMetrics() {
        @Override
        public void allowed(LimitedRequest limited, Route route) {}

        @Override
        public void limited(RateLimitExceededException breach, Route route) {}
      };

  /** A request passed; {@code route} is the route it matched, or null. */
  void allowed(LimitedRequest limited, Route route);

  /** A request was refused; {@code route} is the route it matched, or null. */
  void limited(RateLimitExceededException breach, Route route);
}
