package io.github.limiter4j.web;

import java.util.Optional;

/**
 * Called when a request breaches a limit, before the request is refused: to log, to count, or to
 * answer the request in its own way. When several handlers answer, the last answer wins.
 */
@FunctionalInterface
public interface BreachHandler {
  /**
   * Handles the breach of {@code limit} by {@code request}.
   *
   * @return the response to send instead of the default 429, or empty to keep the default
   */
  Optional<BreachResponse> onBreach(RequestLimit limit, WebRequest request);
}
