package io.github.limiter4j.memcached;

import java.io.ByteArrayOutputStream;
import java.util.Arrays;

/**
 * The hits of one moving window key, as memcached stores them: (time, count) pairs, newest first,
 * where hits of one millisecond share a pair. Encoded as a version byte, then for each pair the
 * time (the newest as is, the others as the distance to the one before) and the count, each an
 * unsigned variable-length integer of 7 bits a byte.
 */
final class HitLog {
  private static final int VERSION = 1;

  // Pairs newest first: times[i] >= times[i + 1].
  private long[] times;
  private long[] counts;
  private int size;

  private HitLog(long[] times, long[] counts, int size) {
    this.times = times;
    this.counts = counts;
    this.size = size;
  }

  /** Returns an empty log. */
  static HitLog empty() {
    return new HitLog(new long[4], new long[4], 0);
  }

  /**
   * Decodes a stored log.
   *
   * @throws IllegalArgumentException if the bytes are not a log
   */
  static HitLog decode(byte[] bytes) {
    if (bytes.length == 0 || bytes[0] != VERSION) {
      throw new IllegalArgumentException(
          "not a limiter4j hit log (version " + (bytes.length == 0 ? "none" : bytes[0]) + ")");
    }
    HitLog log = empty();
    int[] at = {1};
    long time = 0;
    while (at[0] < bytes.length) {
      long delta = readVarLong(bytes, at);
      time = log.size == 0 ? delta : time - delta;
      long count = readVarLong(bytes, at);
      log.append(time, count);
    }
    return log;
  }

  /** Returns the encoded log. */
  byte[] encode() {
    ByteArrayOutputStream out = new ByteArrayOutputStream(1 + size * 4);
    out.write(VERSION);
    for (int i = 0; i < size; i++) {
      writeVarLong(out, i == 0 ? times[0] : times[i - 1] - times[i]);
      writeVarLong(out, counts[i]);
    }
    return out.toByteArray();
  }

  /** Drops the pairs older than {@code since}. */
  void dropBefore(long since) {
    while (size > 0 && times[size - 1] < since) {
      size--;
    }
  }

  /** Returns the number of pairs. */
  int pairs() {
    return size;
  }

  /** Returns the sum of the counts, capped at the largest long. */
  long total() {
    long total = 0;
    for (int i = 0; i < size; i++) {
      total += counts[i];
      if (total < 0) {
        return Long.MAX_VALUE;
      }
    }
    return total;
  }

  /** Returns the time of the oldest pair; only for a log that has one. */
  long oldest() {
    return times[size - 1];
  }

  /**
   * Adds {@code count} hits at {@code time}: usually the newest, but another process's clock may
   * have written a later one.
   */
  void add(long time, long count) {
    int at = 0;
    while (at < size && times[at] > time) {
      at++;
    }
    if (at < size && times[at] == time) {
      counts[at] += count;
      return;
    }
    if (size == times.length) {
      grow();
    }
    System.arraycopy(times, at, times, at + 1, size - at);
    System.arraycopy(counts, at, counts, at + 1, size - at);
    times[at] = time;
    counts[at] = count;
    size++;
  }

  /** Takes back up to {@code count} hits made at {@code time}, as an undone acquire does. */
  void remove(long time, long count) {
    for (int i = 0; i < size; i++) {
      if (times[i] == time) {
        long taken = Math.min(count, counts[i]);
        counts[i] -= taken;
        if (counts[i] == 0) {
          System.arraycopy(times, i + 1, times, i, size - i - 1);
          System.arraycopy(counts, i + 1, counts, i, size - i - 1);
          size--;
        }
        return;
      }
    }
  }

  private void append(long time, long count) {
    if (size == times.length) {
      grow();
    }
    times[size] = time;
    counts[size] = count;
    size++;
  }

  private void grow() {
    times = Arrays.copyOf(times, times.length * 2);
    counts = Arrays.copyOf(counts, counts.length * 2);
  }

  private static void writeVarLong(ByteArrayOutputStream out, long value) {
    while ((value & ~0x7FL) != 0) {
      out.write((int) ((value & 0x7F) | 0x80));
      value >>>= 7;
    }
    out.write((int) value);
  }

  private static long readVarLong(byte[] bytes, int[] at) {
    long value = 0;
    for (int shift = 0; shift < 64; shift += 7) {
      if (at[0] >= bytes.length) {
        throw new IllegalArgumentException("a hit log ends inside a number");
      }
      byte b = bytes[at[0]++];
      value |= (long) (b & 0x7F) << shift;
      if ((b & 0x80) == 0) {
        return value;
      }
    }
    throw new IllegalArgumentException("a hit log holds a number longer than 64 bits");
  }
}
