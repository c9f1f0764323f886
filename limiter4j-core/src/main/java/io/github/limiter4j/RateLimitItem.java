package io.github.limiter4j;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * One rate limit: an amount allowed per window of {@code multiples} × {@code granularity}, such as
 * {@code 10 per 1 minute}. Immutable and thread-safe.
 *
 * <p>Items are made from the notation with {@link #parse} and {@link #parseAll}, or in code with
 * {@link #of(long, long, Granularity)}. {@link #toString()} writes the notation back, so {@code
 * RateLimitItem.parse(item.toString())} equals {@code item} for every item in the default
 * namespace.
 */
public final class RateLimitItem {
  /** The namespace of items that are not given one, as in {@code limits}. */
  public static final String DEFAULT_NAMESPACE = "LIMITER";

  private final long amount;
  private final long multiples;
  private final Granularity granularity;
  private final String namespace;
  private final long windowMillis;
  // "/<amount>/<multiples>/<unit>", the constant tail of every storage key of this item.
  private final String keySuffix;

  private RateLimitItem(long amount, long multiples, Granularity granularity, String namespace) {
    this.amount = amount;
    this.multiples = multiples;
    this.granularity = granularity;
    this.namespace = namespace;
    this.windowMillis = multiples * granularity.millis();
    this.keySuffix = "/" + amount + "/" + multiples + "/" + granularity.notation();
  }

  /**
   * Returns the item allowing {@code amount} per {@code multiples} × {@code granularity}.
   *
   * @param amount how much the window allows, 0 or more (0 rejects every hit)
   * @param multiples how many units long the window is, 1 or more
   * @param granularity the window's unit
   * @throws IllegalArgumentException if the amount is negative, the multiple less than 1 or the
   *     window longer than {@code Long.MAX_VALUE} milliseconds
   */
  public static RateLimitItem of(long amount, long multiples, Granularity granularity) {
    Objects.requireNonNull(granularity, "granularity");
    if (amount < 0) {
      throw new IllegalArgumentException("amount must be 0 or more but was " + amount);
    }
    if (multiples < 1) {
      throw new IllegalArgumentException("multiples must be 1 or more but was " + multiples);
    }
    if (multiples > Long.MAX_VALUE / granularity.millis()) {
      throw new IllegalArgumentException(
          "a window of "
              + multiples
              + " "
              + granularity.notation()
              + "s is longer than Long.MAX_VALUE milliseconds");
    }
    return new RateLimitItem(amount, multiples, granularity, DEFAULT_NAMESPACE);
  }

  /** Returns the item allowing {@code amount} per one {@code granularity}. */
  public static RateLimitItem of(long amount, Granularity granularity) {
    return of(amount, 1, granularity);
  }

  /**
   * Parses exactly one limit, such as {@code "10/minute"} or {@code "5 per 2 hours"}.
   *
   * @throws RateLimitParseException if the string is not one limit in the notation
   * @throws NullPointerException if {@code limit} is null
   */
  public static RateLimitItem parse(String limit) {
    Objects.requireNonNull(limit, "limit");
    return LimitNotation.parseOne(limit);
  }

  /**
   * Parses one or more limits joined by {@code ,}, {@code ;} or {@code |}, such as {@code "5/2
   * seconds;10/hour|100/day"}, in the order written.
   *
   * @throws RateLimitParseException if any part is not a limit in the notation
   * @throws NullPointerException if {@code limits} is null
   */
  public static List<RateLimitItem> parseAll(String limits) {
    Objects.requireNonNull(limits, "limits");
    return LimitNotation.parseAll(limits);
  }

  /**
   * Returns this limit in another namespace, the first part of its storage keys.
   *
   * @throws IllegalArgumentException if the namespace is empty
   */
  public RateLimitItem withNamespace(String namespace) {
    Objects.requireNonNull(namespace, "namespace");
    if (namespace.isEmpty()) {
      throw new IllegalArgumentException("namespace must not be empty");
    }
    if (namespace.equals(this.namespace)) {
      return this;
    }
    return new RateLimitItem(amount, multiples, granularity, namespace);
  }

  /** Returns how much one window allows. */
  public long amount() {
    return amount;
  }

  /** Returns how many units of {@link #granularity()} make one window. */
  public long multiples() {
    return multiples;
  }

  /** Returns the unit of the window. */
  public Granularity granularity() {
    return granularity;
  }

  /** Returns the namespace, {@value #DEFAULT_NAMESPACE} unless set. */
  public String namespace() {
    return namespace;
  }

  /** Returns the window's length. */
  public Duration window() {
    return Duration.ofMillis(windowMillis);
  }

  /** Returns the window's length in milliseconds. */
  public long windowMillis() {
    return windowMillis;
  }

  /**
   * Returns the storage key of this limit for the given identifiers, in the layout of {@code
   * limits}: {@code <namespace>/<id>/<id>.../<amount>/<multiples>/<unit>}, for example {@code
   * LIMITER/a/b/10/1/minute}.
   */
  public String keyFor(String... identifiers) {
    Objects.requireNonNull(identifiers, "identifiers");
    // One and two identifiers are the common cases: concatenation builds them in one copy.
    switch (identifiers.length) {
      case 0:
        return namespace + keySuffix;
      case 1:
        return namespace + '/' + identifier(identifiers, 0) + keySuffix;
      case 2:
        return namespace
            + '/'
            + identifier(identifiers, 0)
            + '/'
            + identifier(identifiers, 1)
            + keySuffix;
      default:
        int length = namespace.length() + keySuffix.length();
        for (int i = 0; i < identifiers.length; i++) {
          length += 1 + identifier(identifiers, i).length();
        }
        StringBuilder key = new StringBuilder(length).append(namespace);
        for (String identifier : identifiers) {
          key.append('/').append(identifier);
        }
        return key.append(keySuffix).toString();
    }
  }

  private static String identifier(String[] identifiers, int index) {
    String identifier = identifiers[index];
    if (identifier == null) {
      throw new NullPointerException("identifiers[" + index + "]");
    }
    return identifier;
  }

  /** Items are equal when amount, multiples, granularity and namespace are. */
  @Override
  public boolean equals(Object other) {
    return other instanceof RateLimitItem
        && ((RateLimitItem) other).amount == amount
        && ((RateLimitItem) other).multiples == multiples
        && ((RateLimitItem) other).granularity == granularity
        && ((RateLimitItem) other).namespace.equals(namespace);
  }

  @Override
  public int hashCode() {
    return Objects.hash(amount, multiples, granularity, namespace);
  }

  /** Returns the limit in the notation, such as {@code 10 per 1 minute}. */
  @Override
  public String toString() {
    return amount + " per " + multiples + " " + granularity.notation();
  }
}
