package io.github.limiter4j.memcached;

import io.github.limiter4j.AcquisitionResult;
import io.github.limiter4j.RateLimitItem;
import io.github.limiter4j.internal.KeyedBatch;
import io.github.limiter4j.internal.SlidingWindowCounts;
import io.github.limiter4j.storage.StorageException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The sliding window counter in memcached, laid out as {@code limits} does: one counter per bucket,
 * {@code KEY/<bucket index>}, where bucket {@code i} covers {@code [i * window, (i + 1) * window)}.
 * A request reads the previous bucket and increments the current one (created on a miss) in one
 * round trip, then, if a limit does not fit, gives its increments back in a second. It also reads
 * the next bucket and counts it as current: hits written there came from a clock ahead of this one
 * (another instance's, or this one's before it stepped back), and ignoring them would admit them
 * twice.
 *
 * <p>The current bucket of a limit above {@link #LARGEST_OPTIMISTIC_AMOUNT} is read instead, with
 * its CAS token; once the batch fits it is incremented in a second round trip if unchanged (added
 * if still missing), and if one changed the attempt gives back what it took and starts again.
 */
final class SlidingWindowStore extends MemcachedWindowStore {
  SlidingWindowStore(MemcachedStorage storage) {
    super(storage);
  }

  @Override
  public void clear(RateLimitItem item, String key) {
    Objects.requireNonNull(key, "key");
    long bucket = SlidingWindowCounts.bucketOf(storage.now(), item.windowMillis());
    storage.execute(
        List.of(
            MetaCommand.delete(storage.key(key + "/" + (bucket + 1))),
            MetaCommand.delete(storage.key(key + "/" + bucket)),
            MetaCommand.delete(storage.key(key + "/" + (bucket - 1)))));
  }

  @Override
  AcquisitionResult run(KeyedBatch batch, boolean acquiring) {
    for (int attempt = 1; ; attempt++) {
      AcquisitionResult result = attempt(batch, acquiring);
      if (result != null) {
        return result;
      }
      if (attempt == MOST_ATTEMPTS) {
        throw new StorageException(
            "memcached storage: "
                + MOST_ATTEMPTS
                + " compare-and-sets of a sliding window counter lost a race");
      }
      stepAside(attempt);
    }
  }

  /**
   * Returns the outcome, or null if a compare-and-set of a limit above {@link
   * #LARGEST_OPTIMISTIC_AMOUNT} lost a race: everything the attempt took is given back, and the
   * batch must start again.
   */
  private AcquisitionResult attempt(KeyedBatch batch, boolean acquiring) {
    int groups = batch.groups();
    long now = storage.now();
    String[] currentKeys = new String[groups];
    boolean[] takes = new boolean[groups];
    // Per group taking: increments now and gives back if refused (optimistic), or reads now and
    // increments only once the batch fits, if unchanged (checked).
    boolean[] optimistic = new boolean[groups];
    long[] exptimes = new long[groups];
    List<MetaCommand> commands = new ArrayList<>(3 * groups);
    for (int g = 0; g < groups; g++) {
      RateLimitItem item = batch.item(g);
      long window = item.windowMillis();
      long bucket = SlidingWindowCounts.bucketOf(now, window);
      currentKeys[g] = storage.key(batch.key(g) + "/" + bucket);
      takes[g] = acquiring && batch.take(g) > 0 && batch.need(g) <= item.amount();
      optimistic[g] = takes[g] && !comparesAndSets(item);
      // The bucket is read as "previous" until the next one ends.
      exptimes[g] =
          MemcachedStorage.exptime(SlidingWindowCounts.untilBucketEnd(now, window) + window);
      commands.add(MetaCommand.get(storage.key(batch.key(g) + "/" + (bucket - 1)), false));
      if (optimistic[g]) {
        commands.add(MetaCommand.increment(currentKeys[g], batch.take(g), exptimes[g]));
      } else {
        commands.add(MetaCommand.get(currentKeys[g], takes[g]));
      }
      commands.add(MetaCommand.get(storage.key(batch.key(g) + "/" + (bucket + 1)), false));
    }
    List<MetaResponse> responses = storage.execute(commands);
    long[] previous = new long[groups];
    long[] current = new long[groups];
    boolean[] breached = new boolean[groups];
    boolean allowed = true;
    for (int g = 0; g < groups; g++) {
      MetaResponse counted = responses.get(3 * g + 1);
      if (optimistic[g] && counted.status() != MetaResponse.Status.VA) {
        throw MemcachedStorage.unexpected("an increment", currentKeys[g], counted);
      }
      previous[g] = saturated(responses.get(3 * g).count());
      long count = counted.count();
      long ahead = saturated(responses.get(3 * g + 2).count());
      current[g] = saturatedAdd(saturated(optimistic[g] ? count - batch.take(g) : count), ahead);
      RateLimitItem item = batch.item(g);
      long weighted =
          SlidingWindowCounts.weighted(previous[g], current[g], now, item.windowMillis());
      breached[g] = batch.need(g) > item.amount() - Math.min(weighted, item.amount());
      allowed &= !breached[g];
    }
    if (allowed) {
      if (!takeChecked(batch, takes, optimistic, exptimes, currentKeys, responses)) {
        return null;
      }
      for (int g = 0; g < groups; g++) {
        if (takes[g]) {
          current[g] = saturatedAdd(current[g], batch.take(g));
        }
      }
    } else {
      giveBack(batch, optimistic, currentKeys);
    }
    long[] remaining = new long[groups];
    long[] resets = new long[groups];
    for (int g = 0; g < groups; g++) {
      RateLimitItem item = batch.item(g);
      long window = item.windowMillis();
      long weighted = SlidingWindowCounts.weighted(previous[g], current[g], now, window);
      remaining[g] = Math.max(0, item.amount() - weighted);
      resets[g] = SlidingWindowCounts.resetAt(previous[g], current[g], now, window);
    }
    return batch.result(breached, remaining, resets);
  }

  /**
   * Takes the checked groups of a batch that fits, each if its counter is unchanged since read (or
   * still missing). Returns false, having given back everything the attempt took, if one changed.
   */
  private boolean takeChecked(
      KeyedBatch batch,
      boolean[] takes,
      boolean[] optimistic,
      long[] exptimes,
      String[] currentKeys,
      List<MetaResponse> responses) {
    int groups = batch.groups();
    boolean[] checked = new boolean[groups];
    List<MetaCommand> writes = new ArrayList<>();
    for (int g = 0; g < groups; g++) {
      if (takes[g] && !optimistic[g]) {
        checked[g] = true;
        MetaResponse read = responses.get(3 * g + 1);
        writes.add(
            read.status() == MetaResponse.Status.VA
                ? MetaCommand.incrementIfUnchanged(currentKeys[g], batch.take(g), read.cas())
                : MetaCommand.add(
                    currentKeys[g],
                    Long.toString(batch.take(g)).getBytes(StandardCharsets.US_ASCII),
                    exptimes[g]));
      }
    }
    List<MetaResponse> written = storage.execute(writes);
    boolean lost = false;
    for (MetaResponse response : written) {
      lost |= !response.ok();
    }
    if (!lost) {
      return true;
    }
    // Give back the optimistic increments and the checked ones that were written.
    boolean[] took = optimistic.clone();
    for (int g = 0, w = 0; g < groups; g++) {
      if (checked[g]) {
        took[g] = written.get(w++).ok();
      }
    }
    giveBack(batch, took, currentKeys);
    return false;
  }

  private void giveBack(KeyedBatch batch, boolean[] took, String[] currentKeys) {
    List<MetaCommand> undos = new ArrayList<>();
    for (int g = 0; g < batch.groups(); g++) {
      if (took[g]) {
        undos.add(MetaCommand.decrement(currentKeys[g], batch.take(g)));
      }
    }
    if (!undos.isEmpty()) {
      storage.execute(undos);
    }
  }

  /** A count read as unsigned, capped at the largest long. */
  private static long saturated(long unsigned) {
    return unsigned < 0 ? Long.MAX_VALUE : unsigned;
  }
}
