package io.github.limiter4j.internal;

import io.github.limiter4j.Acquisition;
import io.github.limiter4j.AcquisitionResult;
import io.github.limiter4j.RateLimitItem;
import io.github.limiter4j.storage.spi.WindowStore;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * A batch of acquisitions grouped by storage key, for {@link WindowStore} implementations: the
 * acquisitions of one key count together, so each group has what it takes (the costs of its
 * acquisitions that are not test-only) and what it needs to fit (all their costs).
 *
 * <pre>{@code
 * KeyedBatch batch = KeyedBatch.of(acquisitions);
 * for (int g = 0; g < batch.groups(); g++) {
 *   // decide batch.key(g) for batch.item(g): take batch.take(g) if batch.need(g) fits
 * }
 * return batch.result(breached, remaining, resetAtMillis); // per group, spread per acquisition
 * }</pre>
 */
public final class KeyedBatch {
  final int size;
  final String[] keys;
  final RateLimitItem[] items;
  final long[] takes;
  final long[] needs;
  final int[] groupOf;
  final int groups;

  private KeyedBatch(List<Acquisition> acquisitions) {
    size = acquisitions.size();
    keys = new String[size];
    items = new RateLimitItem[size];
    takes = new long[size];
    needs = new long[size];
    groupOf = new int[size];
    int distinct = 0;
    for (int i = 0; i < size; i++) {
      Acquisition acquisition = Objects.requireNonNull(acquisitions.get(i), "acquisition");
      // Batches are a request's few limits: a scan beats hashing.
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
      if (!acquisition.testOnly()) {
        takes[group] = LongMath.saturatedAdd(takes[group], acquisition.cost());
      }
      needs[group] = LongMath.saturatedAdd(needs[group], acquisition.cost());
      groupOf[i] = group;
    }
    groups = distinct;
  }

  /**
   * Groups {@code acquisitions} by key.
   *
   * @throws IllegalArgumentException if one key is used for two different limits
   */
  public static KeyedBatch of(List<Acquisition> acquisitions) {
    return new KeyedBatch(Objects.requireNonNull(acquisitions, "acquisitions"));
  }

  /** Returns the number of acquisitions. */
  public int size() {
    return size;
  }

  /** Returns the number of distinct keys. */
  public int groups() {
    return groups;
  }

  /** Returns the key of group {@code group}. */
  public String key(int group) {
    return keys[check(group)];
  }

  /** Returns the limit of group {@code group}. */
  public RateLimitItem item(int group) {
    return items[check(group)];
  }

  /** Returns what group {@code group} takes if the batch is taken. */
  public long take(int group) {
    return takes[check(group)];
  }

  /** Returns what must fit in group {@code group}: what it takes plus what it only tests. */
  public long need(int group) {
    return needs[check(group)];
  }

  /**
   * Checks that {@code store} can hold what each group takes, for a store with bounds (see {@link
   * WindowStore#cannotHold}); a group that needs more than its amount is refused unwritten, so
   * needs no holding.
   *
   * @throws IllegalArgumentException with the store's reason if it cannot hold a group
   */
  public void requireHeldBy(WindowStore store) {
    Objects.requireNonNull(store, "store");
    for (int g = 0; g < groups; g++) {
      if (needs[g] <= items[g].amount()) {
        Optional<String> reason = store.cannotHold(items[g], takes[g]);
        if (reason.isPresent()) {
          throw new IllegalArgumentException(reason.get());
        }
      }
    }
  }

  /** Returns the group of acquisition {@code index}. */
  public int groupOf(int index) {
    return groupOf[index];
  }

  /** Spreads per-group outcomes to the acquisitions, in their order. */
  public AcquisitionResult result(boolean[] breached, long[] remaining, long[] resetAtMillis) {
    AcquisitionResult.Builder result = AcquisitionResult.builder(size);
    for (int i = 0; i < size; i++) {
      int g = groupOf[i];
      result.limit(i, breached[g], remaining[g], resetAtMillis[g]);
    }
    return result.build();
  }

  private int check(int group) {
    if (group < 0 || group >= groups) {
      throw new IndexOutOfBoundsException("group " + group + " of " + groups);
    }
    return group;
  }
}
