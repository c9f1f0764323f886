package io.github.limiter4j.storage;

import io.github.limiter4j.Acquisition;
import io.github.limiter4j.AcquisitionResult;
import io.github.limiter4j.RateLimitItem;
import io.github.limiter4j.WindowStats;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * One strategy's keys in a {@link MemoryStorage}. Each key's entry is guarded by its own monitor; a
 * batch locks its entries in key order, so batches never deadlock and no global lock exists.
 */
final class MemoryWindowStore implements WindowStore {
  private static final int EVICTION_SAMPLE = 8;

  private final MemoryStorage storage;
  private final Supplier<MemoryEntry> newEntry;
  private final ConcurrentHashMap<String, MemoryEntry> entries = new ConcurrentHashMap<>();
  // A clock hand over the map for eviction; guarded by the storage's eviction lock.
  private Iterator<Map.Entry<String, MemoryEntry>> hand;

  MemoryWindowStore(MemoryStorage storage, Supplier<MemoryEntry> newEntry) {
    this.storage = storage;
    this.newEntry = newEntry;
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
    while (true) {
      MemoryEntry entry = entryFor(key);
      synchronized (entry) {
        if (entry.removed) {
          continue;
        }
        long now = storage.now();
        if (entry.available(item, now) < cost) {
          return false;
        }
        entry.consume(item, cost, now);
        return true;
      }
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
    if (entry == null || cost == 0) {
      return true;
    }
    synchronized (entry) {
      return entry.removed || entry.available(item, storage.now()) >= cost;
    }
  }

  @Override
  public WindowStats stats(RateLimitItem item, String key) {
    Objects.requireNonNull(item, "item");
    Objects.requireNonNull(key, "key");
    MemoryEntry entry = entries.get(key);
    if (entry != null) {
      synchronized (entry) {
        if (!entry.removed) {
          long now = storage.now();
          return new WindowStats(entry.remaining(item, now), entry.resetAt(item, now));
        }
      }
    }
    return new WindowStats(item.amount(), storage.now());
  }

  @Override
  public void clear(RateLimitItem item, String key) {
    Objects.requireNonNull(item, "item");
    Objects.requireNonNull(key, "key");
    MemoryEntry entry = entries.get(key);
    if (entry != null) {
      remove(key, entry);
    }
  }

  @Override
  public AcquisitionResult acquire(List<Acquisition> acquisitions) {
    return new Batch(acquisitions, true).run();
  }

  @Override
  public AcquisitionResult test(List<Acquisition> acquisitions) {
    return new Batch(acquisitions, false).run();
  }

  long size() {
    return entries.mappingCount();
  }

  /** Drops every entry that holds nothing at {@code now}; returns how many. */
  long removeExpired(long now) {
    long removed = 0;
    for (Map.Entry<String, MemoryEntry> mapping : entries.entrySet()) {
      MemoryEntry entry = mapping.getValue();
      synchronized (entry) {
        if (!entry.removed && entry.reclaimableAfter() < now) {
          entry.removed = true;
          entries.remove(mapping.getKey(), entry);
          removed++;
        }
      }
    }
    return removed;
  }

  /** Drops every entry; returns how many. */
  long removeAll() {
    long removed = 0;
    for (Map.Entry<String, MemoryEntry> mapping : entries.entrySet()) {
      if (remove(mapping.getKey(), mapping.getValue())) {
        removed++;
      }
    }
    return removed;
  }

  /**
   * Drops one entry to make room: of a sample taken at the clock hand, the one that frees up first
   * (an expired one if the sample has any). Called with the storage's eviction lock held.
   */
  boolean evictOne() {
    String victimKey = null;
    MemoryEntry victim = null;
    long victimReclaimable = Long.MAX_VALUE;
    for (int sampled = 0; sampled < EVICTION_SAMPLE; sampled++) {
      if (hand == null || !hand.hasNext()) {
        if (entries.isEmpty()) {
          break;
        }
        hand = entries.entrySet().iterator();
        if (!hand.hasNext()) {
          break;
        }
      }
      Map.Entry<String, MemoryEntry> mapping = hand.next();
      MemoryEntry entry = mapping.getValue();
      long reclaimable;
      synchronized (entry) {
        if (entry.removed) {
          continue;
        }
        reclaimable = entry.reclaimableAfter();
      }
      if (victim == null || reclaimable < victimReclaimable) {
        victimKey = mapping.getKey();
        victim = entry;
        victimReclaimable = reclaimable;
      }
    }
    return victim != null && remove(victimKey, victim);
  }

  private MemoryEntry entryFor(String key) {
    MemoryEntry entry = entries.get(key);
    if (entry != null) {
      return entry;
    }
    storage.makeRoom(this);
    MemoryEntry created = newEntry.get();
    MemoryEntry raced = entries.putIfAbsent(key, created);
    return raced != null ? raced : created;
  }

  private boolean remove(String key, MemoryEntry entry) {
    synchronized (entry) {
      if (entry.removed) {
        return false;
      }
      entry.removed = true;
      return entries.remove(key, entry);
    }
  }

  private static void checkCost(long cost) {
    if (cost < 0) {
      throw new IllegalArgumentException("cost must be 0 or more but was " + cost);
    }
  }

  /** One all-or-nothing acquisition (or test) of several limits. */
  private final class Batch {
    private final List<Acquisition> acquisitions;
    private final boolean consume;
    // Acquisitions grouped by key: one slot per distinct key, costs summed.
    private final String[] keys;
    private final RateLimitItem[] items;
    private final long[] costs;
    private final int[] groupOf;
    private final int groups;
    private final MemoryEntry[] entries;
    private final int[] lockOrder;
    private int locked;

    Batch(List<Acquisition> acquisitions, boolean consume) {
      this.acquisitions = Objects.requireNonNull(acquisitions, "acquisitions");
      this.consume = consume;
      int n = acquisitions.size();
      keys = new String[n];
      items = new RateLimitItem[n];
      costs = new long[n];
      groupOf = new int[n];
      int distinct = 0;
      for (int i = 0; i < n; i++) {
        Acquisition acquisition = Objects.requireNonNull(acquisitions.get(i), "acquisition");
        int group = 0;
        while (group < distinct && !keys[group].equals(acquisition.key())) {
          group++;
        }
        if (group == distinct) {
          keys[group] = acquisition.key();
          items[group] = acquisition.item();
          distinct++;
        } else if (!items[group].equals(acquisition.item())) {
          throw new IllegalArgumentException(
              "key \""
                  + acquisition.key()
                  + "\" is used for two different limits: "
                  + items[group]
                  + " and "
                  + acquisition.item());
        }
        costs[group] = LongMath.saturatedAdd(costs[group], acquisition.cost());
        groupOf[i] = group;
      }
      groups = distinct;
      entries = new MemoryEntry[distinct];
      lockOrder = new int[distinct];
    }

    AcquisitionResult run() {
      while (true) {
        locked = 0;
        for (int g = 0; g < groups; g++) {
          boolean mayTake = consume && costs[g] > 0 && costs[g] <= items[g].amount();
          entries[g] = mayTake ? entryFor(keys[g]) : MemoryWindowStore.this.entries.get(keys[g]);
          if (entries[g] != null) {
            insertInLockOrder(g);
          }
        }
        AcquisitionResult result = lockFrom(0);
        if (result != null) {
          return result;
        }
      }
    }

    private void insertInLockOrder(int group) {
      int at = locked++;
      while (at > 0 && keys[lockOrder[at - 1]].compareTo(keys[group]) > 0) {
        lockOrder[at] = lockOrder[at - 1];
        at--;
      }
      lockOrder[at] = group;
    }

    /** Locks the entries in key order, then decides; null if an entry was removed meanwhile. */
    private AcquisitionResult lockFrom(int depth) {
      if (depth == locked) {
        return decide();
      }
      MemoryEntry entry = entries[lockOrder[depth]];
      synchronized (entry) {
        return entry.removed ? null : lockFrom(depth + 1);
      }
    }

    private AcquisitionResult decide() {
      long now = storage.now();
      boolean[] breached = new boolean[groups];
      boolean allowed = true;
      for (int g = 0; g < groups; g++) {
        long available =
            entries[g] == null ? items[g].amount() : entries[g].available(items[g], now);
        breached[g] = costs[g] > available;
        allowed &= !breached[g];
      }
      if (allowed && consume) {
        for (int g = 0; g < groups; g++) {
          if (costs[g] > 0) {
            entries[g].consume(items[g], costs[g], now);
          }
        }
      }
      AcquisitionResult.Builder result = AcquisitionResult.builder(acquisitions.size());
      for (int i = 0; i < groupOf.length; i++) {
        int g = groupOf[i];
        MemoryEntry entry = entries[g];
        result.limit(
            i,
            breached[g],
            entry == null ? items[g].amount() : entry.remaining(items[g], now),
            entry == null ? now : entry.resetAt(items[g], now));
      }
      return result.build();
    }
  }
}
