package io.github.limiter4j.servlet;

import io.github.limiter4j.web.WebRequest;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Optional;

/** A {@link HttpServletRequest} as the limiter reads it. */
public final class ServletWebRequest implements WebRequest {
  private final HttpServletRequest request;
  private final String method;
  private final String path;

  /** Wraps {@code request}. */
  public ServletWebRequest(HttpServletRequest request) {
    this.request = Objects.requireNonNull(request, "request");
    this.method = request.getMethod().toUpperCase(Locale.ROOT);
    String uri = request.getRequestURI();
    String context = request.getContextPath();
    String inApplication =
        context != null && !context.isEmpty() && uri.startsWith(context)
            ? uri.substring(context.length())
            : uri;
    this.path = inApplication.isEmpty() ? "/" : inApplication;
  }

  @Override
  public String method() {
    return method;
  }

  @Override
  public String path() {
    return path;
  }

  @Override
  public String remoteAddress() {
    return request.getRemoteAddr();
  }

  @Override
  public String header(String name) {
    return request.getHeader(name);
  }

  @Override
  public List<String> headers(String name) {
    return Collections.list(request.getHeaders(name));
  }

  @Override
  public String parameter(String name) {
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
