package io.github.limiter4j.servlet;

import java.util.List;

/** The filter in embedded Tomcat 10.1. */
class TomcatRateLimitFilterTest extends RateLimitFilterTests {
  @Override
  ServletContainer start(RateLimitFilter filter) throws Exception {
    return new TomcatContainer(filter);
  }

  @Override
  List<String> moreLoginSpellings() {
    // Tomcat merges duplicate slashes, decodes dots and removes parameters before dot segments.
    return concat(TOMCAT_ONLY_LOGIN_SPELLINGS, "/x;y/../login", "/login/.", "/login/x/..");
  }

  @Override
  List<String> rejectedLoginSpellings() {
    return REFUSED_LOGIN_SPELLINGS;
  }

  @Override
  List<String> otherPaths() {
    // Decoded once: %252e is a literal %2e, not a dot segment.
    return concat(OTHER_PATHS, "/%252e/login");
  }
}
