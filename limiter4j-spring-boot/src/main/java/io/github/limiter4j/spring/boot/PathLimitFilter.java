package io.github.limiter4j.spring.boot;

import io.github.limiter4j.servlet.RateLimitFilter;
import io.github.limiter4j.servlet.ServletWebRequest;
import io.github.limiter4j.web.LimitedRequest;
import io.github.limiter4j.web.Limiter;
import io.github.limiter4j.web.RateLimitExceededException;
import io.github.limiter4j.web.Route;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Collections;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.web.method.HandlerMethod;
import org.springframework.web.servlet.HandlerExceptionResolver;
import org.springframework.web.servlet.HandlerExecutionChain;
import org.springframework.web.servlet.ModelAndView;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;
import org.springframework.web.util.ServletRequestPathUtils;

/**
 * Checks the {@code ratelimit.paths} limits of each request, with the application and meta limits,
 * before Spring Security and before Spring MVC chooses the handler, so that a path limit also
 * counts the requests that the security filter chain answers itself (a form login, a Basic 401).
 * The {@link RateLimitInterceptor} then checks the handler's own limits on the same {@link
 * LimitedRequest}. Every entry that matches counts the request, each under its own endpoint; a
 * request that matches no path entry passes untouched, for the interceptor.
 *
 * <p>A refusal is answered as Spring MVC answers one from the interceptor: by the breach handler's
 * response if one answered, else through the application's exception resolvers (a {@code
 * ProblemDetail} with {@code spring.mvc.problemdetails.enabled}, an {@code @ExceptionHandler}, else
 * Boot's error page with the {@link RateLimitErrorAttributes}).
 */
final class PathLimitFilter implements Filter {
  /**
   * The request attribute holding the most specific path route of a request this filter checked and
   * whose handler is still to be checked.
   */
  static final String AWAITING_HANDLER = PathLimitFilter.class.getName() + ".AWAITING_HANDLER";

  private final ObjectProvider<Limiter> limiter;
  private final ObjectProvider<HandlerRoutes> routes;
  private final RequestMetrics metrics;
  private final ObjectProvider<HandlerExceptionResolver> resolvers;
  private final ObjectProvider<RequestMappingHandlerMapping> mappings;

  PathLimitFilter(
      ObjectProvider<Limiter> limiter,
      ObjectProvider<HandlerRoutes> routes,
      RequestMetrics metrics,
      ObjectProvider<HandlerExceptionResolver> resolvers,
      ObjectProvider<RequestMappingHandlerMapping> mappings) {
    this.limiter = limiter;
    this.routes = routes;
    this.metrics = metrics;
    this.resolvers = resolvers;
    this.mappings = mappings;
  }

  @Override
  public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    if (!(request instanceof HttpServletRequest httpRequest)
        || !(response instanceof HttpServletResponse httpResponse)
        || request.getAttribute(RateLimitFilter.LIMITED_REQUEST_ATTRIBUTE) != null) {
      chain.doFilter(request, response);
      return;
    }
    ServletWebRequest webRequest = new ServletWebRequest(httpRequest);
    List<Route> matched = routes.getObject().pathRoutesOf(webRequest.method(), webRequest.path());
    Limiter current = limiter.getObject();
    // A limiter of the application's own may not know the scanned routes: the interceptor alone
    // checks its requests, as before.
    if (matched.isEmpty() || !matched.stream().allMatch(route -> knows(current, route))) {
      chain.doFilter(request, response);
      return;
    }
    Route route = matched.get(0);
    HandlerRoutes scanned = routes.getObject();
    // A handler's exemption from the application or meta limits, which this stage counts.
    HandlerMethod handler = scanned.handlersExemptBeforeHandler() ? handlerOf(httpRequest) : null;
    Route handlerRoute = handler == null ? null : scanned.routeOf(handler);
    LimitedRequest limited;
    try {
      limited =
          handlerRoute != null && knows(current, handlerRoute)
              ? current.checkBeforeHandler(webRequest, matched, handlerRoute)
              : current.checkBeforeHandler(webRequest, matched);
    } catch (RateLimitExceededException breach) {
      metrics.limited(breach, route);
      refuse(httpRequest, httpResponse, breach, handler);
      return;
    }
    request.setAttribute(RateLimitFilter.LIMITED_REQUEST_ATTRIBUTE, limited);
    request.setAttribute(AWAITING_HANDLER, route);
    limited.headers().forEach(httpResponse::setHeader);
    try {
      chain.doFilter(request, response);
    } finally {
      if (request.getAttribute(AWAITING_HANDLER) != null) {
        // No handler checked it (Spring Security or a filter answered): its outcome is this one.
        request.removeAttribute(AWAITING_HANDLER);
        metrics.allowed(limited, route);
      }
    }
  }

  private static boolean knows(Limiter limiter, Route route) {
    return limiter.routeNamed(route.endpoint()).orElse(null) == route;
  }

  /**
   * The controller method Spring MVC will choose for the request, or null: asked of the handler
   * mappings with the request path parsed as the DispatcherServlet parses it, and that parsed path,
   * with the attributes the lookup set, removed again so that Spring Security and the
   * DispatcherServlet see the request as it came.
   */
  private HandlerMethod handlerOf(HttpServletRequest request) {
    Set<String> attributes = new HashSet<>(Collections.list(request.getAttributeNames()));
    boolean parsed = ServletRequestPathUtils.hasParsedRequestPath(request);
    if (!parsed) {
      ServletRequestPathUtils.parseAndCache(request);
    }
    try {
      Iterator<RequestMappingHandlerMapping> each = mappings.orderedStream().iterator();
      while (each.hasNext()) {
        HandlerExecutionChain chain = each.next().getHandler(request);
        if (chain != null && chain.getHandler() instanceof HandlerMethod method) {
          return method;
        }
      }
      return null;
    } catch (Exception noHandler) {
      // No method matches (a wrong method or media type): Spring MVC answers it, with no handler.
      return null;
    } finally {
      if (!parsed) {
        ServletRequestPathUtils.clearParsedRequestPath(request);
      }
      for (String name : Collections.list(request.getAttributeNames())) {
        if (!attributes.contains(name)) {
          request.removeAttribute(name);
        }
      }
    }
  }

  /**
   * Answers a refusal: the breach handler's response, else what the first exception resolver that
   * handles the refusal writes, in the order the DispatcherServlet consults them.
   */
  private void refuse(
      HttpServletRequest request,
      HttpServletResponse response,
      RateLimitExceededException breach,
      HandlerMethod handler)
      throws IOException {
    if (RateLimitExceededErrorResponse.answeredByBreachHandler(breach)) {
      RateLimitFilter.refuse(response, breach);
      return;
    }
    RateLimitExceededErrorResponse error = new RateLimitExceededErrorResponse(breach);
    Iterator<HandlerExceptionResolver> each = resolvers.orderedStream().iterator();
    while (each.hasNext()) {
      // The handler, if known, lets an @ExceptionHandler of its @ControllerAdvice answer.
      ModelAndView answer = each.next().resolveException(request, response, handler, error);
      if (answer != null) {
        if (answer.isEmpty()) {
          return;
        }
        // A view to render needs the DispatcherServlet; Boot's error page answers instead.
        break;
      }
    }
    if (!response.isCommitted()) {
      breach.headers().forEach(response::setHeader);
      response.sendError(error.getStatusCode().value(), breach.description());
    }
  }
}
