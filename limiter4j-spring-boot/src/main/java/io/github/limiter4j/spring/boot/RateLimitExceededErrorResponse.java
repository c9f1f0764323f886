package io.github.limiter4j.spring.boot;

import io.github.limiter4j.web.RateLimitExceededException;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * A breach as Spring MVC's error handling sees it: status 429, a {@code ProblemDetail} whose detail
 * is the limit's description, the rate limit headers, and the {@link RateLimitExceededException} as
 * its cause, so that {@code @ExceptionHandler(RateLimitExceededException.class)} methods handle it.
 */
public final class RateLimitExceededErrorResponse extends ErrorResponseException {
  private static final long serialVersionUID = 1L;

  /** Wraps a breach. */
  public RateLimitExceededErrorResponse(RateLimitExceededException breach) {
    super(
        HttpStatus.TOO_MANY_REQUESTS,
        ProblemDetail.forStatusAndDetail(HttpStatus.TOO_MANY_REQUESTS, breach.description()),
        breach);
    breach.headers().forEach(getHeaders()::set);
  }

  /** Returns the breach. */
  public RateLimitExceededException breach() {
    return (RateLimitExceededException) getCause();
  }
}
