package io.github.limiter4j.spring.boot;

import java.util.Objects;
import org.jspecify.annotations.Nullable;

/**
 * A rate limit setting that cannot be used, found at start-up: names where it was declared (a
 * property or an annotated method), the value and what is wrong. Reported by {@link
 * InvalidRateLimitFailureAnalyzer}.
 */
public final class InvalidRateLimitException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final String origin;
  private final String value;
  private final String problem;
  private final String action;

  /**
   * Creates the exception, whose failure analysis suggests what fits the problem.
   *
   * @param origin where the setting was declared, such as {@code ratelimit.default} or
   *     {@code @RateLimit on DemoController.slow()}
   * @param value the bad value as written (secrets masked); empty when the problem is not one
   *     value's
   * @param problem what is wrong with it
   * @param cause the underlying exception, or null
   */
  public InvalidRateLimitException(
      String origin, @Nullable String value, String problem, @Nullable Throwable cause) {
    this(origin, value, problem, "", cause);
  }

  /**
   * Creates the exception with the action its failure analysis suggests.
   *
   * @param origin where the setting was declared
   * @param value the bad value as written (secrets masked); empty when the problem is not one
   *     value's
   * @param problem what is wrong with it
   * @param action what to do about it; empty for a suggestion that fits the problem
   * @param cause the underlying exception, or null
   */
  public InvalidRateLimitException(
      String origin,
      @Nullable String value,
      String problem,
      String action,
      @Nullable Throwable cause) {
    super(
        value == null || value.isEmpty()
            ? origin + ": " + problem
            : origin + ": \"" + value + "\" " + problem,
        cause);
    this.origin = Objects.requireNonNull(origin, "origin");
    this.value = value == null ? "" : value;
    this.problem = Objects.requireNonNull(problem, "problem");
    this.action = Objects.requireNonNull(action, "action");
  }

  /** Returns where the setting was declared. */
  public String origin() {
    return origin;
  }

  /** Returns the bad value; empty if the problem is not one value's. */
  public String value() {
    return value;
  }

  /** Returns what is wrong. */
  public String problem() {
    return problem;
  }

  /** Returns what to do about it; empty if the failure analysis suggests what fits the problem. */
  public String action() {
    return action;
  }
}
