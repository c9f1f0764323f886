package io.github.limiter4j;

import java.time.Duration;
import java.util.Locale;

/**
 * The time unit of a rate limit window, as written in the rate limit notation.
 *
 * <p>As in the {@code limits} library, a month is 30 days and a year is 360 days, so that every
 * window has a fixed length.
 */
public enum Granularity {
  /** One second. */
  SECOND(1),
  /** 60 seconds. */
  MINUTE(60),
  /** 3,600 seconds. */
  HOUR(3_600),
  /** 86,400 seconds. */
  DAY(86_400),
  /** 30 days. */
  MONTH(30L * 86_400),
  /** 360 days (twelve 30-day months). */
  YEAR(360L * 86_400);

  private final long seconds;
  private final String notation;

  Granularity(long seconds) {
    this.seconds = seconds;
    this.notation = name().toLowerCase(Locale.ROOT);
  }

  /** Returns the length of one unit in seconds. */
  public long seconds() {
    return seconds;
  }

  /** Returns the length of one unit in milliseconds. */
  public long millis() {
    return seconds * 1_000;
  }

  /** Returns the length of one unit. */
  public Duration duration() {
    return Duration.ofSeconds(seconds);
  }

  /** Returns the unit's name in the notation and in storage keys: {@code second}, {@code day}... */
  public String notation() {
    return notation;
  }

  /**
   * Returns the unit named {@code word} in the notation, singular or plural, in any case; {@code
   * null} if the word names no unit.
   */
  static Granularity fromNotation(String word) {
    String lower = word.toLowerCase(Locale.ROOT);
    for (Granularity granularity : values()) {
      if (lower.equals(granularity.notation)
          || (lower.length() == granularity.notation.length() + 1
              && lower.startsWith(granularity.notation)
              && lower.endsWith("s"))) {
        return granularity;
      }
    }
    return null;
  }
}
