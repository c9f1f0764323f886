package io.github.limiter4j.spring.boot;

import io.github.limiter4j.web.RateLimitExceededException;
import java.util.Map;
import org.springframework.boot.web.error.ErrorAttributeOptions;
import org.springframework.boot.webmvc.error.DefaultErrorAttributes;
import org.springframework.web.context.request.WebRequest;

/**
 * Spring Boot's error attributes, with the description of the breached limit as the {@code message}
 * of a rate limit refusal (the description is not sensitive, so it is shown even where other
 * messages are hidden). Backs off when the application defines its own error attributes.
 */
public class RateLimitErrorAttributes extends DefaultErrorAttributes {
  /** Creates the error attributes. */
  public RateLimitErrorAttributes() {}

  @Override
  public Map<String, Object> getErrorAttributes(WebRequest request, ErrorAttributeOptions options) {
    Map<String, Object> attributes = super.getErrorAttributes(request, options);
    RateLimitExceededException breach = breachOf(getError(request));
    if (breach != null) {
      attributes.put("message", breach.description());
    }
    return attributes;
  }

  static RateLimitExceededException breachOf(Throwable error) {
    for (Throwable cause = error; cause != null; cause = cause.getCause()) {
      if (cause instanceof RateLimitExceededException) {
        return (RateLimitExceededException) cause;
      }
      if (cause.getCause() == cause) {
        break;
      }
    }
    return null;
  }
}
