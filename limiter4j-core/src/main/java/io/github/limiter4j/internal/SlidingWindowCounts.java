package io.github.limiter4j.internal;

import io.github.limiter4j.storage.spi.WindowStore;

/**
 * The arithmetic of the sliding window counter, for {@link WindowStore} implementations, so that
 * every storage weighs and resets alike.
 *
 * <p>Counts are kept in buckets aligned on multiples of the window length: bucket {@code i} covers
 * {@code [i * window, (i + 1) * window)}. At {@code now}, the count is the current bucket's count
 * plus the previous bucket's count in proportion to the part of the previous bucket that the last
 * window length still covers, rounded down.
 */
public final class SlidingWindowCounts {
  private SlidingWindowCounts() {}

  /** Returns the index of the bucket that holds {@code now}. */
  public static long bucketOf(long now, long window) {
    return Math.floorDiv(now, checkWindow(window));
  }

  /** Returns the time left in the bucket of {@code now}: between 1 and {@code window}. */
  public static long untilBucketEnd(long now, long window) {
    return checkWindow(window) - Math.floorMod(now, window);
  }

  /**
   * Returns the count at {@code now}: {@code current + floor(previous * untilBucketEnd / window)},
   * saturated at {@code Long.MAX_VALUE}.
   */
  public static long weighted(long previous, long current, long now, long window) {
    return weightedWithin(previous, current, untilBucketEnd(now, window), window);
  }

  /** {@link #weighted} with {@code untilEnd} ms left in the current bucket. */
  public static long weightedWithin(long previous, long current, long untilEnd, long window) {
    return LongMath.saturatedAdd(
        checkCount(current), LongMath.multiplyDivideFloor(checkCount(previous), untilEnd, window));
  }

  /**
   * Returns when the count next drops at {@code now}: when the weighted previous count loses a unit
   * or the current bucket ends, whichever comes first; {@code now} if both counts are 0.
   */
  public static long resetAt(long previous, long current, long now, long window) {
    return resetAtWithin(previous, current, now, untilBucketEnd(now, window), window);
  }

  /** {@link #resetAt} with {@code untilEnd} ms left in the current bucket. */
  public static long resetAtWithin(
      long previous, long current, long now, long untilEnd, long window) {
    checkCount(previous);
    checkCount(current);
    if (previous == 0 && current == 0) {
      return now;
    }
    long until = untilEnd;
    long weightedPrevious = LongMath.multiplyDivideFloor(previous, untilEnd, window);
    if (weightedPrevious > 0) {
      // The weighted previous count falls by one every window / previous ms: find when its floor
      // next drops.
      long lastAtSameFloor = LongMath.multiplyDivideCeil(weightedPrevious, window, previous);
      until = Math.min(until, untilEnd - lastAtSameFloor + 1);
    }
    return LongMath.saturatedAdd(now, until);
  }

  private static long checkWindow(long window) {
    if (window <= 0) {
      throw new IllegalArgumentException("window must be positive but was " + window);
    }
    return window;
  }

  private static long checkCount(long count) {
    if (count < 0) {
      throw new IllegalArgumentException("count must be 0 or more but was " + count);
    }
    return count;
  }
}
