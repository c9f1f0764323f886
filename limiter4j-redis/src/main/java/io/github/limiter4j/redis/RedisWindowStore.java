package io.github.limiter4j.redis;

import io.github.limiter4j.Acquisition;
import io.github.limiter4j.AcquisitionResult;
import io.github.limiter4j.RateLimitItem;
import io.github.limiter4j.Strategy;
import io.github.limiter4j.WindowStats;
import io.github.limiter4j.internal.KeyedBatch;
import io.github.limiter4j.storage.StorageException;
import io.github.limiter4j.storage.spi.WindowStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * One strategy's operations in a {@link RedisStorage}: every call is one script call. A cluster
 * runs one call per hash slot of the batch (see {@link #acquire}).
 */
final class RedisWindowStore implements WindowStore {
  /**
   * The largest cost of one moving-window hit: the window logs every unit of a hit, as {@code
   * limits} does, so a hit of cost c writes c list entries.
   */
  static final long MAXIMUM_MOVING_WINDOW_COST = 1_000_000;

  private final RedisStorage storage;
  private final String strategyCode;
  private final boolean sliding;
  private final boolean moving;

  RedisWindowStore(RedisStorage storage, Strategy strategy) {
    this.storage = storage;
    this.sliding = strategy == Strategy.SLIDING_WINDOW_COUNTER;
    this.moving = strategy == Strategy.MOVING_WINDOW;
    switch (strategy) {
      case FIXED_WINDOW:
        strategyCode = "f";
        break;
      case MOVING_WINDOW:
        strategyCode = "m";
        break;
      default:
        strategyCode = "s";
        break;
    }
  }

  @Override
  public AcquisitionResult acquire(List<Acquisition> acquisitions) {
    return run(acquisitions, "a");
  }

  @Override
  public AcquisitionResult test(List<Acquisition> acquisitions) {
    return run(acquisitions, "t");
  }

  @Override
  public WindowStats stats(RateLimitItem item, String key) {
    Objects.requireNonNull(item, "item");
    Objects.requireNonNull(key, "key");
    AcquisitionResult result = run(List.of(new Acquisition(item, key, 0)), "s");
    return result.stats(0);
  }

  @Override
  public Optional<String> cannotHold(RateLimitItem item, long cost) {
    Objects.requireNonNull(item, "item");
    // A cost above the amount is refused before anything is logged.
    if (!moving || cost <= MAXIMUM_MOVING_WINDOW_COST || cost > item.amount()) {
      return Optional.empty();
    }
    return Optional.of(
        "the Redis moving window takes at most "
            + MAXIMUM_MOVING_WINDOW_COST
            + " per hit, as it logs every unit; the cost for "
            + item
            + " was "
            + cost);
  }

  @Override
  public void clear(RateLimitItem item, String key) {
    Objects.requireNonNull(item, "item");
    Objects.requireNonNull(key, "key");
    storage.delete(keysOf(key));
  }

  private String[] keysOf(String key) {
    String stored = storage.storageKey(key);
    if (!sliding) {
      return new String[] {stored};
    }
    // As limits: the braces keep both buckets of a key on one cluster node.
    String current = storage.storageKey("{" + key + "}");
    return new String[] {current, current + "/-1"};
  }

  private AcquisitionResult run(List<Acquisition> acquisitions, String operation) {
    Objects.requireNonNull(acquisitions, "acquisitions");
    Batch batch = new Batch(acquisitions);
    batch.plan.requireHeldBy(this);
    if (batch.groups == 0) {
      return AcquisitionResult.builder(batch.size).build();
    }
    if (!storage.isCluster() || batch.groups == 1) {
      long[] answer = call(batch, 0, batch.groups, operation);
      return batch.result(answer);
    }
    return batch.resultBySlot(this, operation);
  }

  /** Gives back what an acquire of groups [from, to) took at {@code at}. */
  private void undo(Batch batch, int from, int to, long at) {
    call(batch, from, to, "u", Long.toString(at));
  }

  /** Runs the script for groups [from, to) of the batch; returns its flat answer. */
  private long[] call(Batch batch, int from, int to, String operation) {
    return call(batch, from, to, operation, storage.now());
  }

  private long[] call(Batch batch, int from, int to, String operation, String now) {
    int count = to - from;
    int keysPerGroup = sliding ? 2 : 1;
    String[] keys = new String[count * keysPerGroup];
    String[] arguments = new String[4 + count * 4];
    arguments[0] = strategyCode;
    arguments[1] = now;
    arguments[2] = operation;
    arguments[3] = Integer.toString(count);
    for (int i = 0; i < count; i++) {
      int g = batch.order[from + i];
      String[] groupKeys = keysOf(batch.plan.key(g));
      System.arraycopy(groupKeys, 0, keys, i * keysPerGroup, keysPerGroup);
      RateLimitItem item = batch.plan.item(g);
      arguments[4 + i * 4] = Long.toString(item.amount());
      arguments[5 + i * 4] = Long.toString(item.windowMillis());
      arguments[6 + i * 4] = Long.toString(batch.plan.take(g));
      arguments[7 + i * 4] = Long.toString(batch.plan.need(g));
    }
    List<Object> reply = storage.run(keys, arguments);
    if (reply == null || reply.size() != 2 + count * 3) {
      throw new StorageException(
          "Redis storage " + storage + " answered the script unexpectedly: " + reply);
    }
    long[] answer = new long[reply.size()];
    for (int i = 0; i < answer.length; i++) {
      try {
        answer[i] = Long.parseLong(String.valueOf(reply.get(i)));
      } catch (NumberFormatException e) {
        // A count beyond a long, written by something else: the limit is used up.
        answer[i] = Long.MAX_VALUE;
      }
    }
    return answer;
  }

  /** A batch grouped by key (costs of one key are added), in the order its groups are sent. */
  private static final class Batch {
    final int size;
    final int groups;
    final KeyedBatch plan;
    // The groups in the order they are sent (by slot in a cluster).
    final int[] order;

    Batch(List<Acquisition> acquisitions) {
      plan = KeyedBatch.of(acquisitions);
      size = plan.size();
      groups = plan.groups();
      order = new int[groups];
      for (int g = 0; g < groups; g++) {
        order[g] = g;
      }
    }

    AcquisitionResult result(long[] answer) {
      boolean[] breached = new boolean[groups];
      long[] remaining = new long[groups];
      long[] resets = new long[groups];
      for (int i = 0; i < groups; i++) {
        int g = order[i];
        breached[g] = answer[2 + i * 3] == 1;
        // The script answers what is used; what remains is computed here, exactly.
        remaining[g] = Math.max(0, plan.item(g).amount() - answer[3 + i * 3]);
        resets[g] = answer[4 + i * 3];
      }
      return build(breached, remaining, resets);
    }

    /**
     * In a cluster, one script call per hash slot that the batch's keys fall in: each call is
     * atomic, the batch is not. An acquire takes slot by slot and, if a slot refuses, gives back
     * what the others took, then reads every limit again for the result's stats: a refused batch
     * leaves nothing, is reported refused even if a window ended meanwhile (nothing was taken), and
     * no limit admits more than its amount, but a concurrent request may meanwhile see the batch's
     * takings (as with the memory storage). Request limiters avoid this by hash-tagging the client
     * key ({@link RedisStorage#prefersHashTaggedKeys()}), which puts a request's keys in one slot.
     */
    AcquisitionResult resultBySlot(RedisWindowStore store, String operation) {
      Map<Integer, List<Integer>> bySlot = new java.util.TreeMap<>();
      for (int g = 0; g < groups; g++) {
        String[] groupKeys = store.keysOf(plan.key(g));
        bySlot
            .computeIfAbsent(
                io.lettuce.core.cluster.SlotHash.getSlot(groupKeys[0]), s -> new ArrayList<>())
            .add(g);
      }
      int position = 0;
      List<int[]> ranges = new ArrayList<>();
      for (List<Integer> slotGroups : bySlot.values()) {
        int start = position;
        for (int g : slotGroups) {
          order[position++] = g;
        }
        ranges.add(new int[] {start, position});
      }
      long[] answer = new long[2 + groups * 3];
      answer[0] = 1;
      List<long[]> taken = new ArrayList<>();
      for (int[] range : ranges) {
        long[] part = store.call(this, range[0], range[1], operation);
        System.arraycopy(part, 2, answer, 2 + range[0] * 3, part.length - 2);
        if (part[0] == 1 && operation.equals("a")) {
          taken.add(new long[] {range[0], range[1], part[1]});
        }
        if (part[0] == 0) {
          answer[0] = 0;
          if (operation.equals("a")) {
            break;
          }
        }
      }
      if (answer[0] == 0 && operation.equals("a")) {
        for (long[] range : taken) {
          store.undo(this, (int) range[0], (int) range[1], range[2]);
        }
        // Report every limit as it stands now that the batch took nothing, but refused: a window
        // may have ended since a slot refused, and a read says nothing was taken.
        return refused(answer, resultBySlot(store, "t"));
      }
      return result(answer);
    }

    /**
     * The stats of {@code reread}, refused: each limit is breached that was breached when the batch
     * was tried or is breached now (so at least the one that refused the batch).
     */
    private AcquisitionResult refused(long[] tried, AcquisitionResult reread) {
      boolean[] breached = new boolean[groups];
      long[] remaining = new long[groups];
      long[] resets = new long[groups];
      for (int i = 0; i < size; i++) {
        int g = plan.groupOf(i);
        breached[g] |= reread.breached(i);
        remaining[g] = reread.remaining(i);
        resets[g] = reread.resetAtMillis(i);
      }
      for (int i = 0; i < groups; i++) {
        breached[order[i]] |= tried[2 + i * 3] == 1;
      }
      return build(breached, remaining, resets);
    }

    private AcquisitionResult build(boolean[] breached, long[] remaining, long[] resets) {
      return plan.result(breached, remaining, resets);
    }
  }
}
