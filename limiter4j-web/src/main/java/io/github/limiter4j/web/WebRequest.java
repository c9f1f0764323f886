package io.github.limiter4j.web;

import java.util.List;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * What the limiter needs to know of one HTTP request. Framework adapters (the Servlet filter,
 * Spring Boot) implement it over their own request type; key functions and conditions read it.
 */
public interface WebRequest {
  /** Returns the HTTP method in upper case, such as {@code GET}. */
  String method();

  /**
   * Returns the path of the request inside the application as the framework dispatches it, without
   * the query string: decoded once, without path parameters ({@code ;jsessionid=...}), with dot
   * segments resolved, such as the Servlet API's servlet path and path info. Routes are matched
   * against it and a request that matches no route is counted under it, so it must never be the raw
   * request URI: {@code /login;x=1}, {@code /%6Cogin} or {@code /x/../login} would then escape the
   * limits of {@code /login} and get counters of their own.
   */
  String path();

  /** Returns the address of the peer that sent the request: the client or the last proxy. */
  String remoteAddress();

  /** Returns the first value of the named header, or null if the request has none. */
  @Nullable String header(String name);

  /** Returns every value of the named header, in order; empty if the request has none. */
  List<String> headers(String name);

  /** Returns the first value of the named query or form parameter, or null if absent. */
  @Nullable String parameter(String name);

  /**
   * Returns the framework's own request object if it is of the given type, for key functions that
   * need more than this interface offers.
   */
  <T> Optional<T> unwrap(Class<T> type);
}
