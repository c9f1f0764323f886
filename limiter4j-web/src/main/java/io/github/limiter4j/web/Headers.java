package io.github.limiter4j.web;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Writes the rate limit headers of a request, as Flask-Limiter does, and the IETF fields. */
final class Headers {
  static final String IETF_POLICY = "RateLimit-Policy";
  static final String IETF_LIMIT = "RateLimit";
  private static final long MAX_RETRY_AFTER_SECONDS = 100L * 366 * 24 * 3600;

  private final boolean enabled;
  private final Map<RateLimitHeader, String> names;
  private final RetryAfterFormat retryAfter;
  private final boolean ietf;

  Headers(Limiter.Builder builder) {
    this.enabled = builder.headersEnabled;
    this.names = new EnumMap<>(builder.headerNames);
    this.retryAfter = builder.retryAfter;
    this.ietf = builder.ietfHeaders;
  }

  boolean enabled() {
    return enabled;
  }

  String retryAfterName() {
    return names.get(RateLimitHeader.RETRY_AFTER);
  }

  String name(RateLimitHeader header) {
    return names.get(header);
  }

  RetryAfterFormat retryAfterFormat() {
    return retryAfter;
  }

  boolean ietf() {
    return ietf;
  }

  /**
   * Returns the headers describing {@code limit} at {@code now}. {@code existingRetryAfter} is a
   * Retry-After the application already set: the header never promises an earlier time than it.
   */
  Map<String, String> values(
      RequestLimit limit, List<RequestLimit> all, String existingRetryAfter, long now) {
    long reset = limit.resetEpochSecond();
    Map<String, String> values = new LinkedHashMap<>();
    values.put(names.get(RateLimitHeader.LIMIT), Long.toString(limit.item().amount()));
    values.put(names.get(RateLimitHeader.REMAINING), Long.toString(limit.remaining()));
    values.put(names.get(RateLimitHeader.RESET), Long.toString(reset));
    long requested = parseRetryAfter(existingRetryAfter, now);
    boolean sameFormat =
        existingRetryAfter != null
            && existingRetryAfter.trim().chars().allMatch(Character::isDigit)
                == (retryAfter == RetryAfterFormat.DELTA_SECONDS);
    if (requested > reset && sameFormat) {
      // The application asks for a later retry than the limit: its header stays as it is.
      values.put(names.get(RateLimitHeader.RETRY_AFTER), existingRetryAfter.trim());
    } else {
      long retryAt = Math.max(reset, requested);
      values.put(
          names.get(RateLimitHeader.RETRY_AFTER),
          retryAfter == RetryAfterFormat.HTTP_DATE
              ? DateTimeFormatter.RFC_1123_DATE_TIME.format(
                  ZonedDateTime.ofInstant(Instant.ofEpochSecond(retryAt), ZoneOffset.UTC))
              : Long.toString(wholeSecondsUntil(retryAt * 1000, now)));
    }
    if (ietf) {
      values.put(IETF_POLICY, policies(all.isEmpty() ? List.of(limit) : all));
      values.put(
          IETF_LIMIT,
          '"'
              + policyName(limit)
              + "\";r="
              + limit.remaining()
              + ";t="
              + wholeSecondsUntil(reset * 1000, now));
    }
    return Collections.unmodifiableMap(values);
  }

  /**
   * Whole seconds from {@code now} until {@code atMillis}, rounded down as Flask-Limiter does, so
   * that the headers are the same as upstream's. The reset second itself ({@code
   * X-RateLimit-Reset}) is always after the window's end.
   */
  static long wholeSecondsUntil(long atMillis, long now) {
    return Math.max(0, Math.floorDiv(atMillis - now, 1000));
  }

  /** Whole seconds from {@code now} until {@code atMillis}, rounded up: never early. */
  static long secondsUntil(long atMillis, long now) {
    return Math.max(0, Math.floorDiv(atMillis - now + 999, 1000));
  }

  private static String policies(List<RequestLimit> limits) {
    Set<String> policies = new LinkedHashSet<>();
    for (RequestLimit limit : limits) {
      policies.add(
          '"'
              + policyName(limit)
              + "\";q="
              + limit.item().amount()
              + ";w="
              + limit.item().windowMillis() / 1000);
    }
    return String.join(", ", policies);
  }

  /** The name of a limit's policy in the IETF fields, such as {@code 10-per-1-minute}. */
  static String policyName(RequestLimit limit) {
    return limit.item().amount()
        + "-per-"
        + limit.item().multiples()
        + "-"
        + limit.item().granularity().notation();
  }

  /** Returns the epoch second a Retry-After value points at, or 0 if it is absent or invalid. */
  static long parseRetryAfter(String value, long nowMillis) {
    if (value == null || value.isBlank()) {
      return 0;
    }
    String trimmed = value.trim();
    try {
      // Capped at a century so that far-away values cannot overflow the arithmetic.
      long seconds = Math.min(Long.parseLong(trimmed), MAX_RETRY_AFTER_SECONDS);
      return seconds < 0 ? 0 : Math.floorDiv(nowMillis, 1000) + seconds;
    } catch (NumberFormatException notSeconds) {
      try {
        return ZonedDateTime.parse(trimmed, DateTimeFormatter.RFC_1123_DATE_TIME).toEpochSecond();
      } catch (DateTimeParseException notADate) {
        return 0;
      }
    }
  }
}
