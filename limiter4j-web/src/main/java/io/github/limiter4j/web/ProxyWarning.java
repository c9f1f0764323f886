package io.github.limiter4j.web;

import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;

/**
 * Warns once when an application keyed by the peer's address seems to run behind a proxy: then
 * every client behind the proxy shares one key, and one client's traffic refuses everybody's. A
 * request "seems proxied" when it comes from a private or loopback address with a forwarded header.
 * Only the first requests are looked at, so that an application without a proxy pays nothing after
 * its start.
 */
final class ProxyWarning {
  private static final Logger LOG = Loggers.of(Limiter.class);
  static final int REQUESTS_CHECKED = 1_000;

  private final AtomicInteger left;

  ProxyWarning(KeyFunction keyFunction) {
    this.left = new AtomicInteger(keyFunction == RemoteAddressKey.INSTANCE ? REQUESTS_CHECKED : 0);
  }

  /** Looks at one request; returns true if it logged the warning. */
  boolean check(WebRequest request) {
    if (left.get() <= 0) {
      return false;
    }
    String header =
        request.header(ClientAddressKey.X_FORWARDED_FOR) != null
            ? ClientAddressKey.X_FORWARDED_FOR
            : request.header(ClientAddressKey.FORWARDED) != null
                ? ClientAddressKey.FORWARDED
                : null;
    if (header == null || !IpAddress.isPrivate(IpAddress.parse(request.remoteAddress()))) {
      left.decrementAndGet();
      return false;
    }
    if (left.getAndSet(0) <= 0) {
      return false;
    }
    LOG.warn(
        "Requests come from {} carrying {}, as through a proxy, but the rate limits are keyed by"
            + " the peer's address: every client behind that proxy shares one key. Trust the proxy"
            + " (ClientAddressKey.builder().trustedProxies(...), in Spring Boot"
            + " ratelimit.client-address.trusted-proxies), or have the server resolve the client"
            + " (Spring Boot: server.forward-headers-strategy).",
        request.remoteAddress(),
        header);
    return true;
  }
}
