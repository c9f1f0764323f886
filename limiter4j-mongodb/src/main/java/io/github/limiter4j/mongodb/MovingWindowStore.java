package io.github.limiter4j.mongodb;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.PushOptions;
import com.mongodb.client.model.Updates;
import io.github.limiter4j.RateLimitItem;
import io.github.limiter4j.internal.KeyedBatch;
import io.github.limiter4j.storage.StorageException;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.locks.LockSupport;
import org.bson.Document;

/**
 * The moving window in MongoDB, laid out as {@code limits} does: one document per key, {@code {_id:
 * key, entries, expireAt}}, where {@code entries} holds the time of every unit taken, newest first,
 * at most the amount of them.
 *
 * <p>A hit of cost {@code c} on a limit of amount {@code n} fits if fewer than {@code n - c + 1}
 * entries are in the window, which is what the entry at position {@code n - c} says: missing or
 * older than the window. The filter checks it and the update pushes {@code c} entries (kept sorted,
 * so that clocks of several instances a little apart cannot break the order), trimming the array to
 * {@code n}: one atomic update. Every unit is an array element, so amounts are limited to {@value
 * #MAXIMUM_AMOUNT} (documents hold at most 16 MB).
 */
final class MovingWindowStore extends MongoWindowStore {
  /** The largest amount of a moving window limit: its entries must fit in one document. */
  static final long MAXIMUM_AMOUNT = 100_000;

  static final String ENTRIES = "entries";

  private static final int MOST_ATTEMPTS = 1_000;

  MovingWindowStore(MongoStorage storage, MongoStorage.Collection collection) {
    super(storage, collection);
  }

  @Override
  public Optional<String> cannotHold(RateLimitItem item, long cost) {
    if (item.amount() <= MAXIMUM_AMOUNT) {
      return Optional.empty();
    }
    return Optional.of(
        "the moving window on MongoDB keeps every hit in one document and takes amounts up to "
            + MAXIMUM_AMOUNT
            + ", not "
            + item
            + "; use the sliding window counter, or Redis");
  }

  @Override
  Write write(KeyedBatch batch, int g, Object id, long now, boolean known, Document document) {
    long amount = batch.item(g).amount();
    long need = batch.need(g);
    long window = batch.item(g).windowMillis();
    if (known && usage(batch, g, now, document).used() > amount - need) {
      return null;
    }
    return new Write(
        Filters.and(
            Filters.eq("_id", id),
            Filters.not(Filters.gte(ENTRIES + "." + (amount - need), now - window))),
        Updates.combine(
            Updates.pushEach(
                ENTRIES,
                Collections.nCopies((int) batch.take(g), now),
                new PushOptions().sort(-1).slice((int) amount)),
            Updates.max(EXPIRE_AT, dateAfter(now, window))),
        now);
  }

  @Override
  Usage usage(KeyedBatch batch, int g, long now, Document document) {
    long window = batch.item(g).windowMillis();
    long windowStart = now - window;
    long used = 0;
    long oldest = Long.MAX_VALUE;
    if (document != null) {
      for (long time : entries(document)) {
        if (time >= windowStart) {
          used++;
          oldest = Math.min(oldest, time);
        }
      }
    }
    // Without a hit inside the window: a whole window from now, as limits reports it.
    long resetFrom = used == 0 ? now : oldest;
    return new Usage(used, Math.max(now, dateAfter(resetFrom, window).getTime()));
  }

  /** Takes back {@code write}'s entries, compare-and-set on the whole array until it holds. */
  @Override
  void giveBack(KeyedBatch batch, int g, Object id, long now, Write write, Document taken) {
    for (int attempt = 1; attempt <= MOST_ATTEMPTS; attempt++) {
      Document document = collection().find(Filters.eq("_id", id)).first();
      if (document == null) {
        return;
      }
      List<Long> entries = entries(document);
      List<Long> kept = new ArrayList<>(entries);
      long toRemove = batch.take(g);
      for (int i = 0; i < kept.size() && toRemove > 0; ) {
        if (kept.get(i) == write.mark()) {
          kept.remove(i);
          toRemove--;
        } else {
          i++;
        }
      }
      long matched =
          collection()
              .updateOne(
                  Filters.and(Filters.eq("_id", id), Filters.eq(ENTRIES, entries)),
                  Updates.set(ENTRIES, kept))
              .getMatchedCount();
      if (matched == 1) {
        return;
      }
      // Others are writing the same key: step aside for a random while, longer as it goes on.
      LockSupport.parkNanos(ThreadLocalRandom.current().nextLong(Math.min(attempt, 100) * 20_000L));
    }
    throw new StorageException(
        "MongoDB storage: could not give back hits of "
            + batch.key(g)
            + " after "
            + MOST_ATTEMPTS
            + " tries");
  }

  private List<Long> entries(Document document) {
    Object value = document.get(ENTRIES);
    if (!(value instanceof List)) {
      throw foreign(document, ENTRIES + " is not an array");
    }
    List<?> list = (List<?>) value;
    List<Long> entries = new ArrayList<>(list.size());
    for (Object entry : list) {
      if (!(entry instanceof Long)) {
        throw foreign(document, ENTRIES + " holds " + entry + ", not a time in milliseconds");
      }
      entries.add((Long) entry);
    }
    return entries;
  }
}
