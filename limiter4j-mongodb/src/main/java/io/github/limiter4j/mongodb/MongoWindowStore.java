package io.github.limiter4j.mongodb;

import com.mongodb.ErrorCategory;
import com.mongodb.MongoBulkWriteException;
import com.mongodb.MongoCommandException;
import com.mongodb.MongoException;
import com.mongodb.bulk.BulkWriteError;
import com.mongodb.client.MongoCollection;
import com.mongodb.client.model.BulkWriteOptions;
import com.mongodb.client.model.Filters;
import com.mongodb.client.model.FindOneAndUpdateOptions;
import com.mongodb.client.model.ReturnDocument;
import com.mongodb.client.model.UpdateOneModel;
import com.mongodb.client.model.UpdateOptions;
import com.mongodb.client.model.WriteModel;
import io.github.limiter4j.Acquisition;
import io.github.limiter4j.AcquisitionResult;
import io.github.limiter4j.RateLimitItem;
import io.github.limiter4j.WindowStats;
import io.github.limiter4j.internal.KeyedBatch;
import io.github.limiter4j.storage.StorageException;
import io.github.limiter4j.storage.spi.WindowStore;
import java.util.ArrayList;
import java.util.Date;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import org.bson.Document;
import org.bson.conversions.Bson;

/**
 * What the MongoDB strategies share. Each key is one document, and taking from it is one
 * conditional upsert: its filter matches only if the taking fits, and when it does not match, the
 * upsert tries to insert a document with the key's id and fails with a duplicate key error, so a
 * refusal changes nothing. A request runs in rounds: the writes of every key (one {@code
 * findAndModify} for a single key, else one unordered bulk write), then one read of the documents
 * the writes did not return. A key whose write did not match is decided from the document read:
 * refused, or (another request changed it meanwhile) written again in the next round.
 */
abstract class MongoWindowStore implements WindowStore {
  private static final int MOST_ROUNDS = 16;
  private static final UpdateOptions UPSERT = new UpdateOptions().upsert(true);
  private static final FindOneAndUpdateOptions UPSERT_RETURNING_AFTER =
      new FindOneAndUpdateOptions().upsert(true).returnDocument(ReturnDocument.AFTER);

  /** The date after which MongoDB's TTL index may delete a document. */
  static final String EXPIRE_AT = "expireAt";

  final MongoStorage storage;
  private final MongoStorage.Collection collection;

  MongoWindowStore(MongoStorage storage, MongoStorage.Collection collection) {
    this.storage = storage;
    this.collection = collection;
  }

  /** A conditional upsert that takes a key's cost, and a value the strategy gets back with it. */
  record Write(Bson filter, Bson update, long mark) {}

  /** How much of a limit a document says is used at {@code now}, and when that next drops. */
  record Usage(long used, long resetAt) {}

  /**
   * Returns the write that takes group {@code g}'s cost if it fits, judged from what is known of
   * its document; null if the document shows it does not fit.
   *
   * @param id the document id of the group's key
   * @param known false before the document was read: the write is a guess
   * @param document the document read, or null if there is none (or it is not known)
   */
  abstract Write write(
      KeyedBatch batch, int g, Object id, long now, boolean known, Document document);

  /** Returns the usage {@code document} (null: none) shows for group {@code g}'s limit. */
  abstract Usage usage(KeyedBatch batch, int g, long now, Document document);

  /**
   * Gives back what group {@code g} took with {@code write}, the batch being refused.
   *
   * @param id the document id of the group's key
   * @param taken the document read after the taking, or null if it is gone
   */
  abstract void giveBack(KeyedBatch batch, int g, Object id, long now, Write write, Document taken);

  @Override
  public final AcquisitionResult acquire(List<Acquisition> acquisitions) {
    return run(KeyedBatch.of(acquisitions), true);
  }

  @Override
  public final AcquisitionResult test(List<Acquisition> acquisitions) {
    return run(KeyedBatch.of(acquisitions), false);
  }

  @Override
  public final WindowStats stats(RateLimitItem item, String key) {
    Objects.requireNonNull(item, "item");
    Objects.requireNonNull(key, "key");
    return test(List.of(new Acquisition(item, key, 0))).stats(0);
  }

