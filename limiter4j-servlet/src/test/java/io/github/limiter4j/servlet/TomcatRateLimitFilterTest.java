package io.github.limiter4j.servlet;

/** The filter in embedded Tomcat 10.1. */
class TomcatRateLimitFilterTest extends RateLimitFilterTests {
  @Override
  ServletContainer start(RateLimitFilter filter) throws Exception {
    return new TomcatContainer(filter);
  }
}
