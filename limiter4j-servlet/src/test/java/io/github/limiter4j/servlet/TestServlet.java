package io.github.limiter4j.servlet;

import io.github.limiter4j.web.Limit;
import io.github.limiter4j.web.LimitedBlock;
import io.github.limiter4j.web.LimitedRequest;
import io.github.limiter4j.web.RateLimitExceededException;
import jakarta.servlet.ServletException;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.Arrays;

/**
 * The application behind the filter in the HTTP tests. The containers also map it to {@link #LOGIN}
 * alone, so that the container decides which spellings of a path reach that mapping.
 */
final class TestServlet extends HttpServlet {
  /** The exact mapping that answers {@code login <request URI>}. */
  static final String LOGIN = "/login";

  private static final long serialVersionUID = 1L;

  @Override
  @SuppressWarnings("try") // block limits are entered for their limits, not used
  protected void service(HttpServletRequest request, HttpServletResponse response)
      throws IOException, ServletException {
    String path = request.getRequestURI();
    if (LOGIN.equals(request.getHttpServletMapping().getPattern())) {
      // Shows the spelling the container served as /login.
      response.getWriter().write("login " + path);
    } else if (path.startsWith("/status/")) {
      response.setStatus(Integer.parseInt(path.substring("/status/".length())));
      response.getWriter().write("status");
    } else if (path.startsWith("/send-error/")) {
      response.sendError(Integer.parseInt(path.substring("/send-error/".length())));
    } else if (path.equals("/error-page")) {
      response.getWriter().write("error page");
    } else if (path.equals("/retry-after")) {
      response.setHeader("Retry-After", "1000000");
      response.getWriter().write("later");
    } else if (path.equals("/big")) {
      byte[] chunk = new byte[64 * 1024];
      Arrays.fill(chunk, (byte) 'x');
      for (int i = 0; i < 4; i++) {
        response.getOutputStream().write(chunk);
      }
    } else if (path.equals("/async")) {
      jakarta.servlet.AsyncContext async = request.startAsync();
      async.start(
          () -> {
            try {
              async.getResponse().getWriter().write("async");
            } catch (IOException e) {
              throw new java.io.UncheckedIOException(e);
            }
            async.complete();
          });
    } else if (path.equals("/writer-block")) {
      LimitedRequest limited = RateLimitFilter.limitedRequest(request).orElseThrow();
      response.getWriter().write("partial");
      try (LimitedBlock block = limited.limit(Limit.of("1/minute"))) {
        response.getWriter().write("done");
      }
    } else if (path.equals("/forward")) {
      request.getRequestDispatcher("/t1").forward(request, response);
    } else if (path.equals("/block")) {
      LimitedRequest limited = RateLimitFilter.limitedRequest(request).orElseThrow();
      StringBuilder body = new StringBuilder();
      try (LimitedBlock block = limited.limit(Limit.of("1/second"))) {
        body.append("ok");
      }
      try (LimitedBlock block = limited.limit(Limit.of("1/day"))) {
        body.append("maybe");
      } catch (RateLimitExceededException e) {
        // rationed: answer without it
      }
      response.getWriter().write(body.toString());
    } else {
      response.setContentType("text/plain");
      response.getWriter().write("test");
    }
  }
}