  @Override
  public void clear(RateLimitItem item, String key) {
    Objects.requireNonNull(item, "item");
    Object id = MongoStorage.id(Objects.requireNonNull(key, "key"));
    storage.call("clear " + key, () -> collection().deleteOne(Filters.eq("_id", id)));
  }

  /** Returns the collection, its TTL index created on first use. */
  final MongoCollection<Document> collection() {
    return collection.get();
  }

  /** Returns the collection's name, for messages. */
  final String collectionName() {
    return collection.name();
  }

  private AcquisitionResult run(KeyedBatch batch, boolean acquiring) {
    if (batch.size() == 0) {
      return batch.result(new boolean[0], new long[0], new long[0]);
    }
    // A bound of the strategy (the moving window's document size) fails before anything is sent.
    batch.requireHeldBy(this);
    try {
      return new Run(batch, acquiring).run();
    } catch (MongoException e) {
      throw MongoStorage.failed("rate limit " + batch.key(0), e);
    }
  }

  /** One acquire or test of a batch. */
  private final class Run {
    private final KeyedBatch batch;
    private final boolean acquiring;
    private final int groups;
    private final long now;
    private final Object[] ids;
    private final Document[] documents;
    private final Write[] pending;
    private final Write[] taken;
    private final boolean[] done;

    Run(KeyedBatch batch, boolean acquiring) {
      this.batch = batch;
      this.acquiring = acquiring;
      this.groups = batch.groups();
      this.now = storage.now();
      ids = new Object[groups];
      documents = new Document[groups];
      pending = new Write[groups];
      taken = new Write[groups];
      done = new boolean[groups];
      for (int g = 0; g < groups; g++) {
        ids[g] = MongoStorage.id(batch.key(g));
        if (takes(g)) {
          pending[g] = write(batch, g, ids[g], now, false, null);
        }
      }
    }

    AcquisitionResult run() {
      try {
        return decide();
      } catch (RuntimeException e) {
        // A failure after some keys were taken: give them back if MongoDB still answers.
        try {
          giveBackAll();
        } catch (RuntimeException alsoFailed) {
          e.addSuppressed(alsoFailed);
        }
        throw e;
      }
    }

    private AcquisitionResult decide() {
      for (int round = 0; ; round++) {
        if (round == MOST_ROUNDS) {
          giveBackAll();
          throw new StorageException(
              "MongoDB storage: the documents of "
                  + batch.key(firstUndecided())
                  + " kept changing under this request ("
                  + MOST_ROUNDS
                  + " tries)");
        }
        if (round()) {
          break;
        }
      }
      boolean[] breached = new boolean[groups];
      long[] used = new long[groups];
      long[] resets = new long[groups];
      boolean allowed = true;
      for (int g = 0; g < groups; g++) {
        Usage usage = usage(batch, g, now, documents[g]);
        used[g] = usage.used();
        resets[g] = usage.resetAt();
        long amount = batch.item(g).amount();
        breached[g] =
            takes(g) ? taken[g] == null : batch.need(g) > amount - Math.min(used[g], amount);
        allowed &= !breached[g];
      }
      if (!allowed) {
        for (int g = 0; g < groups; g++) {
          if (taken[g] != null) {
            used[g] = Math.max(0, used[g] - batch.take(g));
          }
        }
        giveBackAll();
      }
      long[] remaining = new long[groups];
      for (int g = 0; g < groups; g++) {
        remaining[g] = Math.max(0, batch.item(g).amount() - used[g]);
      }
      return batch.result(breached, remaining, resets);
    }

