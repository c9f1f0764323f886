package io.github.limiter4j.spring.boot;

import io.github.limiter4j.web.ClientAddressKey;
import io.github.limiter4j.web.KeyFunction;
import io.github.limiter4j.web.MissingKey;
import java.util.Locale;

/**
 * Turns {@code ratelimit.missing-key} (and a limit annotation's {@code missingKey}) into the
 * limiter's {@link MissingKey}: the client address as {@code ratelimit.client-address.*} finds it,
 * the shared key, or a refusal with {@code ratelimit.missing-key-status}.
 */
final class MissingKeys {
  /** The key shared by requests without a key when {@code ratelimit.missing-key=shared}. */
  static final String SHARED_KEY = "anonymous";

  private final RateLimitProperties properties;

  MissingKeys(RateLimitProperties properties) {
    this.properties = properties;
  }

  /**
   * The client's address as {@code ratelimit.client-address.*} finds it, else the peer's address:
   * the key of what is counted before authentication, whatever {@code ratelimit.key-func} says.
   */
  KeyFunction clientAddress() {
    ClientAddressKey clientAddress = LimiterFactory.clientAddressKey(properties);
    return clientAddress == null ? KeyFunction.remoteAddress() : clientAddress;
  }

  /** The limiter's choice, from {@code ratelimit.missing-key}. */
  MissingKey forLimiter() {
    RateLimitProperties.MissingKeyPolicy policy = properties.getMissingKey();
    return of(policy == null ? RateLimitProperties.MissingKeyPolicy.CLIENT_ADDRESS : policy);
  }

  /**
   * A limit's own choice, from the {@code missingKey} attribute of its annotation, declared at
   * {@code origin}; null when the attribute is empty (the limiter's choice applies).
   */
  MissingKey forAnnotation(String value, String origin) {
    if (value.isEmpty()) {
      return null;
    }
    for (RateLimitProperties.MissingKeyPolicy policy :
        RateLimitProperties.MissingKeyPolicy.values()) {
      if (name(policy).equals(value.trim().toLowerCase(Locale.ROOT))) {
        return of(policy);
      }
    }
    throw new InvalidRateLimitException(
        origin + " (missingKey)",
        value,
        "is not a choice for requests without a key; use client-address, shared, refuse or"
            + " unlimited",
        null);
  }

  private MissingKey of(RateLimitProperties.MissingKeyPolicy policy) {
    switch (policy) {
      case SHARED:
        return MissingKey.shared(SHARED_KEY);
      case REFUSE:
        int status = properties.getMissingKeyStatus();
        try {
          return MissingKey.refuse(status);
        } catch (IllegalArgumentException e) {
          throw new InvalidRateLimitException(
              "ratelimit.missing-key-status",
              Integer.toString(status),
              "is not the status of a refusal: it must be 400 to 599",
              e);
        }
      case UNLIMITED:
        return MissingKey.unlimited();
      default:
        ClientAddressKey clientAddress = LimiterFactory.clientAddressKey(properties);
        return clientAddress == null
            ? MissingKey.clientAddress()
            : MissingKey.keyFunction(clientAddress);
    }
  }

  /** The policy as properties spell it, such as {@code client-address}. */
  static String name(RateLimitProperties.MissingKeyPolicy policy) {
    return policy.name().toLowerCase(Locale.ROOT).replace('_', '-');
  }
}
