package io.github.limiter4j.servlet;

import io.github.limiter4j.web.LimitedRequest;
import jakarta.servlet.Filter;
import jakarta.servlet.FilterChain;
import jakarta.servlet.ServletException;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.ServletResponse;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;

/**
 * For frameworks that check requests themselves, later than a filter could (Spring MVC checks in a
 * handler interceptor, once it knows the handler): wraps each response so that the {@link
 * LimitedRequest} stored under {@link RateLimitFilter#LIMITED_REQUEST_ATTRIBUTE} during the request
 * is finished (deduct-when limits charged, headers set) just before the response is committed.
 */
public final class LimitedResponseFilter implements Filter {
  private static final String WRAPPED = LimitedResponseFilter.class.getName() + ".WRAPPED";

  /** Creates the filter. */
  public LimitedResponseFilter() {}

  @Override
  public void doFilter(ServletRequest request, ServletResponse response, FilterChain chain)
      throws IOException, ServletException {
    if (!(response instanceof HttpServletResponse) || request.getAttribute(WRAPPED) != null) {
      chain.doFilter(request, response);
      return;
    }
    request.setAttribute(WRAPPED, Boolean.TRUE);
    FinishingResponse finishing = new FinishingResponse((HttpServletResponse) response, request);
    chain.doFilter(request, finishing);
    if (request.isAsyncStarted()) {
      request.getAsyncContext().addListener(new RateLimitFilter.FinishOnComplete(finishing));
    } else {
      finishing.finish();
    }
  }
}
