package io.github.limiter4j.servlet;

/** The filter in embedded Jetty 12. */
class JettyRateLimitFilterTest extends RateLimitFilterTests {
  @Override
  ServletContainer start(RateLimitFilter filter) throws Exception {
    return new JettyContainer(filter);
  }
}
