package io.github.limiter4j.web;

/** How the {@code Retry-After} header gives its time (RFC 9110, section 10.2.3). */
public enum RetryAfterFormat {
  /** Seconds from now, such as {@code 60}. */
  DELTA_SECONDS,
  /** An HTTP date, such as {@code Sun, 22 Nov 2026 10:00:00 GMT}. */
  HTTP_DATE
}
