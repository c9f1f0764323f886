package io.github.limiter4j.web;

import org.jspecify.annotations.Nullable;

/**
 * Gives the limits of a request at the time it arrives, in the notation of {@link
 * io.github.limiter4j.RateLimitItem#parseAll(String)}: a limit that depends on the request, the
 * client's plan or the configuration of the moment. Called for every request; a result that does
 * not parse is logged and skips the limit for that request.
 */
@FunctionalInterface
public interface LimitProvider {
  /**
   * Returns the limits for this request, such as {@code "10/minute;100/hour"}; empty or null for
   * none.
   */
  @Nullable String limits(WebRequest request);
}
