package io.github.limiter4j.web;

import org.jspecify.annotations.Nullable;

/**
 * Says whom a request is counted for: the client's address, a user name, an API key. Requests with
 * the same key share each limit's counter.
 *
 * <p>A key function may return null or an empty string for a request it has no key for (a header
 * left out): what the limits it keys do then is the {@link MissingKey} choice of the limit or the
 * limiter, by default to count the request under its client's address. (Flask-Limiter skips the
 * limit, which lets any client bypass it by leaving the key out; {@link MissingKey#unlimited()}
 * does that where it is intended.)
 */
@FunctionalInterface
public interface KeyFunction {
  /** Returns the key of the request, or null or empty if it has none (see {@link MissingKey}). */
  @Nullable String key(WebRequest request);

  /** Returns the key function that keys requests by {@link WebRequest#remoteAddress()}. */
  static KeyFunction remoteAddress() {
    return RemoteAddressKey.INSTANCE;
  }
}
