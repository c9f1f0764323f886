package io.github.limiter4j.spring.boot;

import io.github.limiter4j.web.WebRequest;
import io.github.limiter4j.web.WebResponse;
import jakarta.servlet.http.HttpServletRequest;
import org.jspecify.annotations.Nullable;

/**
 * What a SpEL expression in a rate limit setting sees: {@code request}, {@code servletRequest},
 * {@code response} (deduct-when only) and {@code endpoint} (scopes only).
 *
 * @param request the request; null for scope expressions
 * @param servletRequest the servlet request, or null
 * @param response the response, or null before it exists
 * @param endpoint the endpoint, for scope expressions; or null
 */
public record SpelRoot(
    @Nullable WebRequest request,
    @Nullable HttpServletRequest servletRequest,
    @Nullable WebResponse response,
    @Nullable String endpoint) {
  static SpelRoot of(WebRequest request, WebResponse response) {
    return new SpelRoot(
        request, request.unwrap(HttpServletRequest.class).orElse(null), response, null);
  }

  static SpelRoot ofEndpoint(String endpoint) {
    return new SpelRoot(null, null, null, endpoint);
  }
}
