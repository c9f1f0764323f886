package io.github.limiter4j.spring.boot;

import io.github.limiter4j.servlet.RateLimitFilter;
import io.github.limiter4j.servlet.ServletWebRequest;
import io.github.limiter4j.web.LimitedRequest;
import io.github.limiter4j.web.Limiter;
import io.github.limiter4j.web.RateLimitExceededException;
import io.github.limiter4j.web.Route;
import io.github.limiter4j.web.WebResponse;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerInterceptor;
import org.springframework.web.servlet.resource.ResourceHttpRequestHandler;

/**
 * Checks each request against the limits of the controller method that will handle it. A request
 * that the {@link PathLimitFilter} checked already (it matched a path entry) is checked further
 * against the handler's own limits only, which may key on the authenticated user. A breach is
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
    if (request.getDispatcherType() != DispatcherType.REQUEST) {
      return true;
    }
    Route route = null;
    if (handler instanceof HandlerMethod) {
      route = routes.getObject().routeOf((HandlerMethod) handler);
    }
    Object pathRoute = request.getAttribute(PathLimitFilter.AWAITING_HANDLER);
    if (pathRoute != null) {
      request.removeAttribute(PathLimitFilter.AWAITING_HANDLER);
      // Any other handler is checked as its most specific path entry's route, as before.
      return checkHandler(request, response, route != null ? route : (Route) pathRoute);
    }
    if (request.getAttribute(RateLimitFilter.LIMITED_REQUEST_ATTRIBUTE) != null) {
      return true;
    }
    Limiter current = limiter.getObject();
    ServletWebRequest webRequest = new ServletWebRequest(request);
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
      return refuse(response, breach, route);
    }
    metrics.allowed(limited, route);
    request.setAttribute(RateLimitFilter.LIMITED_REQUEST_ATTRIBUTE, limited);
    limited.headers().forEach(response::setHeader);
    return true;
  }

  /** The second stage of a request the path filter checked: the handler's own limits. */
  private boolean checkHandler(
      HttpServletRequest request, HttpServletResponse response, Route route) throws Exception {
    LimitedRequest limited = RateLimitFilter.limitedRequest(request).orElseThrow();
    try {
      // The request as the handler sees it: Spring Security's wrapper knows the user.
      limited.checkHandler(new ServletWebRequest(request), route);
    } catch (RateLimitExceededException breach) {
      return refuse(response, breach, route);
    }
    metrics.allowed(limited, route);
    limited.headers().forEach(response::setHeader);
    return true;
  }

  /**
   * Answers a refusal with the breach handler's response, or throws it to Spring MVC's error
   * handling (a refusal for a missing key too, with its own status).
   */
  private boolean refuse(
      HttpServletResponse response, RateLimitExceededException breach, Route route)
      throws Exception {
    metrics.limited(breach, route);
    if (RateLimitExceededErrorResponse.answeredByBreachHandler(breach)) {
      RateLimitFilter.refuse(response, breach);
      return false;
    }
    throw new RateLimitExceededErrorResponse(breach);
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
