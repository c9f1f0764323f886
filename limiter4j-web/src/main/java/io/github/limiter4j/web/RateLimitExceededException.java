package io.github.limiter4j.web;

import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.jspecify.annotations.Nullable;

/**
 * Thrown when a request breaches a limit. Carries what an error handler needs to answer with a 429:
 * the breached limit, its description ({@code error message} or {@code 10 per 1 minute}), the rate
 * limit headers (when enabled), and the response a {@link BreachHandler} chose, if any. Also
 * thrown, with {@link #keyMissing()} true and the refusal's status in {@link #response()}, when a
 * limit refuses requests without a key ({@link MissingKey#refuse(int)}).
 */
public final class RateLimitExceededException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  /** The status code of a breach: 429 Too Many Requests. */
  public static final int STATUS = 429;

  private final transient RequestLimit limit;
  private final transient Map<String, String> headers;
  private final transient BreachResponse response;
  private final long retryAfterSeconds;
  private final boolean keyMissing;

  /**
   * Creates the exception for a breach of {@code limit}.
   *
   * @param limit the breached limit
   * @param headers the headers to send with the refusal, empty if headers are disabled
   * @param response the response a breach handler chose, or null for the default
   * @param retryAfterSeconds seconds until the limit lets the client in again, 0 or more
   */
  public RateLimitExceededException(
      RequestLimit limit,
      Map<String, String> headers,
      @Nullable BreachResponse response,
      long retryAfterSeconds) {
    this(limit, headers, response, retryAfterSeconds, false);
  }

  private RateLimitExceededException(
      RequestLimit limit,
      Map<String, String> headers,
      BreachResponse response,
      long retryAfterSeconds,
      boolean keyMissing) {
    super(Objects.requireNonNull(limit, "limit").description());
    this.limit = limit;
    this.headers = Map.copyOf(headers);
    this.response = response;
    this.retryAfterSeconds = Math.max(0, retryAfterSeconds);
    this.keyMissing = keyMissing;
  }

  /** The refusal of a request that has no key for {@code limit}, by {@link MissingKey#refuse}. */
  static RateLimitExceededException keyMissing(RequestLimit limit, int status) {
    return new RateLimitExceededException(
        limit, Map.of(), BreachResponse.text(status, limit.description()), 0, true);
  }

  /** Returns the breached limit. */
  public RequestLimit limit() {
    return limit;
  }

  /** Returns the description of the breached limit: its error message or its notation. */
  public String description() {
    return limit.description();
  }

  /** Returns the rate limit headers to send with the refusal; empty when headers are disabled. */
  public Map<String, String> headers() {
    return headers;
  }

  /** Returns the response a breach handler chose instead of the default 429, if any. */
  public Optional<BreachResponse> response() {
    return Optional.ofNullable(response);
  }

  /**
   * Returns true if the request was refused because it had no key for the limit (see {@link
   * MissingKey#refuse(int)}), not because it breached it: then {@link #response()} holds the
   * refusal's status, and nothing was counted.
   */
  public boolean keyMissing() {
    return keyMissing;
  }

  /** Returns the seconds until the breached limit lets the client in again. */
  public long retryAfterSeconds() {
    return retryAfterSeconds;
  }
}
