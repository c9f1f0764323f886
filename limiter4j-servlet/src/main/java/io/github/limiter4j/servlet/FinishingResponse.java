package io.github.limiter4j.servlet;

import io.github.limiter4j.web.LimitedRequest;
import io.github.limiter4j.web.WebResponse;
import jakarta.servlet.ServletOutputStream;
import jakarta.servlet.ServletRequest;
import jakarta.servlet.WriteListener;
import jakarta.servlet.http.HttpServletResponse;
import jakarta.servlet.http.HttpServletResponseWrapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.util.Map;
import org.jspecify.annotations.Nullable;

/**
 * Finishes the limited request just before the response is committed (its first byte of body, a
 * flush, an error or a redirect): the status is known then and headers can still be set. The
 * request's {@link LimitedRequest} is looked up when needed, so it may be stored after the response
 * was wrapped (by a Spring MVC interceptor).
 */
final class FinishingResponse extends HttpServletResponseWrapper implements WebResponse {
  private final ServletRequest request;
  private boolean finished;
  private ServletOutputStream stream;
  private PrintWriter writer;

  FinishingResponse(HttpServletResponse response, ServletRequest request) {
    super(response);
    this.request = request;
  }

  /**
   * Finishes the request once: deduct-when limits are charged and headers are set. Does nothing
   * while no limited request is stored (the request has not been checked yet, or is not limited).
   */
  void finish() {
    if (finished) {
      return;
    }
    LimitedRequest limited = RateLimitFilter.limitedRequest(request).orElse(null);
    if (limited == null) {
      return;
    }
    finished = true;
    HttpServletResponse response = (HttpServletResponse) getResponse();
    Map<String, String> headers = limited.finish(this);
    if (!response.isCommitted()) {
      headers.forEach(response::setHeader);
    }
  }

  @Override
  public int status() {
    return getStatus();
  }

  @Override
  public @Nullable String header(String name) {
    return getHeader(name);
  }

  @Override
  public ServletOutputStream getOutputStream() throws IOException {
    if (stream == null) {
      stream = new FinishingStream(super.getOutputStream());
    }
    return stream;
  }

  @Override
  public PrintWriter getWriter() throws IOException {
    if (writer == null) {
      writer = new FinishingWriter(super.getWriter());
    }
    return writer;
  }

  @Override
  public void flushBuffer() throws IOException {
    finish();
    if (writer != null) {
      writer.flush();
    }
    super.flushBuffer();
  }

  @Override
  public void sendError(int status, String message) throws IOException {
    setStatus(status);
    finish();
    super.sendError(status, message);
  }

  @Override
  public void sendError(int status) throws IOException {
    setStatus(status);
    finish();
    super.sendError(status);
  }

  @Override
  public void sendRedirect(String location) throws IOException {
    setStatus(SC_FOUND);
    finish();
    super.sendRedirect(location);
  }

  /** A stream that finishes the request before its first byte. */
  private final class FinishingStream extends ServletOutputStream {
    private final ServletOutputStream delegate;

    FinishingStream(ServletOutputStream delegate) {
      this.delegate = delegate;
    }

    @Override
    public void write(int b) throws IOException {
      finish();
      delegate.write(b);
    }

    @Override
    public void write(byte[] bytes, int offset, int length) throws IOException {
      finish();
      delegate.write(bytes, offset, length);
    }

    @Override
    public void flush() throws IOException {
      finish();
      delegate.flush();
    }

    @Override
    public void close() throws IOException {
      finish();
      delegate.close();
    }

    @Override
    public boolean isReady() {
      return delegate.isReady();
    }

    @Override
    public void setWriteListener(WriteListener listener) {
      delegate.setWriteListener(listener);
    }
  }

  /** A writer that finishes the request before its first character. */
  private final class FinishingWriter extends PrintWriter {
    FinishingWriter(PrintWriter delegate) {
      super(delegate, false);
    }

    @Override
    public void write(int c) {
      finish();
      super.write(c);
    }

    @Override
    public void write(char[] chars, int offset, int length) {
      finish();
      super.write(chars, offset, length);
    }

    @Override
    public void write(String text, int offset, int length) {
      finish();
      super.write(text, offset, length);
    }

    @Override
    public void flush() {
      finish();
      super.flush();
    }

    @Override
    public void close() {
      finish();
      super.close();
    }
  }
}
