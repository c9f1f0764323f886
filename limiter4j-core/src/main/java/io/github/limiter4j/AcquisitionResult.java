package io.github.limiter4j;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The outcome of taking several limits together: whether all were taken and, for each limit in the
 * order given, whether it was breached, what remains and when it resets.
 *
 * <p>When {@link #allowed()} is true every limit was taken and the stats are those after taking.
 * When false nothing was taken anywhere and the stats are those before the attempt; {@link
 * #breached(int)} tells which limits could not take their cost.
 */
public final class AcquisitionResult {
  private final boolean[] breached;
  private final long[] remaining;
  private final long[] resetAtMillis;
  private final boolean allowed;

  private AcquisitionResult(boolean[] breached, long[] remaining, long[] resetAtMillis) {
    this.breached = breached;
    this.remaining = remaining;
    this.resetAtMillis = resetAtMillis;
    boolean any = false;
    for (boolean b : breached) {
      any |= b;
    }
    this.allowed = !any;
  }

  /** Returns a builder for a result of {@code size} limits; storages use it. */
  public static Builder builder(int size) {
    if (size < 0) {
      throw new IllegalArgumentException("size must be 0 or more but was " + size);
    }
    return new Builder(size);
  }

  /** Returns true if no limit was breached, so every limit took its cost. */
  public boolean allowed() {
    return allowed;
  }

  /** Returns the number of limits. */
  public int size() {
    return breached.length;
  }

  /** Returns true if the limit at {@code index} could not take its cost. */
  public boolean breached(int index) {
    return breached[Objects.checkIndex(index, breached.length)];
  }

  /** Returns the index of the first breached limit, or -1 if none was. */
  public int firstBreached() {
    for (int i = 0; i < breached.length; i++) {
      if (breached[i]) {
        return i;
      }
    }
    return -1;
  }

  /** Returns what remains of the limit at {@code index}. */
  public long remaining(int index) {
    return remaining[Objects.checkIndex(index, remaining.length)];
  }

  /** Returns when the limit at {@code index} resets, in milliseconds since the epoch. */
  public long resetAtMillis(int index) {
    return resetAtMillis[Objects.checkIndex(index, resetAtMillis.length)];
  }

  /** Returns the stats of the limit at {@code index}. */
  public WindowStats stats(int index) {
    return new WindowStats(remaining(index), resetAtMillis(index));
  }

  /** Returns the stats of every limit, in order. */
  public List<WindowStats> stats() {
    List<WindowStats> all = new ArrayList<>(breached.length);
    for (int i = 0; i < breached.length; i++) {
      all.add(stats(i));
    }
    return all;
  }

  @Override
  public String toString() {
    return "AcquisitionResult{allowed="
        + allowed
        + ", breached="
        + Arrays.toString(breached)
        + ", remaining="
        + Arrays.toString(remaining)
        + ", resetAtMillis="
        + Arrays.toString(resetAtMillis)
        + "}";
  }

  /** Collects one result; each limit is set once, then {@link #build()} is called once. */
  public static final class Builder {
    private boolean[] breached;
    private final long[] remaining;
    private final long[] resetAtMillis;
    private final boolean[] set;

    private Builder(int size) {
      breached = new boolean[size];
      remaining = new long[size];
      resetAtMillis = new long[size];
      set = new boolean[size];
    }

    /**
     * Records the outcome of the limit at {@code index}.
     *
     * @throws IllegalArgumentException if {@code remaining} is negative
     * @throws IllegalStateException if the builder was built already
     */
    public Builder limit(int index, boolean breached, long remaining, long resetAtMillis) {
      checkNotBuilt();
      Objects.checkIndex(index, set.length);
      if (remaining < 0) {
        throw new IllegalArgumentException("remaining must be 0 or more but was " + remaining);
      }
      this.breached[index] = breached;
      this.remaining[index] = remaining;
      this.resetAtMillis[index] = resetAtMillis;
      this.set[index] = true;
      return this;
    }

    /**
     * Returns the result.
     *
     * @throws IllegalStateException if a limit was not set, or the builder was built already
     */
    public AcquisitionResult build() {
      checkNotBuilt();
      for (int i = 0; i < set.length; i++) {
        if (!set[i]) {
          throw new IllegalStateException("limit " + i + " of " + set.length + " was not set");
        }
      }
      boolean[] result = breached;
      breached = null;
      return new AcquisitionResult(result, remaining, resetAtMillis);
    }

    private void checkNotBuilt() {
      if (breached == null) {
        throw new IllegalStateException("this builder was already built");
      }
    }
  }
}
