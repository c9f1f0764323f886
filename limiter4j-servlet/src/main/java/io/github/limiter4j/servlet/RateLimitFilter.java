package io.github.limiter4j.servlet;

import io.github.limiter4j.web.BreachResponse;
import io.github.limiter4j.web.LimitedRequest;
import io.github.limiter4j.web.Limiter;
import io.github.limiter4j.web.RateLimitExceededException;
import jakarta.servlet.AsyncEvent;
import jakarta.servlet.AsyncListener;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Puts a {@link Limiter} in front of any Servlet 6 application. Each request is checked once (not
 * again when it is forwarded, included or dispatched to an error page) against the limits of the
 * route it matches by method and by the path the container dispatches it by (its servlet path and
 * path info: decoded, without path parameters, dot segments resolved; never the raw request URI, so
 * that {@code /login;x=1} or {@code /%6Cogin} counts as {@code /login}); a request that matches no
 * route is counted under that path too. A request over a limit is answered with 429 and the limit's
 * description as plain text, or with the response a breach handler chose. The rate limit headers
 * are set just before the response is committed.
 *
 * <pre>{@code
 * Limiter limiter = Limiter.builder().defaultLimits("100/hour").headersEnabled(true).build();
 * servletContext.addFilter("rate-limit", new RateLimitFilter(limiter)).addMappingForUrlPatterns(
 *     EnumSet.of(DispatcherType.REQUEST), false, "/*");
 * }</pre>
 *
 * <p>Handlers find the request's limits with {@link #limitedRequest(ServletRequest)}, for example
 * to ration a block of work with {@link LimitedRequest#limit}; a breach inside the handler that it
 * does not catch is answered with 429 like any other, if the response is not yet committed.
 */
public final class RateLimitFilter implements Filter {
  /** The request attribute holding the request's {@link LimitedRequest}. */
  public static final String LIMITED_REQUEST_ATTRIBUTE = LimitedRequest.class.getName();

  private final Limiter limiter;

  /** Creates a filter applying {@code limiter}; the caller keeps the limiter and closes it. */
  public RateLimitFilter(Limiter limiter) {
    this.limiter = Objects.requireNonNull(limiter, "limiter");
  }

  /** Returns the limiter this filter applies. */
  public Limiter limiter() {
    return limiter;
  }

  /**
   * Returns the limits of a request that passed this filter, or empty if the filter did not see it.
   */
  public static Optional<LimitedRequest> limitedRequest(ServletRequest request) {
    Object limited = request.getAttribute(LIMITED_REQUEST_ATTRIBUTE);
    return limited instanceof LimitedRequest
        ? Optional.of((LimitedRequest) limited)
        : Optional.empty();
  }

  @Override
  public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    if (!(request instanceof HttpServletRequest)
        || !(response instanceof HttpServletResponse)
        || request.getAttribute(LIMITED_REQUEST_ATTRIBUTE) != null) {
      chain.doFilter(request, response);
      return;
    }
    HttpServletRequest httpRequest = (HttpServletRequest) request;
    HttpServletResponse httpResponse = (HttpServletResponse) response;
    LimitedRequest limited;
    try {
      limited = limiter.check(new ServletWebRequest(httpRequest));
    } catch (RateLimitExceededException e) {
      refuse(httpResponse, e);
      return;
    }
    request.setAttribute(LIMITED_REQUEST_ATTRIBUTE, limited);
    // Set now, in case the response is committed where the filter cannot see it (asynchronous
    // writes to the unwrapped response); finishing replaces them if it still can.
    limited.headers().forEach(httpResponse::setHeader);
    FinishingResponse finishing = new FinishingResponse(httpResponse, request);
    try {
      chain.doFilter(request, finishing);
    } catch (RateLimitExceededException e) {
      if (httpResponse.isCommitted()) {
        throw e;
      }
      httpResponse.resetBuffer();
      refuse(httpResponse, e);
      return;
    }
    if (request.isAsyncStarted()) {
      // The response completes later: finish it then, if nothing committed it before.
      request.getAsyncContext().addListener(new FinishOnComplete(finishing));
    } else {
      finishing.finish();
    }
  }

  /**
   * Answers a request refused by a limit, as the filter does: with the response a breach handler
   * chose, or 429 and the limit's description as plain text; with the rate limit headers.
   *
   * @throws IOException if the response cannot be written
   */
  public static void refuse(HttpServletResponse response, RateLimitExceededException e)
      throws IOException {
    BreachResponse answer =
        e.response()
            .orElseGet(
                () ->
                    BreachResponse.text(RateLimitExceededException.STATUS, e.description() + "\n"));
    response.setStatus(answer.status());
    for (Map.Entry<String, String> header : answer.headers().entrySet()) {
      response.setHeader(header.getKey(), header.getValue());
    }
    e.headers().forEach(response::setHeader);
    response.setContentType(answer.contentType());
    String encoding = response.getCharacterEncoding();
    byte[] body =
        answer
            .body()
            .getBytes(encoding == null ? StandardCharsets.UTF_8 : Charset.forName(encoding));
    response.setContentLength(body.length);
    ServletOutputStream stream;
    try {
      stream = response.getOutputStream();
    } catch (IllegalStateException writerInUse) {
      // The handler took the writer before a block limit refused it.
      response.getWriter().write(answer.body());
      return;
    }
    stream.write(body);
  }

  /** Finishes an asynchronous request when it completes. */
  static final class FinishOnComplete implements AsyncListener {
    private final FinishingResponse response;

    FinishOnComplete(FinishingResponse response) {
      this.response = response;
    }

    @Override
    public void onComplete(AsyncEvent event) {
      response.finish();
    }

    @Override
    public void onTimeout(AsyncEvent event) {}

    @Override
    public void onError(AsyncEvent event) {}

    @Override
    public void onStartAsync(AsyncEvent event) {
      event.getAsyncContext().addListener(this);
    }
  }
}
