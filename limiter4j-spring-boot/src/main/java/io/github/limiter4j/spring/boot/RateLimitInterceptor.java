package io.github.limiter4j.spring.boot;

import io.github.limiter4j.servlet.RateLimitFilter;
import io.github.limiter4j.servlet.ServletWebRequest;
import io.github.limiter4j.web.BreachResponse;
import io.github.limiter4j.web.LimitedRequest;
import io.github.limiter4j.web.Limiter;
import io.github.limiter4j.web.RateLimitExceededException;
import io.github.limiter4j.web.Route;
import io.github.limiter4j.web.WebResponse;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.ProblemDetail;
import org.springframework.web.ErrorResponseException;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.resource.ResourceHttpRequestHandler;

/**
 * Checks each request against the limits of the controller method that will handle it. A breach is
 * answered by the breach handler's response if one answered, else thrown as a {@link
 * RateLimitExceededErrorResponse} for Spring MVC's error handling; a request refused for having no
 * key likewise, with the refusal's status.
 */
final class RateLimitInterceptor implements HandlerInterceptor {
  private final ObjectProvider<Limiter> limiter;
  private final ObjectProvider<HandlerRoutes> routes;
  private final RequestMetrics metrics;

  RateLimitInterceptor(
      ObjectProvider<Limiter> limiter,
      ObjectProvider<HandlerRoutes> routes,
      RequestMetrics metrics) {
    this.limiter = limiter;
    this.routes = routes;
    this.metrics = metrics;
  }

  @Override
  public boolean preHandle(HttpServletRequest request, HttpServletResponse response, Object handler)
      throws Exception {
    if (request.getDispatcherType() != DispatcherType.REQUEST
        || request.getAttribute(RateLimitFilter.LIMITED_REQUEST_ATTRIBUTE) != null) {
      return true;
    }
    Limiter current = limiter.getObject();
    ServletWebRequest webRequest = new ServletWebRequest(request);
    Route route = null;
    if (handler instanceof HandlerMethod) {
      route = routes.getObject().routeOf((HandlerMethod) handler);
    }
    if (route == null) {
      route = current.route(webRequest.method(), webRequest.path()).orElse(null);
      if (route == null && handler instanceof ResourceHttpRequestHandler) {
        // Static resources are not limited unless a path entry says so, as Flask's static route.
        return true;
      }
    }
    LimitedRequest limited;
    try {
      limited = current.check(webRequest, route);
    } catch (RateLimitExceededException breach) {
      metrics.limited(breach, route);
      if (breach.keyMissing()) {
        // In the application's error format, as a breach is, with the refusal's own status.
        throw missingKey(breach);
      }
      if (breach.response().isPresent()) {
        RateLimitFilter.refuse(response, breach);
        return false;
      }
      throw new RateLimitExceededErrorResponse(breach);
    }
    metrics.allowed(limited, route);
    request.setAttribute(RateLimitFilter.LIMITED_REQUEST_ATTRIBUTE, limited);
    limited.headers().forEach(response::setHeader);
    return true;
  }

  private static ErrorResponseException missingKey(RateLimitExceededException refusal) {
    HttpStatusCode status =
        HttpStatusCode.valueOf(refusal.response().map(BreachResponse::status).orElse(403));
    return new ErrorResponseException(
        status, ProblemDetail.forStatusAndDetail(status, refusal.description()), refusal);
  }

  @Override
  public void afterCompletion(
      HttpServletRequest request, HttpServletResponse response, Object handler, Exception ex) {
    // Charges deduct-when limits if the response filter did not (it is idempotent).
    RateLimitFilter.limitedRequest(request)
        .ifPresent(
            limited ->
                limited.finish(
                    new WebResponse() {
                      @Override
                      public int status() {
                        return response.getStatus();
                      }

                      @Override
                      public String header(String name) {
                        return response.getHeader(name);
                      }
                    }));
  }
}
