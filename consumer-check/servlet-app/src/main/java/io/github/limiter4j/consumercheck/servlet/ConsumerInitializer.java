package io.github.limiter4j.consumercheck.servlet;

import io.github.limiter4j.Strategy;
import io.github.limiter4j.servlet.RateLimitFilter;
import io.github.limiter4j.web.Limiter;
import io.github.limiter4j.web.Route;
import jakarta.servlet.DispatcherType;
import jakarta.servlet.ServletContainerInitializer;
import jakarta.servlet.ServletContext;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.EnumSet;
import java.util.Set;

/**
 * Installs the rate limit filter in front of a servlet, as a plain servlet application does: one
 * route, {@code /hello}, limited to 2 a minute by the moving window of limiter4j-core.
 */
public final class ConsumerInitializer implements ServletContainerInitializer {
  /** The limiter the filter runs; the server closes it when it stops. */
  private final Limiter limiter =
      Limiter.builder()
          .strategy(Strategy.MOVING_WINDOW)
          .headersEnabled(true)
          .route(Route.builder("hello").path("/hello").limit("2/minute").build())
          .build();

  /** The limiter behind the filter. */
  public Limiter limiter() {
    return limiter;
  }

  /** Registers the servlet and the filter. */
  @Override
  public void onStartup(Set<Class<?>> classes, ServletContext context) {
    context.addServlet("hello", new HelloServlet()).addMapping("/hello");
    context
        .addFilter("rate-limit", new RateLimitFilter(limiter))
        .addMappingForUrlPatterns(EnumSet.of(DispatcherType.REQUEST), false, "/*");
  }

  /** Answers {@code hello}. */
  static final class HelloServlet extends HttpServlet {
    @Override
    protected void doGet(HttpServletRequest request, HttpServletResponse response)
        throws IOException {
      response.setContentType("text/plain");
      response.getWriter().write("hello");
    }
  }
}
