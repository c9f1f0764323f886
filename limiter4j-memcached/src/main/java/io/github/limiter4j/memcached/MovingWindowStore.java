package io.github.limiter4j.memcached;

import io.github.limiter4j.AcquisitionResult;
import io.github.limiter4j.RateLimitItem;
import io.github.limiter4j.internal.KeyedBatch;
import io.github.limiter4j.storage.StorageException;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * The moving window in memcached, exact: {@code KEY} holds the key's {@link HitLog}, read with its
 * CAS token and written back only if nobody wrote it in between. A request reads its keys in one
 * round trip and, if everything fits, writes them in a second; a write that lost a race gives back
 * the batch's other writes and the request starts again. ({@code limits} offers no moving window on
 * memcached: without compare-and-set it could not be exact.)
 *
 * <p>Every hit in the window is logged (hits of one millisecond share an entry), and memcached
 * items hold at most 1 MB, so amounts are limited to {@value #MAXIMUM_AMOUNT}.
 */
final class MovingWindowStore extends MemcachedWindowStore {
  /** The largest amount of a moving window limit: its log must fit in one memcached item. */
  static final long MAXIMUM_AMOUNT = 100_000;

  MovingWindowStore(MemcachedStorage storage) {
    super(storage);
  }

  @Override
  public void clear(RateLimitItem item, String key) {
    Objects.requireNonNull(item, "item");
    storage.execute(List.of(MetaCommand.delete(storage.key(Objects.requireNonNull(key, "key")))));
  }

  @Override
  public Optional<String> cannotHold(RateLimitItem item, long cost) {
    if (item.amount() <= MAXIMUM_AMOUNT) {
      return Optional.empty();
    }
    return Optional.of(
        "the moving window on memcached logs every hit in one item and takes amounts up to "
            + MAXIMUM_AMOUNT
            + ", not "
            + item
            + "; use the sliding window counter, or Redis");
  }

  @Override
  AcquisitionResult run(KeyedBatch batch, boolean acquiring) {
    batch.requireHeldBy(this);
    int groups = batch.groups();
    String[] keys = new String[groups];
    for (int g = 0; g < groups; g++) {
      keys[g] = storage.key(batch.key(g));
    }
    for (int attempt = 1; ; attempt++) {
      AcquisitionResult result = attempt(batch, keys, acquiring);
      if (result != null) {
        return result;
      }
      if (attempt == MOST_ATTEMPTS) {
        throw new StorageException(
            "memcached storage: " + MOST_ATTEMPTS + " writes of a moving window lost a race");
      }
      stepAside(attempt);
    }
  }

  /** Returns the outcome, or null if a write lost a race and the batch must start again. */
  private AcquisitionResult attempt(KeyedBatch batch, String[] keys, boolean acquiring) {
    int groups = batch.groups();
    long now = storage.now();
    List<MetaCommand> reads = new ArrayList<>(groups);
    for (int g = 0; g < groups; g++) {
      reads.add(MetaCommand.get(keys[g], true));
    }
    List<MetaResponse> found = storage.execute(reads);
    HitLog[] logs = new HitLog[groups];
    long[] used = new long[groups];
    boolean[] breached = new boolean[groups];
    boolean allowed = true;
    for (int g = 0; g < groups; g++) {
      RateLimitItem item = batch.item(g);
      logs[g] = decode(found.get(g), keys[g]);
      logs[g].dropBefore(now - item.windowMillis());
      used[g] = logs[g].total();
      breached[g] = batch.need(g) > item.amount() - Math.min(used[g], item.amount());
      allowed &= !breached[g];
    }
    if (acquiring && allowed) {
      List<MetaCommand> writes = new ArrayList<>();
      int[] writer = new int[groups];
      for (int g = 0; g < groups; g++) {
        writer[g] = -1;
        long take = batch.take(g);
        if (take > 0) {
          logs[g].add(now, take);
          used[g] += take;
          byte[] value = logs[g].encode();
          long exptime = MemcachedStorage.exptime(batch.item(g).windowMillis());
          MetaResponse read = found.get(g);
          writer[g] = writes.size();
          writes.add(
              read.status() == MetaResponse.Status.VA
                  ? MetaCommand.replace(keys[g], value, exptime, read.cas())
                  : MetaCommand.add(keys[g], value, exptime));
        }
      }
      List<MetaResponse> written = storage.execute(writes);
      boolean lost = false;
      for (MetaResponse response : written) {
        lost |= !response.ok();
      }
      if (lost) {
        for (int g = 0; g < groups; g++) {
          if (writer[g] >= 0 && written.get(writer[g]).ok()) {
            giveBack(keys[g], now, batch.take(g), batch.item(g).windowMillis());
          }
        }
        return null;
      }
    }
    long[] remaining = new long[groups];
    long[] resets = new long[groups];
    for (int g = 0; g < groups; g++) {
      RateLimitItem item = batch.item(g);
      remaining[g] = Math.max(0, item.amount() - used[g]);
      // Without a hit inside the window: a whole window from now, as limits reports it.
      resets[g] =
          logs[g].pairs() == 0
              ? saturatedAdd(now, item.windowMillis())
              : Math.max(now, saturatedAdd(logs[g].oldest(), item.windowMillis()));
    }
    return batch.result(breached, remaining, resets);
  }

  /** Takes back hits written at {@code time}, compare-and-set until it holds. */
  private void giveBack(String key, long time, long count, long window) {
    for (int attempt = 1; attempt <= MOST_ATTEMPTS; attempt++) {
      MetaResponse read = storage.execute(List.of(MetaCommand.get(key, true))).get(0);
      if (read.status() != MetaResponse.Status.VA) {
        return;
      }
      HitLog log = decode(read, key);
      log.remove(time, count);
      MetaResponse written =
          storage
              .execute(
                  List.of(
                      MetaCommand.replace(
                          key, log.encode(), MemcachedStorage.exptime(window), read.cas())))
              .get(0);
      if (written.ok() || written.status() == MetaResponse.Status.NF) {
        return;
      }
    }
    throw new StorageException(
        "memcached storage: could not give back hits of "
            + key
            + " after "
            + MOST_ATTEMPTS
            + " tries");
  }

  private static HitLog decode(MetaResponse response, String key) {
    if (response.status() != MetaResponse.Status.VA) {
      return HitLog.empty();
    }
    try {
      return HitLog.decode(response.value());
    } catch (IllegalArgumentException e) {
      throw new StorageException(
          "memcached key " + key + " does not hold a moving window: " + e.getMessage(), e);
    }
  }
}
