package io.github.limiter4j.spring.boot;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import org.jspecify.annotations.Nullable;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.web.servlet.HandlerExceptionResolver;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.mvc.support.DefaultHandlerExceptionResolver;

/**
 * Turns a {@link RateLimitExceededErrorResponse} into a 429 the way Spring MVC's {@link
 * DefaultHandlerExceptionResolver} does (its headers, then {@code sendError} with the limit's
 * description, which Boot's error page renders), but logs at DEBUG: that resolver logs every
 * resolved exception at WARN, and under attack every request is refused. It runs after the
 * {@code @ExceptionHandler} methods (and Boot's problem details handler), which still see the
 * refusal first.
 */
final class RefusalExceptionResolver implements HandlerExceptionResolver {
  private static final Logger LOG = LoggerFactory.getLogger(RefusalExceptionResolver.class);

  /** Places the resolver just before Spring MVC's default one, or last if that one is absent. */
  static void insertInto(List<HandlerExceptionResolver> resolvers) {
    RefusalExceptionResolver resolver = new RefusalExceptionResolver();
    for (int i = 0; i < resolvers.size(); i++) {
      if (resolvers.get(i) instanceof DefaultHandlerExceptionResolver) {
        resolvers.add(i, resolver);
        return;
      }
    }
    resolvers.add(resolver);
  }

  @Override
  public @Nullable ModelAndView resolveException(
      HttpServletRequest request,
      HttpServletResponse response,
      @Nullable Object handler,
      Exception exception) {
    if (!(exception instanceof RateLimitExceededErrorResponse refusal)) {
      return null;
    }
    if (response.isCommitted()) {
      LOG.debug(
          "Response committed already, cannot refuse {}: {}", request.getRequestURI(), refusal);
      return new ModelAndView();
    }
    refusal
        .getHeaders()
        .forEach((name, values) -> values.forEach(v -> response.addHeader(name, v)));
    String detail = refusal.getBody().getDetail();
    try {
      if (detail != null) {
        response.sendError(refusal.getStatusCode().value(), detail);
      } else {
        response.sendError(refusal.getStatusCode().value());
      }
    } catch (IOException e) {
      // As for any other resolver: the next one, or the container, deals with the exception.
      LOG.debug("Could not send the refusal of {}", request.getRequestURI(), e);
      return null;
    }
    LOG.debug("Refused {}: {}", request.getRequestURI(), detail);
    return new ModelAndView();
  }
}
