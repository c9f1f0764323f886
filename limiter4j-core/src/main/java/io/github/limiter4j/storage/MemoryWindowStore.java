package io.github.limiter4j.storage;

import io.github.limiter4j.Acquisition;
import io.github.limiter4j.AcquisitionResult;
import io.github.limiter4j.RateLimitItem;
import io.github.limiter4j.WindowStats;
import io.github.limiter4j.internal.KeyedBatch;
import io.github.limiter4j.storage.spi.WindowStore;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;

/**
 * One strategy's keys in a {@link MemoryStorage}: a concurrent map of entries, each of which guards
 * itself (lock-free for the fixed window and sliding window counter, a per-key monitor for the
 * moving window). No lock spans keys.
 *
 * <p>A batch is decided before anything is written: if a limit does not fit, the batch is refused
 * and no key changes (no window starts, no entry is created). A batch that fits is then taken limit
 * by limit; if a concurrent request took first and one no longer fits, the batch gives back what it
 * took, window included where no one else counted in it since. So no limit ever admits more than
 * its amount; while such a batch is being undone, a concurrent request may see its takings and be
 * refused by a limit that the batch then gives back.
 */
final class MemoryWindowStore implements WindowStore {
  private static final int EVICTION_SAMPLE = 8;

  private final MemoryStorage storage;
  private final Function<RateLimitItem, MemoryEntry> newEntry;
  private final MemoryEntry.ResetWithoutHits resetWithoutHits;
  private final ConcurrentHashMap<String, MemoryEntry> entries = new ConcurrentHashMap<>();
  // A clock hand over the map for eviction; guarded by the storage's eviction lock.
  private Iterator<Map.Entry<String, MemoryEntry>> hand;

  MemoryWindowStore(
      MemoryStorage storage,
      Function<RateLimitItem, MemoryEntry> newEntry,
      MemoryEntry.ResetWithoutHits resetWithoutHits) {
    this.storage = storage;
    this.newEntry = newEntry;
    this.resetWithoutHits = resetWithoutHits;
  }

  @Override
  public boolean hit(RateLimitItem item, String key, long cost) {
    Objects.requireNonNull(item, "item");
    Objects.requireNonNull(key, "key");
    checkCost(cost);
    if (cost > item.amount()) {
      return false;
    }
    if (cost == 0) {
      return true;
    }
    long now = storage.now();
    while (true) {
      MemoryEntry entry = entryFor(key, item);
      Object outcome = entry.hit(cost, now);
      if (outcome != MemoryEntry.REMOVED) {
        return outcome == MemoryEntry.TAKEN;
      }
      entries.remove(key, entry);
    }
  }

  @Override
  public boolean test(RateLimitItem item, String key, long cost) {
    Objects.requireNonNull(item, "item");
    Objects.requireNonNull(key, "key");
    checkCost(cost);
    if (cost > item.amount()) {
      return false;
    }
    MemoryEntry entry = entries.get(key);
    return entry == null || cost <= entry.available(storage.now());
  }

  @Override
  public WindowStats stats(RateLimitItem item, String key) {
    Objects.requireNonNull(item, "item");
    Objects.requireNonNull(key, "key");
    MemoryEntry entry = entries.get(key);
    long now = storage.now();
    if (entry == null) {
      return new WindowStats(item.amount(), resetWithoutHits.at(item, now));
    }
    return new WindowStats(entry.remaining(now), entry.resetAt(now));
  }

  @Override
  public void clear(RateLimitItem item, String key) {
    Objects.requireNonNull(item, "item");
    Objects.requireNonNull(key, "key");
    MemoryEntry entry = entries.get(key);
    if (entry != null) {
      entry.seal();
      entries.remove(key, entry);
    }
  }

  @Override
  public AcquisitionResult acquire(List<Acquisition> acquisitions) {
    return new Batch(acquisitions).acquire();
  }

  @Override
  public AcquisitionResult test(List<Acquisition> acquisitions) {
    return new Batch(acquisitions).test();
  }

  long size() {
    return entries.mappingCount();
  }

  /** Drops every entry that holds nothing at {@code now}; returns how many. */
  long removeExpired(long now) {
    long removed = 0;
    for (Map.Entry<String, MemoryEntry> mapping : entries.entrySet()) {
      MemoryEntry entry = mapping.getValue();
      if (entry.sealIfExpired(now)) {
        entries.remove(mapping.getKey(), entry);
        removed++;
      }
    }
    return removed;
  }

  /** Drops every entry; returns how many. */
  long removeAll() {
    long removed = 0;
    for (Map.Entry<String, MemoryEntry> mapping : entries.entrySet()) {
      MemoryEntry entry = mapping.getValue();
      if (entry.seal()) {
        removed++;
      }
      entries.remove(mapping.getKey(), entry);
    }
    return removed;
  }