    /** Writes what is pending, reads what is not known; returns true when every key is decided. */
    private boolean round() {
      List<Integer> writers = new ArrayList<>();
      for (int g = 0; g < groups; g++) {
        if (!done[g] && pending[g] != null) {
          writers.add(g);
        }
      }
      boolean[] known = new boolean[groups];
      if (writers.size() == 1) {
        int g = writers.get(0);
        try {
          documents[g] =
              collection()
                  .findOneAndUpdate(
                      pending[g].filter(), pending[g].update(), UPSERT_RETURNING_AFTER);
          known[g] = true;
          taken[g] = pending[g];
        } catch (MongoCommandException e) {
          if (ErrorCategory.fromErrorCode(e.getErrorCode()) != ErrorCategory.DUPLICATE_KEY) {
            throw e;
          }
        }
      } else if (!writers.isEmpty()) {
        List<WriteModel<Document>> writes = new ArrayList<>(writers.size());
        for (int g : writers) {
          writes.add(new UpdateOneModel<>(pending[g].filter(), pending[g].update(), UPSERT));
        }
        boolean[] refused = new boolean[writers.size()];
        try {
          collection().bulkWrite(writes, new BulkWriteOptions().ordered(false));
        } catch (MongoBulkWriteException e) {
          for (BulkWriteError error : e.getWriteErrors()) {
            if (error.getCategory() != ErrorCategory.DUPLICATE_KEY) {
              throw e;
            }
            refused[error.getIndex()] = true;
          }
        }
        for (int i = 0; i < refused.length; i++) {
          if (!refused[i]) {
            taken[writers.get(i)] = pending[writers.get(i)];
          }
        }
      }
      read(known);
      boolean decided = true;
      for (int g = 0; g < groups; g++) {
        if (done[g]) {
          continue;
        }
        if (pending[g] == null || taken[g] != null) {
          done[g] = true;
          continue;
        }
        pending[g] = write(batch, g, ids[g], now, true, documents[g]);
        done[g] = pending[g] == null;
        decided &= done[g];
      }
      return decided;
    }

    /** Reads, in one query, the documents of every undecided key not known yet. */
    private void read(boolean[] known) {
      List<Object> wanted = new ArrayList<>();
      for (int g = 0; g < groups; g++) {
        if (!done[g] && !known[g]) {
          wanted.add(ids[g]);
        }
      }
      if (wanted.isEmpty()) {
        return;
      }
      Map<Object, Document> found = new HashMap<>();
      Bson filter =
          wanted.size() == 1 ? Filters.eq("_id", wanted.get(0)) : Filters.in("_id", wanted);
      for (Document document : collection().find(filter)) {
        found.put(document.get("_id"), document);
      }
      for (int g = 0; g < groups; g++) {
        if (!done[g] && !known[g]) {
          documents[g] = found.get(ids[g]);
        }
      }
    }

    private void giveBackAll() {
      for (int g = 0; g < groups; g++) {
        if (taken[g] != null) {
          giveBack(batch, g, ids[g], now, taken[g], documents[g]);
          taken[g] = null;
        }
      }
    }

    private int firstUndecided() {
      for (int g = 0; g < groups; g++) {
        if (!done[g]) {
          return g;
        }
      }
      return 0;
    }

    /** True if an acquire takes from this group: something to take, and it could ever fit. */
    private boolean takes(int g) {
      return acquiring && batch.take(g) > 0 && batch.need(g) <= batch.item(g).amount();
    }
  }

  /** Returns a document's whole-number field, failing clearly if it holds something else. */
  final long longField(Document document, String field) {
    Object value = document.get(field);
    if (value instanceof Long || value instanceof Integer) {
      return ((Number) value).longValue();
    }
    throw foreign(document, field + " is " + describe(value) + ", not a whole number");
  }

  /**
   * Returns a document's date field in milliseconds, failing clearly if it holds something else.
   */
  final long dateField(Document document, String field) {
    Object value = document.get(field);
    if (value instanceof Date) {
      return ((Date) value).getTime();
    }
    throw foreign(document, field + " is " + describe(value) + ", not a date");
  }

  final StorageException foreign(Document document, String problem) {
    return new StorageException(
        "MongoDB document "
            + document.get("_id")
            + " in collection "
            + collectionName()
            + " does not hold a limit of this strategy: "
            + problem);
  }

  private static String describe(Object value) {
    return value == null ? "missing" : value.getClass().getSimpleName() + " " + value;
  }

  /** Returns {@code now + millis}, saturated, as a BSON date. */
  static Date dateAfter(long now, long millis) {
    long sum = now + millis;
    return new Date(sum < now ? Long.MAX_VALUE : sum);
  }
}
