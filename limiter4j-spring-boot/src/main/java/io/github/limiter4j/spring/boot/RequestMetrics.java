package io.github.limiter4j.spring.boot;

import io.github.limiter4j.web.LimitedRequest;
import io.github.limiter4j.web.RateLimitExceededException;

/** Where the interceptor reports each request's outcome; Micrometer when it is present. */
interface RequestMetrics {
  RequestMetrics NONE =
      new RequestMetrics() {
        @Override
        public void allowed(LimitedRequest limited) {}

        @Override
        public void limited(RateLimitExceededException breach) {}
      };

  void allowed(LimitedRequest limited);

  void limited(RateLimitExceededException breach);
}
