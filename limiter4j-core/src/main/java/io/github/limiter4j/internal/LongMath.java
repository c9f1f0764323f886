package io.github.limiter4j.internal;

import java.math.BigInteger;

/** Overflow-safe arithmetic on times and counts, for windows up to {@code Long.MAX_VALUE} ms. */
public final class LongMath {
  private LongMath() {}

  /** Returns {@code a + b}, or {@code Long.MAX_VALUE} if that overflows; both non-negative. */
  public static long saturatedAdd(long a, long b) {
    long sum = a + b;
    return ((a ^ sum) & (b ^ sum)) < 0 ? (a < 0 ? Long.MIN_VALUE : Long.MAX_VALUE) : sum;
  }

  /** Returns {@code a * b}, or {@code Long.MAX_VALUE} if that overflows; both non-negative. */
  public static long saturatedMultiply(long a, long b) {
    long hi = Math.multiplyHigh(a, b);
    long lo = a * b;
    return (hi == 0 && lo >= 0) ? lo : Long.MAX_VALUE;
  }

  /** Returns {@code floor(a * b / c)} for non-negative a and b and positive c. */
  public static long multiplyDivideFloor(long a, long b, long c) {
    long hi = Math.multiplyHigh(a, b);
    long lo = a * b;
    if (hi == 0 && lo >= 0) {
      return lo / c;
    }
    return big(a).multiply(big(b)).divide(big(c)).longValueExact();
  }

  /** Returns {@code ceil(a * b / c)} for non-negative a and b and positive c. */
  public static long multiplyDivideCeil(long a, long b, long c) {
    long hi = Math.multiplyHigh(a, b);
    long lo = a * b;
    if (hi == 0 && lo >= 0) {
      return lo / c + (lo % c == 0 ? 0 : 1);
    }
    BigInteger[] qr = big(a).multiply(big(b)).divideAndRemainder(big(c));
    return qr[0].longValueExact() + (qr[1].signum() == 0 ? 0 : 1);
  }

  private static BigInteger big(long value) {
    return BigInteger.valueOf(value);
  }
}
