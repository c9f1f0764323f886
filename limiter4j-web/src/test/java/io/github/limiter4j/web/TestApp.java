package io.github.limiter4j.web;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * A tiny in-process application for tests: dispatches requests to handlers the way an adapter does
 * (check, handle, finish) and returns what a client would see.
 */
final class TestApp {
  private final Limiter limiter;
  private final Map<String, Function<Call, Reply>> handlers = new LinkedHashMap<>();

  TestApp(Limiter limiter) {
    this.limiter = limiter;
  }

  /** Serves the route named {@code endpoint} with {@code handler}. */
  TestApp handle(String endpoint, Function<Call, Reply> handler) {
    handlers.put(endpoint, handler);
    return this;
  }

  Reply get(String path) {
    return send(new Request("GET", path, "127.0.0.1", Map.of()));
  }

  Reply send(String method, String path) {
    return send(new Request(method, path, "127.0.0.1", Map.of()));
  }

  Reply send(Request request) {
    LimitedRequest limited;
    try {
      limited = limiter.check(request);
    } catch (RateLimitExceededException e) {
      Reply reply =
          e.response()
              .map(r -> new Reply(r.status(), r.body(), new LinkedHashMap<>(r.headers())))
              .orElseGet(() -> new Reply(429, e.description(), new LinkedHashMap<>()));
      reply.headers.putAll(e.headers());
      return reply;
    }
    String endpoint = limited.endpoint();
    Function<Call, Reply> handler = handlers.getOrDefault(endpoint, call -> Reply.ok("test"));
    Reply reply;
    try {
      reply = handler.apply(new Call(request, limited));
    } catch (RateLimitExceededException e) {
      reply = new Reply(429, e.description(), new LinkedHashMap<>());
    }
    reply.headers.putAll(limited.finish(reply));
    return reply;
  }

  /** What a handler receives. */
  record Call(Request request, LimitedRequest limited) {}

  /** A response as the client sees it, and as the limiter finishes it. */
  static final class Reply implements WebResponse {
    final int status;
    final String body;
    final Map<String, String> headers;

    Reply(int status, String body, Map<String, String> headers) {
      this.status = status;
      this.body = body;
      this.headers = headers;
    }

    static Reply ok(String body) {
      return new Reply(200, body, new LinkedHashMap<>());
    }

    static Reply status(int status) {
      return new Reply(status, "", new LinkedHashMap<>());
    }

    Reply withHeader(String name, String value) {
      headers.put(name, value);
      return this;
    }

    @Override
    public int status() {
      return status;
    }

    @Override
    public String header(String name) {
      return headers.get(name);
    }

    @Override
    public String toString() {
      return status + " " + body + " " + headers;
    }
  }

  /** A request built by a test. */
  record Request(String method, String path, String remoteAddress, Map<String, String> headerMap)
      implements WebRequest {
    Request {
      method = method.toUpperCase(Locale.ROOT);
    }

    Request withHeader(String name, String value) {
      Map<String, String> copy = new LinkedHashMap<>(headerMap);
      copy.put(name, value);
      return new Request(method, path, remoteAddress, copy);
    }

    Request from(String address) {
      return new Request(method, path, address, headerMap);
    }

    @Override
    public String header(String name) {
      return headerMap.get(name);
    }

    @Override
    public List<String> headers(String name) {
      String value = headerMap.get(name);
      return value == null ? List.of() : new ArrayList<>(List.of(value));
    }

    @Override
    public String parameter(String name) {
      return null;
    }

    @Override
    public <T> Optional<T> unwrap(Class<T> type) {
      return type.isInstance(this) ? Optional.of(type.cast(this)) : Optional.empty();
    }
  }
}
