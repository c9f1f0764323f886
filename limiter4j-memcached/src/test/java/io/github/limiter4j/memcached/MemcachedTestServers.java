package io.github.limiter4j.memcached;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;

/** The memcached servers the tests share, started on first use and stopped when the JVM exits. */
final class MemcachedTestServers {
  private static final Map<String, String> URIS = new HashMap<>();

  private MemcachedTestServers() {}

  /**
   * Returns the URI of a deployment: {@code tcp} (one server on a loopback port), {@code unix} (one
   * server on a unix socket) or {@code ring} (two servers, keys spread between them).
   */
  static synchronized String uri(String deployment) {
    return URIS.computeIfAbsent(
        deployment,
        name -> {
          try {
            switch (name) {
              case "tcp":
                return MemcachedServer.startTcp().uri();
              case "unix":
                return MemcachedServer.startUnix().uri();
              case "ring":
                MemcachedServer first = MemcachedServer.startTcp();
                MemcachedServer second = MemcachedServer.startTcp();
                return first.uri() + ",127.0.0.1:" + second.port;
              default:
                throw new IllegalArgumentException("no memcached deployment " + name);
            }
          } catch (IOException e) {
            throw new UncheckedIOException(e);
          }
        });
  }
}