  /**
   * Drops one entry to make room. Of a sample taken at the clock hand it drops the one whose loss
   * lets the fewest requests through early: one that would still admit a hit before one at its
   * limit (which refuses requests, what a limit is for), then the one holding the fewest hits (an
   * expired one holds none), then the one whose window frees up first. Called with the storage's
   * eviction lock held.
   */
  boolean evictOne(long now) {
    String victimKey = null;
    MemoryEntry victim = null;
    boolean victimFull = true;
    long victimHeld = Long.MAX_VALUE;
    long victimReclaimable = Long.MAX_VALUE;
    for (int sampled = 0; sampled < EVICTION_SAMPLE; sampled++) {
      if (hand == null || !hand.hasNext()) {
        hand = entries.entrySet().iterator();
        if (!hand.hasNext()) {
          break;
        }
      }
      Map.Entry<String, MemoryEntry> mapping = hand.next();
      MemoryEntry entry = mapping.getValue();
      long available = entry.available(now);
      boolean full = available <= 0;
      // The hits it holds are what forgetting it would let its client take again at once.
      long held = entry.item.amount() - available;
      long reclaimable = entry.reclaimableAfter();
      boolean better =
          victim == null
              || (victimFull && !full)
              || (full == victimFull
                  && (held < victimHeld
                      || (held == victimHeld && reclaimable < victimReclaimable)));
      if (better) {
        victimKey = mapping.getKey();
        victim = entry;
        victimFull = full;
        victimHeld = held;
        victimReclaimable = reclaimable;
      }
    }
    if (victim == null) {
      return false;
    }
    boolean sealed = victim.seal();
    return entries.remove(victimKey, victim) && sealed;
  }

  private MemoryEntry entryFor(String key, RateLimitItem item) {
    MemoryEntry entry = entries.get(key);
    if (entry != null) {
      return entry;
    }
    storage.makeRoom(this);
    MemoryEntry created = newEntry.apply(item);
    MemoryEntry raced = entries.putIfAbsent(key, created);
    return raced != null ? raced : created;
  }

  private static void checkCost(long cost) {
    if (cost < 0) {
      throw new IllegalArgumentException("cost must be 0 or more but was " + cost);
    }
  }

  /** One all-or-nothing acquisition (or test) of several limits. */
  private final class Batch {
    // Acquisitions grouped by key: one group per distinct key, with what it takes and what it
    // must fit in all (taken plus tested).
    private final KeyedBatch plan;
    private final int groups;

    Batch(List<Acquisition> acquisitions) {
      plan = KeyedBatch.of(acquisitions);
      groups = plan.groups();
    }

    AcquisitionResult acquire() {
      long now = storage.now();
      // Decide first: a batch refused now writes nothing, so every key stays exactly as it was.
      // (A single key needs no first look: a take that does not fit writes nothing.)
      if (groups > 1) {
        boolean[] refusedNow = breaches(now);
        for (boolean breached : refusedNow) {
          if (breached) {
            return result(now, refusedNow, new MemoryEntry[groups]);
          }
        }
      }
      // A concurrent request may still take first, hence receipts to undo.
      MemoryEntry[] taken = new MemoryEntry[groups];
      Object[] receipts = new Object[groups];
      int refused = -1;
      for (int g = 0; g < groups && refused < 0; g++) {
        if (plan.need(g) > plan.item(g).amount()) {
          refused = g;
          break;
        }
        if (plan.take(g) == 0) {
          if (plan.need(g) > 0 && !fits(g, plan.need(g), now)) {
            refused = g;
          }
          continue;
        }
        while (true) {
          MemoryEntry entry = entryFor(plan.key(g), plan.item(g));
          Object receipt = entry.take(plan.take(g), now);
          if (receipt == MemoryEntry.REMOVED) {
            entries.remove(plan.key(g), entry);
            continue;
          }
          if (receipt == MemoryEntry.REFUSED) {
            refused = g;
          } else {
            taken[g] = entry;
            receipts[g] = receipt;
            // What is only tested must still fit after the taking.
            if (plan.need(g) > plan.take(g) && entry.available(now) < plan.need(g) - plan.take(g)) {
              refused = g;
            }
          }
          break;
        }
      }
      if (refused < 0) {
        return result(now, new boolean[groups], taken);
      }
      for (int g = 0; g < groups; g++) {
        if (taken[g] != null) {
          taken[g].undo(receipts[g], plan.take(g));
        }
      }
      boolean[] breached = breaches(now);
      breached[refused] = true;
      return result(now, breached, taken);
    }

    AcquisitionResult test() {
      long now = storage.now();
      return result(now, breaches(now), new MemoryEntry[groups]);
    }

    /** Which limits could not take their cost now, each judged alone. */
    private boolean[] breaches(long now) {
      boolean[] breached = new boolean[groups];
      for (int g = 0; g < groups; g++) {
        breached[g] = !fits(g, plan.need(g), now);
      }
      return breached;
    }

    private boolean fits(int group, long need, long now) {
      MemoryEntry entry = entries.get(plan.key(group));
      long available = entry == null ? plan.item(group).amount() : entry.available(now);
      return need <= available;
    }

    /** The result; {@code known} holds the entries the batch already has, by group. */
    private AcquisitionResult result(long now, boolean[] breached, MemoryEntry[] known) {
      long[] remaining = new long[groups];
      long[] resets = new long[groups];
      for (int g = 0; g < groups; g++) {
        MemoryEntry entry = known[g] != null ? known[g] : entries.get(plan.key(g));
        remaining[g] = entry == null ? plan.item(g).amount() : entry.remaining(now);
        resets[g] = entry == null ? resetWithoutHits.at(plan.item(g), now) : entry.resetAt(now);
      }
      return plan.result(breached, remaining, resets);
    }
  }
}
