package io.github.limiter4j.spring.boot;

import io.github.limiter4j.web.BreachResponse;
import io.github.limiter4j.web.RateLimitExceededException;
import org.springframework.http.HttpStatus;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;

/**
 * A breach as Spring MVC's error handling sees it: status 429 (or, for a request refused for having
 * no key, the status {@code ratelimit.missing-key-status} chose), a {@code ProblemDetail} whose
 * detail is the limit's description, the rate limit headers, and the {@link
 * RateLimitExceededException} as its cause, so that
 * {@code @ExceptionHandler(RateLimitExceededException.class)} methods handle it.
 */
public final class RateLimitExceededErrorResponse extends ErrorResponseException {
  private static final long serialVersionUID = 1L;

  /** Wraps a breach. */
  public RateLimitExceededErrorResponse(RateLimitExceededException breach) {
    super(
        statusOf(breach),
        ProblemDetail.forStatusAndDetail(statusOf(breach), breach.description()),
        breach);
    breach.headers().forEach(getHeaders()::set);
  }

  /**
   * Returns true if the breach handler's own response answers {@code breach}; a refusal for a
   * missing key carries its status in a response, but is answered in the application's error
   * format.
   */
  static boolean answeredByBreachHandler(RateLimitExceededException breach) {
    return breach.response().isPresent() && !breach.keyMissing();
  }

  private static HttpStatusCode statusOf(RateLimitExceededException breach) {
    if (breach.keyMissing()) {
      return HttpStatusCode.valueOf(
          breach.response().map(BreachResponse::status).orElse(HttpStatus.FORBIDDEN.value()));
    }
    return HttpStatus.TOO_MANY_REQUESTS;
  }

  /** Returns the breach. */
  public RateLimitExceededException breach() {
    return (RateLimitExceededException) getCause();
  }
}
