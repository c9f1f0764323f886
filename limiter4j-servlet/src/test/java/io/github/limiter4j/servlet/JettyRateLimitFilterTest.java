package io.github.limiter4j.servlet;

import java.util.List;

/** The filter in embedded Jetty 12. */
class JettyRateLimitFilterTest extends RateLimitFilterTests {
  @Override
  ServletContainer start(RateLimitFilter filter) throws Exception {
    return new JettyContainer(filter);
  }

  @Override
  List<String> moreLoginSpellings() {
    return List.of();
  }

  @Override
  List<String> rejectedLoginSpellings() {
    // Jetty 12's default URI compliance; %252e decodes to an encoded dot, which it refuses too.
    List<String> rejected = concat(REFUSED_LOGIN_SPELLINGS, "/%252e/login");
    rejected.addAll(TOMCAT_ONLY_LOGIN_SPELLINGS);
    return rejected;
  }

  @Override
  List<String> otherPaths() {
    // Jetty resolves dot segments before it removes parameters: /x;y/../login is /x/../login.
    return concat(OTHER_PATHS, "/x;y/../login");
  }
}
