package io.github.limiter4j.storage;

import io.github.limiter4j.RateLimitItem;
import io.github.limiter4j.internal.LongMath;
import io.github.limiter4j.internal.SlidingWindowCounts;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The state of one key in {@link MemoryStorage}, one subclass per strategy. A key always belongs to
 * one item (the key ends with the item's amount and window), given at construction.
 *
 * <p>An entry that leaves its map is <em>sealed</em> first: every later take answers {@link
 * #REMOVED}, and the caller fetches or creates the key's new entry. A take that raced with the
 * sealing and landed in the old entry's window is lost with it; only expired, cleared, reset or
 * evicted keys are sealed, and for those that is what those operations mean.
 */
abstract class MemoryEntry {
  /** Answer of a take that did not fit: nothing was taken. */
  static final Object REFUSED = new Object();

  /** Answer of {@link #hit} that took the cost. */
  static final Object TAKEN = new Object();

  /** Answer of a take on a sealed entry: nothing was taken; use the key's new entry. */
  static final Object REMOVED = new Object();

  final RateLimitItem item;

  /**
   * When a key of a strategy resets while it holds no hits: {@code limits}' answer, per strategy.
   */
  @FunctionalInterface
  interface ResetWithoutHits {
    long at(RateLimitItem item, long now);
  }

  MemoryEntry(RateLimitItem item) {
    this.item = item;
  }

  /**
   * Takes {@code cost} if it fits. Returns a receipt for {@link #undo}, or {@link #REFUSED} or
   * {@link #REMOVED}.
   */
  abstract Object take(long cost, long now);

  /**
   * Takes {@code cost} for a single hit, where no receipt is needed: {@link #TAKEN}, {@link
   * #REFUSED} or {@link #REMOVED}.
   */
  Object hit(long cost, long now) {
    Object receipt = take(cost, now);
    return receipt == REFUSED || receipt == REMOVED ? receipt : TAKEN;
  }

  /**
   * Gives back what the take with this receipt took, leaving the entry as it was before the take
   * unless a concurrent take counted in the same window since.
   */
  abstract void undo(Object receipt, long cost);

  /** Returns how much a take could have now, without taking; the whole amount once sealed. */
  abstract long available(long now);

  /** Returns what remains now, at least 0. */
  final long remaining(long now) {
    return Math.max(0, available(now));
  }

  /** Returns when the window frees up, never before {@code now}. */
  abstract long resetAt(long now);

  /** Returns the time after which the entry holds nothing. */
  abstract long reclaimableAfter();

  /** Seals the entry if it holds nothing at {@code now}; returns true if this call sealed it. */
  abstract boolean sealIfExpired(long now);

  /** Seals the entry whatever it holds; returns true if this call sealed it. */
  abstract boolean seal();

  /**
   * Fixed window, lock-free: the window starts at the first hit and covers [start, start + length].
   * Hits add to the current window's count with a CAS; a new window object is made only when one
   * window ends. Undoing the take that started a window, with no one else counted in it, abandons
   * the window (its count is made negative so that late CASes fail) and puts back the one it
   * replaced: a refused batch starts no window. An abandoned window holds nothing, so a take that
   * finds it current treats it as ended and starts a window, as with no window at all, instead of
   * waiting for the undo; the undo's putting back then fails, harmlessly.
   */
  static final class FixedWindow extends MemoryEntry {
    private static final VarHandle CURRENT;
    private static final VarHandle COUNT;
    private static final Window NEVER_HIT = new Window(Long.MIN_VALUE, 0);
    private static final Window SEALED = new Window(Long.MIN_VALUE, 0);
    // The count of a window whose start was undone: it holds nothing and takes nothing.
    private static final long ABANDONED = -1;

    static {
      try {
        MethodHandles.Lookup lookup = MethodHandles.lookup();
        CURRENT = lookup.findVarHandle(FixedWindow.class, "current", Window.class);
        COUNT = lookup.findVarHandle(Window.class, "count", long.class);
      } catch (ReflectiveOperationException e) {
        throw new ExceptionInInitializerError(e);
      }
    }

    private static final class Window {
      final long expiresAt;
      volatile long count;

      Window(long expiresAt, long count) {
        this.expiresAt = expiresAt;
        this.count = count;
      }
    }

    /** The receipt of a take that started a window: the window, and the one it replaced. */
    private record Started(Window window, Window replaced) {}

    private volatile Window current = NEVER_HIT;

    FixedWindow(RateLimitItem item) {
      super(item);
    }

    static long resetWithoutHits(RateLimitItem item, long now) {
      return now;
    }

    @Override
    Object take(long cost, long now) {
      return take(cost, now, true);
    }

    @Override
    Object hit(long cost, long now) {
      Object outcome = take(cost, now, false);
      return outcome == REFUSED || outcome == REMOVED ? outcome : TAKEN;
    }

    private Object take(long cost, long now, boolean receipt) {
      while (true) {
        Window window = current;
        if (window == SEALED) {
          return REMOVED;
        }
        long count = window.count;
        // Abandoned counts as ended: replacing it is what the undo would leave, a window that
        // ended, or none; no taker ever waits on the undoing thread.
        if (now > window.expiresAt || count < 0) {
          if (cost > item.amount()) {
            return REFUSED;
          }
          Window started = new Window(LongMath.saturatedAdd(now, item.windowMillis()), cost);
          if (CURRENT.compareAndSet(this, window, started)) {
            return receipt ? new Started(started, window) : started;
          }
          continue;
        }
        if (cost > item.amount() - count) {
          return REFUSED;
        }
        if (COUNT.compareAndSet(window, count, count + cost)) {
          return window;
        }
      }
    }

    @Override
    void undo(Object receipt, long cost) {
      if (abandonStarted(receipt, cost)) {
        putBackReplaced(receipt);
        return;
      }
      Window window = receipt instanceof Started started ? started.window : (Window) receipt;
      COUNT.getAndAdd(window, -cost);
    }

    /**
     * The first half of an undo: abandons the window the receipt's take started, if that take is
     * still alone in it; returns whether it did. Package-private for tests that pause an undo here.
     */
    boolean abandonStarted(Object receipt, long cost) {
      return receipt instanceof Started started
          && COUNT.compareAndSet(started.window, cost, ABANDONED);
    }

    /**
     * The second half of an undo: puts back the window that the abandoned one replaced, unless a
     * take has replaced the abandoned one since (then that take's window stays).
     */
    void putBackReplaced(Object receipt) {
      Started started = (Started) receipt;
      CURRENT.compareAndSet(this, started.window, started.replaced);
    }

    @Override
    long available(long now) {
      Window window = current;
      long count = window.count;
      return now > window.expiresAt || count < 0 ? item.amount() : item.amount() - count;
    }

    @Override
    long resetAt(long now) {
      Window window = current;
      // An abandoned window holds nothing, like the ended one it is being replaced by.
      return now > window.expiresAt || window.count < 0 ? now : window.expiresAt;
    }

    @Override
    long reclaimableAfter() {
      Window window = current;
      return window.count < 0 ? Long.MIN_VALUE : window.expiresAt;
    }

    @Override
    boolean sealIfExpired(long now) {
      Window window = current;
      return window != SEALED
          && (now > window.expiresAt || window.count < 0)
          && CURRENT.compareAndSet(this, window, SEALED);
    }

    @Override
    boolean seal() {
      return CURRENT.getAndSet(this, SEALED) != SEALED;
    }
  }

  /**
   * Sliding window counter, lock-free: counts of the current and previous buckets, aligned on
   * multiples of the window length. The previous bucket counts in proportion to the part of it that
   * the last window length still covers. When a bucket ends, its count is frozen (made negative, so
   * that late CASes fail and retry) and carried into the next bucket as "previous". A thread that
   * finds the current bucket frozen helps the roll-over instead of waiting for it (see {@link
   * #helpRollOver}).
   */
  static final class SlidingWindow extends MemoryEntry {
    private static final VarHandle CURRENT;
    private static final VarHandle COUNT;
    private static final VarHandle PREVIOUS;
    private static final Bucket NEVER_HIT = new Bucket(Long.MIN_VALUE, 0);
    private static final Bucket SEALED = new Bucket(Long.MIN_VALUE, 0);

    static {
      try {
        MethodHandles.Lookup lookup = MethodHandles.lookup();
        CURRENT = lookup.findVarHandle(SlidingWindow.class, "current", Bucket.class);
        COUNT = lookup.findVarHandle(Bucket.class, "count", long.class);
        PREVIOUS = lookup.findVarHandle(Bucket.class, "previous", long.class);
      } catch (ReflectiveOperationException e) {
        throw new ExceptionInInitializerError(e);
      }
    }

    private static final class Bucket {
      final long index;
      // The previous bucket's count; only an undo of a take counted there lowers it.
      volatile long previous;
      // The count; once the bucket is over it is frozen as -(count + 1).
      volatile long count;

      Bucket(long index, long previous) {
        this.index = index;
        this.previous = previous;
      }

      long countNow() {
        long value = count;
        return value < 0 ? -value - 1 : value;
      }
    }

    private volatile Bucket current = NEVER_HIT;

    SlidingWindow(RateLimitItem item) {
      super(item);
    }

    static long resetWithoutHits(RateLimitItem item, long now) {
      return now;
    }

    @Override
    Object take(long cost, long now) {
      while (true) {
        Bucket bucket = bucketAt(now);
        if (bucket == SEALED) {
          return REMOVED;
        }
        long count = bucket.count;
        if (count < 0) {
          helpRollOver(bucket);
          continue;
        }
        long weighted = LongMath.saturatedAdd(count, weightedPrevious(bucket, now));
        if (cost > item.amount() - weighted) {
          return REFUSED;
        }
        if (COUNT.compareAndSet(bucket, count, count + cost)) {
          return bucket;
        }
      }
    }

    @Override
    void undo(Object receipt, long cost) {
      Bucket bucket = (Bucket) receipt;
      while (true) {
        long count = bucket.count;
        if (count < 0) {
          // Frozen: the count went on into the next bucket as its previous one.
          undoCarried(bucket, cost);
          return;
        }
        if (COUNT.compareAndSet(bucket, count, count - cost)) {
          return;
        }
      }
    }

    /** Gives back a take of the frozen {@code bucket} from what its successor carries of it. */
    private void undoCarried(Bucket bucket, long cost) {
      while (true) {
        Bucket next = current;
        if (next == bucket) {
          helpRollOver(bucket);
          continue;
        }
        if (next == SEALED || next.index != bucket.index + 1) {
          return; // nothing counts the bucket any more
        }
        long previous = next.previous;
        if (PREVIOUS.compareAndSet(next, previous, Math.max(0, previous - cost))) {
          return;
        }
      }
    }

    @Override
    long available(long now) {
      Bucket bucket = current;
      long index = Math.floorDiv(now, item.windowMillis());
      long currentCount;
      long previousCount;
      if (bucket == SEALED || index > bucket.index + 1 || bucket.index == Long.MIN_VALUE) {
        return item.amount();
      } else if (index == bucket.index + 1) {
        currentCount = 0;
        previousCount = bucket.countNow();
      } else {
        currentCount = bucket.countNow();
        previousCount = bucket.previous;
      }
      long untilEnd = untilBucketEnd(Math.max(index, bucket.index), now);
      return item.amount()
          - SlidingWindowCounts.weightedWithin(
              previousCount, currentCount, untilEnd, item.windowMillis());
    }

    @Override
    long resetAt(long now) {
      Bucket bucket = current;
      long window = item.windowMillis();
      long index = Math.floorDiv(now, window);
      if (bucket == SEALED || bucket.index == Long.MIN_VALUE || index > bucket.index + 1) {
        return now;
      }
      long currentCount = index == bucket.index + 1 ? 0 : bucket.countNow();
      long previousCount = index == bucket.index + 1 ? bucket.countNow() : bucket.previous;
      long untilEnd = untilBucketEnd(Math.max(index, bucket.index), now);
      return SlidingWindowCounts.resetAtWithin(previousCount, currentCount, now, untilEnd, window);
    }

    @Override
    long reclaimableAfter() {
      Bucket bucket = current;
      if (bucket.index == Long.MIN_VALUE) {
        return Long.MIN_VALUE;
      }
      return LongMath.saturatedMultiply(bucket.index + 2, item.windowMillis()) - 1;
    }

    @Override
    boolean sealIfExpired(long now) {
      Bucket bucket = current;
      return bucket != SEALED
          && (bucket.index == Long.MIN_VALUE
              || LongMath.saturatedMultiply(bucket.index + 2, item.windowMillis()) - 1 < now)
          && CURRENT.compareAndSet(this, bucket, SEALED);
    }

    @Override
    boolean seal() {
      return CURRENT.getAndSet(this, SEALED) != SEALED;
    }

    /** Returns the bucket of {@code now}, rolling the current one over if it has ended. */
    private Bucket bucketAt(long now) {
      long index = Math.floorDiv(now, item.windowMillis());
      while (true) {
        Bucket bucket = current;
        // A "now" behind the current bucket (a clock step back, or a slow thread) counts in it.
        if (bucket == SEALED || index <= bucket.index) {
          return bucket;
        }
        long previous = bucket == NEVER_HIT ? 0 : freeze(bucket);
        Bucket next = new Bucket(index, index == bucket.index + 1 ? previous : 0);
        if (CURRENT.compareAndSet(this, bucket, next)) {
          return next;
        }
      }
    }

    /**
     * Finishes the roll-over of {@code frozen}, whose freezer may be descheduled before it installs
     * the next bucket: installs the bucket right after it, carrying its count, unless another
     * bucket is current by now. That is the successor a roll-over into the next bucket installs; a
     * roll-over that meant a later bucket fails its CAS, retries, and rolls this one over in turn,
     * carrying nothing on when it is not the next one, as it would have.
     */
    private void helpRollOver(Bucket frozen) {
      if (current == frozen) {
        CURRENT.compareAndSet(this, frozen, new Bucket(frozen.index + 1, frozen.countNow()));
      }
    }

    /** Freezes the current bucket as a roll-over does, without installing the next one. */
    void freezeCurrentForTest() {
      freeze(current);
    }

    private static long freeze(Bucket bucket) {
      while (true) {
        long count = bucket.count;
        if (count < 0) {
          return -count - 1;
        }
        if (COUNT.compareAndSet(bucket, count, -count - 1)) {
          return count;
        }
      }
    }

    private long weightedPrevious(Bucket bucket, long now) {
      return weightOf(bucket.previous, untilBucketEnd(bucket.index, now));
    }

    /**
     * Returns floor(previous × untilBucketEnd / window): the previous count still in the window.
     */
    private long weightOf(long previous, long untilBucketEnd) {
      return LongMath.multiplyDivideFloor(previous, untilBucketEnd, item.windowMillis());
    }

    /** Returns the time left in bucket {@code index}, between 1 and the window length. */
    private long untilBucketEnd(long index, long now) {
      long window = item.windowMillis();
      long elapsed = Math.min(Math.max(0, now - index * window), window - 1);
      return window - elapsed;
    }
  }

  /**
   * Moving window, under a per-key spin lock: an exact log of hits, run-length encoded as (time,
   * count) pairs in a ring buffer, oldest first. A hit at {@code t} counts while {@code t >= now -
   * length}. Each hit adds or extends one pair and each pair is dropped once, so a hit costs O(1)
   * amortized whatever the amount.
   *
   * <p>The lock is held for a few dozen instructions, far less than parking and waking a thread
   * costs, so waiters spin briefly and then yield instead of parking as a monitor would.
   */
  static final class MovingWindow extends MemoryEntry {
    private static final int INITIAL_PAIRS = 2;
    private static final int SPINS_BEFORE_YIELD = 64;
    private static final VarHandle LOCK;

    static {
      try {
        LOCK = MethodHandles.lookup().findVarHandle(MovingWindow.class, "lock", int.class);
      } catch (ReflectiveOperationException e) {
        throw new ExceptionInInitializerError(e);
      }
    }

    // 1 while a thread holds the entry; guards every field below.
    private volatile int lock;
    private boolean sealed;
    private long[] log = new long[2 * INITIAL_PAIRS];
    private int head;
    private int size;
    private long total;

    MovingWindow(RateLimitItem item) {
      super(item);
    }

    /** A whole window from now, as in {@code limits}: when a hit taken now would leave. */
    static long resetWithoutHits(RateLimitItem item, long now) {
      return LongMath.saturatedAdd(now, item.windowMillis());
    }

    @Override
    Object take(long cost, long now) {
      lock();
      try {
        long at = takeLocked(cost, now);
        return at == Long.MIN_VALUE ? (sealed ? REMOVED : REFUSED) : (Object) at;
      } finally {
        unlock();
      }
    }

    @Override
    Object hit(long cost, long now) {
      lock();
      try {
        return takeLocked(cost, now) != Long.MIN_VALUE ? TAKEN : (sealed ? REMOVED : REFUSED);
      } finally {
        unlock();
      }
    }

    @Override
    void undo(Object receipt, long cost) {
      lock();
      try {
        long at = (Long) receipt;
        for (int i = size - 1; i >= 0; i--) {
          int slot = slot(i);
          if (log[slot] == at) {
            long taken = Math.min(cost, log[slot + 1]);
            log[slot + 1] -= taken;
            total -= taken;
            // An emptied pair goes, so that the reset is the oldest hit's; one among later pairs
            // stays until it reaches the head or the tail.
            while (size > 0 && log[slot(size - 1) + 1] == 0) {
              size--;
            }
            dropEmptyHead();
            return;
          }
          if (log[slot] < at) {
            return; // already pruned
          }
        }
      } finally {
        unlock();
      }
    }

    @Override
    long available(long now) {
      lock();
      try {
        if (sealed) {
          return item.amount();
        }
        prune(now);
        return item.amount() - total;
      } finally {
        unlock();
      }
    }

    @Override
    long resetAt(long now) {
      lock();
      try {
        if (sealed) {
          return resetWithoutHits(item, now);
        }
        prune(now);
        return size == 0
            ? resetWithoutHits(item, now)
            : Math.max(now, LongMath.saturatedAdd(log[slot(0)], item.windowMillis()));
      } finally {
        unlock();
      }
    }

    @Override
    long reclaimableAfter() {
      lock();
      try {
        return reclaimableAfterLocked();
      } finally {
        unlock();
      }
    }

    @Override
    boolean sealIfExpired(long now) {
      lock();
      try {
        if (sealed || reclaimableAfterLocked() >= now) {
          return false;
        }
        sealed = true;
        return true;
      } finally {
        unlock();
      }
    }

    @Override
    boolean seal() {
      lock();
      try {
        if (sealed) {
          return false;
        }
        sealed = true;
        return true;
      } finally {
        unlock();
      }
    }

    private long reclaimableAfterLocked() {
      return size == 0
          ? Long.MIN_VALUE
          : LongMath.saturatedAdd(log[slot(size - 1)], item.windowMillis());
    }

    private void lock() {
      if (!LOCK.compareAndSet(this, 0, 1)) {
        lockContended();
      }
    }

    private void lockContended() {
      int spins = 0;
      while (lock != 0 || !LOCK.compareAndSet(this, 0, 1)) {
        if (++spins < SPINS_BEFORE_YIELD) {
          Thread.onSpinWait();
        } else {
          Thread.yield();
        }
      }
    }

    private void unlock() {
      LOCK.setRelease(this, 0);
    }

    /** Returns the time the cost was logged at, or Long.MIN_VALUE if it was not taken. */
    private long takeLocked(long cost, long now) {
      if (sealed) {
        return Long.MIN_VALUE;
      }
      prune(now);
      if (cost > item.amount() - total) {
        return Long.MIN_VALUE;
      }
      total += cost;
      if (size > 0) {
        int tail = slot(size - 1);
        // Same millisecond, or a clock that stepped back: extend the newest pair so the log
        // stays ordered; counting a hit as later than it was only keeps it longer.
        if (log[tail] >= now) {
          log[tail + 1] += cost;
          return log[tail];
        }
      }
      if (2 * size == log.length) {
        grow();
      }
      int at = slot(size);
      log[at] = now;
      log[at + 1] = cost;
      size++;
      return now;
    }

    private void prune(long now) {
      long window = item.windowMillis();
      while (size > 0 && LongMath.saturatedAdd(log[slot(0)], window) < now) {
        total -= log[slot(0) + 1];
        head = (head + 1) % (log.length / 2);
        size--;
      }
      dropEmptyHead();
      if (size == 0 && log.length > 2 * INITIAL_PAIRS * 8) {
        log = new long[2 * INITIAL_PAIRS];
        head = 0;
      }
    }

    /** Drops the pairs at the head that an undo emptied. */
    private void dropEmptyHead() {
      while (size > 0 && log[slot(0) + 1] == 0) {
        head = (head + 1) % (log.length / 2);
        size--;
      }
    }

    private int slot(int index) {
      return 2 * ((head + index) % (log.length / 2));
    }

    private void grow() {
      long[] bigger = new long[log.length * 2];
      for (int i = 0; i < size; i++) {
        int from = slot(i);
        bigger[2 * i] = log[from];
        bigger[2 * i + 1] = log[from + 1];
      }
      log = bigger;
      head = 0;
    }
  }
}
