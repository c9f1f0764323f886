package io.github.limiter4j.web;

/** The rate limit headers of Flask-Limiter, whose names can be changed. */
public enum RateLimitHeader {
  /** The amount of the limit: {@code X-RateLimit-Limit}. */
  LIMIT("X-RateLimit-Limit"),
  /** What remains of it: {@code X-RateLimit-Remaining}. */
  REMAINING("X-RateLimit-Remaining"),
  /** When it resets, in epoch seconds: {@code X-RateLimit-Reset}. */
  RESET("X-RateLimit-Reset"),
  /** When to come back: {@code Retry-After}. */
  RETRY_AFTER("Retry-After");

  private final String defaultName;

  RateLimitHeader(String defaultName) {
    this.defaultName = defaultName;
  }

  /** Returns the header's name unless configured otherwise. */
  public String defaultName() {
    return defaultName;
  }
}
