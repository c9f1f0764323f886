package io.github.limiter4j.web;

import java.util.Map;
import java.util.Objects;

/**
 * A response that a {@link BreachHandler} sends instead of the default 429: any status, body and
 * headers. Adapters write it as it is; the limiter's rate limit headers are added when enabled.
 *
 * @param status the status code
 * @param contentType the content type of the body, such as {@code text/plain;charset=UTF-8}
 * @param body the body
 * @param headers headers to set besides the content type
 */
public record BreachResponse(
    int status, String contentType, String body, Map<String, String> headers) {
  /** Checks and copies the arguments. */
  public BreachResponse {
    if (status < 100 || status > 599) {
      throw new IllegalArgumentException("status must be between 100 and 599 but was " + status);
    }
    Objects.requireNonNull(contentType, "contentType");
    Objects.requireNonNull(body, "body");
    headers = Map.copyOf(headers);
  }

  /** Returns a plain-text response with the given status and body. */
  public static BreachResponse text(int status, String body) {
    return new BreachResponse(status, "text/plain;charset=UTF-8", body, Map.of());
  }
}
