package io.github.limiter4j.mongodb;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import io.github.limiter4j.RateLimitItem;
import io.github.limiter4j.internal.KeyedBatch;
import io.github.limiter4j.internal.SlidingWindowCounts;
import java.util.Date;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * The sliding window counter in MongoDB: one document per key, {@code {_id: key, bucket, previous,
 * current, expireAt}}, holding the counts of the current bucket and the one before it, as {@code
 * limits} keeps them (bucket {@code i} covers {@code [i * window, (i + 1) * window)}).
 *
 * <p>A hit in the document's bucket increments {@code current} if the weighted count fits. The
 * filter says so without arithmetic on the server: {@code previous} never changes within a bucket,
 * so the filter names the previous count the decision was made with and the most {@code current}
 * may be. A hit in the next bucket moves {@code current} to {@code previous}, conditional on both
 * being as read. The previous count of a key's bucket is remembered in this process, so a request
 * usually decides in one round trip.
 */
final class SlidingWindowStore extends MongoWindowStore {
  static final String BUCKET = "bucket";
  static final String PREVIOUS = "previous";
  static final String CURRENT = "current";

  // Previous counts this process has read, by key: exact while the bucket lasts.
  private static final int REMEMBERED_BUCKETS = 10_000;

  private final Map<String, long[]> knownPrevious = new ConcurrentHashMap<>();

  SlidingWindowStore(MongoStorage storage, MongoStorage.Collection collection) {
    super(storage, collection);
  }

  @Override
  public void clear(RateLimitItem item, String key) {
    knownPrevious.remove(Objects.requireNonNull(key, "key"));
    super.clear(item, key);
  }

  /** Forgets the previous counts this process remembered, the storage being reset. */
  void forget() {
    knownPrevious.clear();
  }

  @Override
  Write write(KeyedBatch batch, int g, Object id, long now, boolean known, Document document) {
    RateLimitItem item = batch.item(g);
    long window = item.windowMillis();
    long bucket = SlidingWindowCounts.bucketOf(now, window);
    if (!known) {
      long[] remembered = knownPrevious.get(batch.key(g));
      return remembered != null && remembered[0] == bucket
          ? inBucket(batch, g, now, id, bucket, remembered[1])
          : fresh(batch, g, now, id, bucket);
    }
    if (document == null) {
      return fresh(batch, g, now, id, bucket);
    }
    long documentBucket = longField(document, BUCKET);
    long previous = longField(document, PREVIOUS);
    long current = longField(document, CURRENT);
    if (documentBucket >= bucket) {
      long at = aligned(now, documentBucket, window);
      return current <= largestCurrent(batch, g, at, previous)
          ? inBucket(batch, g, at, id, documentBucket, previous)
          : null;
    }
    if (documentBucket == bucket - 1) {
      if (largestCurrent(batch, g, now, current) < 0) {
        return null;
      }
      return new Write(
          Filters.and(
              Filters.eq("_id", id),
              Filters.eq(BUCKET, documentBucket),
              Filters.eq(CURRENT, current)),
          start(bucket, current, batch.take(g), window),
          bucket);
    }
    return fresh(batch, g, now, id, bucket);
  }

  /**
   * Returns {@code now}, or the start of {@code documentBucket} if that is later: a document ahead
   * of this request (written by an instance whose clock is later, or after this request read its
   * clock) is weighed as at the start of its bucket, where its previous count weighs the most.
   */
  private static long aligned(long now, long documentBucket, long window) {
    long start =
        documentBucket > Long.MAX_VALUE / window ? Long.MAX_VALUE : documentBucket * window;
    return Math.max(now, start);
  }

  /**
   * Returns the largest current count beside which group {@code g}'s need fits, given the previous
   * count; negative if it cannot fit at all.
   */
  private static long largestCurrent(KeyedBatch batch, int g, long now, long previous) {
    long amount = batch.item(g).amount();
    long weightedPrevious =
        SlidingWindowCounts.weighted(previous, 0, now, batch.item(g).windowMillis());
    return amount - Math.min(weightedPrevious, amount) - batch.need(g);
  }

  /**
   * Returns the increment of {@code current} in {@code bucket}, whose previous count is {@code
   * previous}, if the current count leaves room; null if it cannot fit at all.
   */
  private static Write inBucket(
      KeyedBatch batch, int g, long now, Object id, long bucket, long previous) {
    long largestCurrent = largestCurrent(batch, g, now, previous);
    if (largestCurrent < 0) {
      return null;
    }
    return new Write(
        Filters.and(
            Filters.eq("_id", id),
            Filters.eq(BUCKET, bucket),
            Filters.eq(PREVIOUS, previous),
            Filters.lte(CURRENT, largestCurrent)),
        Updates.combine(
            Updates.inc(CURRENT, batch.take(g)),
            // A key without a document (cleared or reset meanwhile) has no previous count, whatever
            // the filter's guess.
            Updates.setOnInsert(PREVIOUS, 0L),
            Updates.setOnInsert(EXPIRE_AT, expireAt(bucket, batch.item(g).windowMillis()))),
        bucket);
  }

  /** Returns the write that starts a key with no count in this bucket or the one before. */
  private static Write fresh(KeyedBatch batch, int g, long now, Object id, long bucket) {
    long window = batch.item(g).windowMillis();
    return new Write(
        Filters.and(Filters.eq("_id", id), Filters.lt(BUCKET, bucket - 1)),
        start(bucket, 0, batch.take(g), window),
        bucket);
  }

  private static Bson start(long bucket, long previous, long current, long window) {
    return Updates.combine(
        Updates.set(BUCKET, bucket),
        Updates.set(PREVIOUS, previous),
        Updates.set(CURRENT, current),
        Updates.set(EXPIRE_AT, expireAt(bucket, window)));
  }

  /** A bucket's counts matter until the next bucket ends. */
  private static Date expireAt(long bucket, long window) {
    return dateAfter(dateAfter(bucket * window, window).getTime(), window);
  }

  private void remember(String key, long bucket, long previous) {
    if (knownPrevious.size() >= REMEMBERED_BUCKETS) {
      knownPrevious.clear();
    }
    knownPrevious.put(key, new long[] {bucket, previous});
  }

  @Override
  Usage usage(KeyedBatch batch, int g, long now, Document document) {
    long window = batch.item(g).windowMillis();
    long at = now;
    long previous = 0;
    long current = 0;
    if (document != null) {
      long bucket = SlidingWindowCounts.bucketOf(now, window);
      long documentBucket = longField(document, BUCKET);
      if (documentBucket >= bucket) {
        previous = longField(document, PREVIOUS);
        current = longField(document, CURRENT);
        if (documentBucket == bucket) {
          remember(batch.key(g), bucket, previous);
        }
        at = aligned(now, documentBucket, window);
      } else if (documentBucket == bucket - 1) {
        previous = longField(document, CURRENT);
      }
    }
    return new Usage(
        SlidingWindowCounts.weighted(previous, current, at, window),
        Math.max(now, SlidingWindowCounts.resetAt(previous, current, at, window)));
  }

  @Override
  void giveBack(KeyedBatch batch, int g, Object id, long now, Write write, Document taken) {
    collection()
        .updateOne(
            Filters.and(Filters.eq("_id", id), Filters.eq(BUCKET, write.mark())),
            Updates.inc(CURRENT, -batch.take(g)));
  }
}
