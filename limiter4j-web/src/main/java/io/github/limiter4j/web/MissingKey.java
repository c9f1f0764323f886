package io.github.limiter4j.web;

import java.util.Objects;

/**
 * What a limit does with a request whose {@link KeyFunction} gives no key (null or empty): a key
 * read from a header the client can leave out, a user name before login. Counting such a request
 * under nobody would let any client bypass the limit by sending no key, so the limiter's default is
 * {@link #clientAddress()}.
 *
 * <pre>{@code
 * Limiter.builder()
 *     .keyFunction(request -> request.header("X-Api-Key"))
 *     .missingKey(MissingKey.refuse(401))
 * }</pre>
 *
 * <p>Flask-Limiter has no such choice: it skips a limit whose key is empty (and logs an error).
 * {@link #unlimited()} does the same, for those who choose it.
 */
public final class MissingKey {
  private static final MissingKey CLIENT_ADDRESS =
      new MissingKey(Kind.FALLBACK, KeyFunction.remoteAddress(), null, 0);
  private static final MissingKey UNLIMITED = new MissingKey(Kind.UNLIMITED, null, null, 0);

  private enum Kind {
    FALLBACK,
    SHARED,
    REFUSE,
    UNLIMITED
  }

  private final Kind kind;
  private final KeyFunction fallback;
  private final String sharedKey;
  private final int status;

  private MissingKey(Kind kind, KeyFunction fallback, String sharedKey, int status) {
    this.kind = kind;
    this.fallback = fallback;
    this.sharedKey = sharedKey;
    this.status = status;
  }

  /**
   * Counts a request without a key under its client's address ({@link WebRequest#remoteAddress()}),
   * as if the limit were keyed by address: the default.
   */
  public static MissingKey clientAddress() {
    return CLIENT_ADDRESS;
  }

  /**
   * Counts a request without a key under the key {@code fallback} gives it, such as a {@link
   * ClientAddressKey} that knows the application's proxies. A request for which the fallback too
   * gives no key is not limited.
   */
  public static MissingKey keyFunction(KeyFunction fallback) {
    return new MissingKey(Kind.FALLBACK, Objects.requireNonNull(fallback, "fallback"), null, 0);
  }

  /**
   * Counts every request without a key under one key shared by all of them, such as {@code
   * anonymous}: together, anonymous clients get what one client gets.
   *
   * @throws IllegalArgumentException if {@code key} is empty
   */
  public static MissingKey shared(String key) {
    Objects.requireNonNull(key, "key");
    if (key.isEmpty()) {
      throw new IllegalArgumentException("the shared key of requests without a key is empty");
    }
    return new MissingKey(Kind.SHARED, null, key, 0);
  }

  /**
   * Refuses a request without a key with {@code status}, such as 401 or 403, before it is counted
   * anywhere: it is thrown as a {@link RateLimitExceededException} whose {@link
   * RateLimitExceededException#keyMissing()} is true and whose response has this status.
   *
   * @throws IllegalArgumentException if {@code status} is not between 400 and 599
   */
  public static MissingKey refuse(int status) {
    if (status < 400 || status > 599) {
      throw new IllegalArgumentException(
          "a refusal's status must be between 400 and 599 but was " + status);
    }
    return new MissingKey(Kind.REFUSE, null, null, status);
  }

  /**
   * Lets a request without a key pass the limit uncounted, as Flask-Limiter does: any client that
   * leaves its key out is not limited by the limit, so choose this only where that is intended.
   */
  public static MissingKey unlimited() {
    return UNLIMITED;
  }

  /** Returns true for {@link #refuse(int)}. */
  boolean refuses() {
    return kind == Kind.REFUSE;
  }

  /** Returns the status of a refusal; meaningful only when {@link #refuses()}. */
  int status() {
    return status;
  }

  /** Returns the key to count a request without a key under, or null to leave it uncounted. */
  String keyFor(WebRequest request) {
    switch (kind) {
      case FALLBACK:
        return fallback.key(request);
      case SHARED:
        return sharedKey;
      default:
        return null;
    }
  }

  /** Two choices are equal if they do the same: same kind, fallback, shared key and status. */
  @Override
  public boolean equals(Object other) {
    return other instanceof MissingKey that
        && kind == that.kind
        && Objects.equals(fallback, that.fallback)
        && Objects.equals(sharedKey, that.sharedKey)
        && status == that.status;
  }

  @Override
  public int hashCode() {
    return Objects.hash(kind, fallback, sharedKey, status);
  }

  /** Describes the choice as {@code limiter config} shows it. */
  @Override
  public String toString() {
    switch (kind) {
      case FALLBACK:
        return fallback == RemoteAddressKey.INSTANCE ? "client-address" : "key " + fallback;
      case SHARED:
        return "shared '" + sharedKey + "'";
      case REFUSE:
        return "refuse " + status;
      default:
        return "unlimited";
    }
  }
}
