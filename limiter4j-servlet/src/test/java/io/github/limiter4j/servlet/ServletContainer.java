package io.github.limiter4j.servlet;

/** A servlet container serving {@link TestServlet} behind a filter, on a spare loopback port. */
interface ServletContainer {
  /** Returns the base URL, such as {@code http://127.0.0.1:41234}. */
  String baseUrl();

  /** Stops the container. */
  void stop() throws Exception;
}
