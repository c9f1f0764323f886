package io.github.limiter4j.benchmarks;

import io.github.limiter4j.web.WebRequest;
import io.github.limiter4j.web.WebResponse;
import java.util.List;
import java.util.Optional;

/**
 * A request of one client, naming itself in {@code X-Client}, as a framework adapter gives it, and
 * the response it gets.
 */
final class BenchmarkRequest implements WebRequest {
  static final String CLIENT_HEADER = "X-Client";

  /** The response every benchmark request gets: 200, no headers of its own. */
  static final WebResponse OK =
      new WebResponse() {
        @Override
        public int status() {
          return 200;
        }

        @Override
        public String header(String name) {
          return null;
        }
      };

  private final String client;

  BenchmarkRequest(String client) {
    this.client = client;
  }

  @Override
  public String method() {
    return "GET";
  }

  @Override
  public String path() {
    return "/hello";
  }

  @Override
  public String remoteAddress() {
    return "127.0.0.1";
  }

  @Override
  public String header(String name) {
    return CLIENT_HEADER.equalsIgnoreCase(name) ? client : null;
  }

  @Override
  public List<String> headers(String name) {
    return CLIENT_HEADER.equalsIgnoreCase(name) ? List.of(client) : List.of();
  }

  @Override
  public String parameter(String name) {
    return null;
  }

  @Override
  public <T> Optional<T> unwrap(Class<T> type) {
    return Optional.empty();
  }
}
