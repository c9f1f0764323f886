package io.github.limiter4j.spring.boot;

import io.github.limiter4j.servlet.RateLimitFilter;
import io.github.limiter4j.web.RateLimitExceededException;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.List;
import org.springframework.web.servlet.HandlerExceptionResolver;
import org.springframework.web.servlet.ModelAndView;

/**
 * Answers a {@link RateLimitExceededException} that a handler let through (the breach of a limited
 * bean method it called) as the interceptor answers a request's breach: the breach handler's
 * response if one answered, else a {@link RateLimitExceededErrorResponse} handed to the
 * application's other resolvers, so that the 429 is in the application's error format.
 */
final class MethodBreachResolver implements HandlerExceptionResolver {
  private final List<HandlerExceptionResolver> others;

  MethodBreachResolver(List<HandlerExceptionResolver> others) {
    this.others = List.copyOf(others);
  }

  @Override
  public ModelAndView resolveException(
      HttpServletRequest request, HttpServletResponse response, Object handler, Exception ex) {
    if (!(ex instanceof RateLimitExceededException breach)) {
      return null;
    }
    // A refusal for a missing key carries a response too, yet is answered in the error format.
    if (RateLimitExceededErrorResponse.answeredByBreachHandler(breach)) {
      try {
        RateLimitFilter.refuse(response, breach);
      } catch (IOException e) {
        return null;
      }
      return new ModelAndView();
    }
    RateLimitExceededErrorResponse error = new RateLimitExceededErrorResponse(breach);
    for (HandlerExceptionResolver resolver : others) {
      ModelAndView answer = resolver.resolveException(request, response, handler, error);
      if (answer != null) {
        return answer;
      }
    }
    return null;
  }
}
