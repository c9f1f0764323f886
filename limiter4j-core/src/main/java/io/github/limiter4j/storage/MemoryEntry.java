package io.github.limiter4j.storage;

import io.github.limiter4j.RateLimitItem;

/**
 * The state of one key in {@link MemoryStorage}, one subclass per strategy. Every method is called
 * with the entry's monitor held. A key always belongs to one item (the key ends with the item's
 * amount and window), so the item passed in is the same on every call.
 */
abstract class MemoryEntry {
  /** Set, under the monitor, when the entry leaves its map; holders of a stale reference retry. */
  boolean removed;

  /** Returns how much can be taken now. */
  abstract long available(RateLimitItem item, long now);

  /** Takes {@code cost}, which {@link #available} allowed. */
  abstract void consume(RateLimitItem item, long cost, long now);

  /** Returns what remains now, at least 0. */
  abstract long remaining(RateLimitItem item, long now);

  /** Returns when the window frees up, never before {@code now}. */
  abstract long resetAt(RateLimitItem item, long now);

  /** Returns the time after which the entry holds nothing and can be dropped. */
  abstract long reclaimableAfter();

  /** Fixed window: the window starts at the first hit and covers [start, start + length]. */
  static final class FixedWindow extends MemoryEntry {
    private long expiresAt = Long.MIN_VALUE;
    private long count;

    @Override
    long available(RateLimitItem item, long now) {
      return now > expiresAt ? item.amount() : item.amount() - count;
    }

    @Override
    void consume(RateLimitItem item, long cost, long now) {
      if (now > expiresAt) {
        count = 0;
        expiresAt = LongMath.saturatedAdd(now, item.windowMillis());
      }
      count += cost;
    }

    @Override
    long remaining(RateLimitItem item, long now) {
      return Math.max(0, available(item, now));
    }

    @Override
    long resetAt(RateLimitItem item, long now) {
      return now > expiresAt ? now : expiresAt;
    }

    @Override
    long reclaimableAfter() {
      return expiresAt;
    }
  }

  /**
   * Moving window: an exact log of hits, run-length encoded as (time, count) pairs in a ring
   * buffer, oldest first. A hit at {@code t} counts while {@code t >= now - length}. Each hit adds
   * or extends one pair and each pair is dropped once, so a hit costs O(1) amortized whatever the
   * amount.
   */
  static final class MovingWindow extends MemoryEntry {
    private static final int INITIAL_PAIRS = 2;

    private long[] log = new long[2 * INITIAL_PAIRS];
    private int head;
    private int size;
    private long total;
    private long windowMillis;

    @Override
    long available(RateLimitItem item, long now) {
      prune(item.windowMillis(), now);
      return item.amount() - total;
    }

    @Override
    void consume(RateLimitItem item, long cost, long now) {
      windowMillis = item.windowMillis();
      prune(windowMillis, now);
      total += cost;
      if (size > 0) {
        int tail = slot(size - 1);
        // Same millisecond, or a clock that stepped back: extend the newest pair so the log
        // stays ordered; counting a hit as later than it was only keeps it longer.
        if (log[tail] >= now) {
          log[tail + 1] += cost;
          return;
        }
      }
      if (2 * size == log.length) {
        grow();
      }
      int at = slot(size);
      log[at] = now;
      log[at + 1] = cost;
      size++;
    }

    @Override
    long remaining(RateLimitItem item, long now) {
      return Math.max(0, available(item, now));
    }

    @Override
    long resetAt(RateLimitItem item, long now) {
      prune(item.windowMillis(), now);
      return size == 0 ? now : Math.max(now, LongMath.saturatedAdd(log[slot(0)], windowMillis));
    }

    @Override
    long reclaimableAfter() {
      return size == 0 ? Long.MIN_VALUE : LongMath.saturatedAdd(log[slot(size - 1)], windowMillis);
    }

    private void prune(long window, long now) {
      while (size > 0 && LongMath.saturatedAdd(log[slot(0)], window) < now) {
        total -= log[slot(0) + 1];
        head = (head + 1) % (log.length / 2);
        size--;
      }
      if (size == 0 && log.length > 2 * INITIAL_PAIRS * 8) {
        log = new long[2 * INITIAL_PAIRS];
        head = 0;
      }
    }

    private int slot(int index) {
      return 2 * ((head + index) % (log.length / 2));
    }

    private void grow() {
      long[] bigger = new long[log.length * 2];
      for (int i = 0; i < size; i++) {
        int from = slot(i);
        bigger[2 * i] = log[from];
        bigger[2 * i + 1] = log[from + 1];
      }
      log = bigger;
      head = 0;
    }
  }

  /**
   * Sliding window counter: counts of the current and previous buckets, which are aligned on
   * multiples of the window length. The previous bucket counts in proportion to the part of it that
   * the last window length still covers.
   */
  static final class SlidingWindow extends MemoryEntry {
    private long bucket = Long.MIN_VALUE;
    private long current;
    private long previous;
    private long windowMillis = 1;

    @Override
    long available(RateLimitItem item, long now) {
      roll(item, now);
      return item.amount() - weightedFloor(now);
    }

    @Override
    void consume(RateLimitItem item, long cost, long now) {
      roll(item, now);
      current += cost;
    }

    @Override
    long remaining(RateLimitItem item, long now) {
      return Math.max(0, available(item, now));
    }

    @Override
    long resetAt(RateLimitItem item, long now) {
      roll(item, now);
      if (previous == 0 && current == 0) {
        return now;
      }
      long untilBucketEnd = windowMillis - elapsed(now);
      long until = untilBucketEnd;
      if (previous > 0) {
        // The weighted previous count falls by one each windowMillis / previous; find when its
        // floor next drops, which frees one unit.
        long weighted = LongMath.multiplyDivideFloor(previous, untilBucketEnd, windowMillis);
        if (weighted > 0) {
          long lastAtSameFloor = LongMath.multiplyDivideCeil(weighted, windowMillis, previous);
          until = Math.min(until, untilBucketEnd - lastAtSameFloor + 1);
        }
      }
      return LongMath.saturatedAdd(now, until);
    }

    @Override
    long reclaimableAfter() {
      if (bucket == Long.MIN_VALUE) {
        return Long.MIN_VALUE;
      }
      return LongMath.saturatedMultiply(bucket + 2, windowMillis) - 1;
    }

    private void roll(RateLimitItem item, long now) {
      windowMillis = item.windowMillis();
      long index = Math.floorDiv(now, windowMillis);
      if (index > bucket) {
        previous = (bucket != Long.MIN_VALUE && index == bucket + 1) ? current : 0;
        current = 0;
        bucket = index;
      }
    }

    private long elapsed(long now) {
      // Clamped: after a backward clock step "now" may lie before the current bucket.
      return Math.min(Math.max(0, now - bucket * windowMillis), windowMillis - 1);
    }

    private long weightedFloor(long now) {
      long untilBucketEnd = windowMillis - elapsed(now);
      return LongMath.saturatedAdd(
          current, LongMath.multiplyDivideFloor(previous, untilBucketEnd, windowMillis));
    }
  }
}
