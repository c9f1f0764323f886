package io.github.limiter4j.servlet;

import io.github.limiter4j.web.WebRequest;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/** A {@link HttpServletRequest} as the limiter reads it. */
public final class ServletWebRequest implements WebRequest {
  private final HttpServletRequest request;
  private final String method;
  private final String path;

  /** Wraps {@code request}. */
  public ServletWebRequest(HttpServletRequest request) {
    this.request = Objects.requireNonNull(request, "request");
    this.method = request.getMethod().toUpperCase(Locale.ROOT);
    this.path = dispatchedPath(request);
  }

  /**
   * Returns the path the container dispatches {@code request} by, inside the application: its
   * servlet path and path info, which Servlet 6.0 (§3.5.2) has the container decode once, strip of
   * path parameters and resolve dot segments in. Not the request URI, which is the client's raw
   * spelling: {@code /login;x=1}, {@code /%6Cogin} and {@code /x/../login} all reach the servlet of
   * {@code /login}, and each would otherwise miss its route and get counters of its own.
   */
  private static String dispatchedPath(HttpServletRequest request) {
    String servletPath = request.getServletPath();
    String pathInfo = request.getPathInfo();
    String path = (servletPath == null ? "" : servletPath) + (pathInfo == null ? "" : pathInfo);
    return path.isEmpty() ? "/" : path;
  }

  @Override
  public String method() {
    return method;
  }

  /**
   * Returns the path the container dispatched the request by: its servlet path and path info,
   * decoded, without path parameters, with dot segments resolved; {@code /} for the root.
   */
  @Override
  public String path() {
    return path;
  }

  @Override
  public String remoteAddress() {
    return request.getRemoteAddr();
  }

  @Override
  public @Nullable String header(String name) {
    return request.getHeader(name);
  }

  @Override
  public List<String> headers(String name) {
    return Collections.list(request.getHeaders(name));
  }

  @Override
  public @Nullable String parameter(String name) {
    return request.getParameter(name);
  }

  @Override
  public <T> Optional<T> unwrap(Class<T> type) {
    return type.isInstance(request) ? Optional.of(type.cast(request)) : Optional.empty();
  }

  @Override
  public String toString() {
    return method + " " + path;
  }
}
