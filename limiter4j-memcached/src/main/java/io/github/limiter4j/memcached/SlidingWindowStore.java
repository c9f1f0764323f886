package io.github.limiter4j.memcached;

import io.github.limiter4j.AcquisitionResult;
import io.github.limiter4j.RateLimitItem;
import io.github.limiter4j.storage.KeyedBatch;
import io.github.limiter4j.storage.SlidingWindowCounts;
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
    int groups = batch.groups();
    long now = storage.now();
    String[] currentKeys = new String[groups];
    boolean[] takes = new boolean[groups];
    List<MetaCommand> commands = new ArrayList<>(3 * groups);
    for (int g = 0; g < groups; g++) {
      RateLimitItem item = batch.item(g);
      long window = item.windowMillis();
      long bucket = SlidingWindowCounts.bucketOf(now, window);
      currentKeys[g] = storage.key(batch.key(g) + "/" + bucket);
      takes[g] = acquiring && batch.take(g) > 0 && batch.need(g) <= item.amount();
      commands.add(MetaCommand.get(storage.key(batch.key(g) + "/" + (bucket - 1)), false));
      if (takes[g]) {
        // The bucket is read as "previous" until the next one ends.
        long needed = SlidingWindowCounts.untilBucketEnd(now, window) + window;
        commands.add(
            MetaCommand.increment(currentKeys[g], batch.take(g), MemcachedStorage.exptime(needed)));
      } else {
        commands.add(MetaCommand.get(currentKeys[g], false));
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
      if (takes[g] && counted.status() != MetaResponse.Status.VA) {
        throw MemcachedStorage.unexpected("an increment", currentKeys[g], counted);
      }
      previous[g] = saturated(responses.get(3 * g).count());
      long count = counted.count();
      long ahead = saturated(responses.get(3 * g + 2).count());
      current[g] = saturatedAdd(saturated(takes[g] ? count - batch.take(g) : count), ahead);
      RateLimitItem item = batch.item(g);
      long weighted =
          SlidingWindowCounts.weighted(previous[g], current[g], now, item.windowMillis());
      breached[g] = batch.need(g) > item.amount() - Math.min(weighted, item.amount());
      allowed &= !breached[g];
    }
    if (allowed) {
      for (int g = 0; g < groups; g++) {
        if (takes[g]) {
          current[g] = saturatedAdd(current[g], batch.take(g));
        }
      }
    } else {
      List<MetaCommand> undos = new ArrayList<>();
      for (int g = 0; g < groups; g++) {
        if (takes[g]) {
          undos.add(MetaCommand.decrement(currentKeys[g], batch.take(g)));
        }
      }
      if (!undos.isEmpty()) {
        storage.execute(undos);
      }
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

  /** A count read as unsigned, capped at the largest long. */
  private static long saturated(long unsigned) {
    return unsigned < 0 ? Long.MAX_VALUE : unsigned;
  }
}
