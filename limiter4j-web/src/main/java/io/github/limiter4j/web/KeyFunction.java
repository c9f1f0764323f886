package io.github.limiter4j.web;

/**
 * Says whom a request is counted for: the client's address, a user name, an API key. Requests with
 * the same key share each limit's counter.
 *
 * <p>A key function that returns null or an empty string leaves the request unlimited by the limits
 * it keys (as in Flask-Limiter, where an empty key skips the limit).
 */
@FunctionalInterface
public interface KeyFunction {
  /** Returns the key of the request, or null or empty to skip the limits this function keys. */
  String key(WebRequest request);

  /** Returns the key function that keys requests by {@link WebRequest#remoteAddress()}. */
  static KeyFunction remoteAddress() {
    return RemoteAddressKey.INSTANCE;
  }
}
