package io.github.limiter4j.mongodb;

import com.mongodb.client.model.Filters;
import com.mongodb.client.model.Updates;
import com.mongodb.client.result.DeleteResult;
import io.github.limiter4j.internal.KeyedBatch;
import java.util.Date;
import org.bson.Document;

/**
 * The fixed window in MongoDB, laid out as {@code limits} does: one document per key, {@code {_id:
 * key, count, expireAt}}, where {@code expireAt} is the last millisecond of the window.
 *
 * <ul>
 *   <li>A hit increments the count if the window is current and the cost fits; on a key without a
 *       document the same upsert creates it with the window starting now.
 *   <li>Over an ended window, a hit starts a new one by replacing the count and end, conditional on
 *       the window still being ended, so of two requests starting it, one wins and the other
 *       increments the new window.
 * </ul>
 */
final class FixedWindowStore extends MongoWindowStore {
  static final String COUNT = "count";

  FixedWindowStore(MongoStorage storage, MongoStorage.Collection collection) {
    super(storage, collection);
  }

  @Override
  Write write(KeyedBatch batch, int g, Object id, long now, boolean known, Document document) {
    long amount = batch.item(g).amount();
    long need = batch.need(g);
    if (known && document != null) {
      long end = dateField(document, EXPIRE_AT);
      if (end < now) {
        // The window starts now and covers [now, now + length], its last millisecond included.
        return new Write(
            Filters.and(Filters.eq("_id", id), Filters.lt(EXPIRE_AT, new Date(now))),
            Updates.combine(
                Updates.set(COUNT, batch.take(g)),
                Updates.set(EXPIRE_AT, dateAfter(now, batch.item(g).windowMillis()))),
            0);
      }
      if (longField(document, COUNT) > amount - need) {
        return null;
      }
    }
    return new Write(
        Filters.and(
            Filters.eq("_id", id),
            Filters.gte(EXPIRE_AT, new Date(now)),
            Filters.lte(COUNT, amount - need)),
        Updates.combine(
            Updates.inc(COUNT, batch.take(g)),
            Updates.setOnInsert(EXPIRE_AT, dateAfter(now, batch.item(g).windowMillis()))),
        0);
  }

  @Override
  Usage usage(KeyedBatch batch, int g, long now, Document document) {
    if (document == null) {
      return new Usage(0, now);
    }
    long end = dateField(document, EXPIRE_AT);
    return end < now ? new Usage(0, now) : new Usage(longField(document, COUNT), end);
  }

  @Override
  void giveBack(KeyedBatch batch, int g, Object id, long now, Write write, Document taken) {
    if (taken == null) {
      return;
    }
    Date startedEnd = dateAfter(now, batch.item(g).windowMillis());
    if (startedEnd.equals(taken.get(EXPIRE_AT)) && longField(taken, COUNT) == batch.take(g)) {
      // A window this batch started, no one else counted in since: remove it, so that the key is
      // as it was (no document, or an ended window, which reads the same).
      DeleteResult deleted =
          collection()
              .deleteOne(
                  Filters.and(
                      Filters.eq("_id", id),
                      Filters.eq(EXPIRE_AT, startedEnd),
                      Filters.eq(COUNT, batch.take(g))));
      if (deleted.getDeletedCount() == 1) {
        return;
      }
    }
    // Only to the window the batch took from: the document read after the taking may show a newer
    // window (ending after now + length), which owes nothing.
    collection()
        .updateOne(
            Filters.and(
                Filters.eq("_id", id),
                Filters.eq(EXPIRE_AT, taken.get(EXPIRE_AT)),
                Filters.lte(EXPIRE_AT, dateAfter(now, batch.item(g).windowMillis())),
                Filters.gte(COUNT, batch.take(g))),
            Updates.inc(COUNT, -batch.take(g)));
  }
}
