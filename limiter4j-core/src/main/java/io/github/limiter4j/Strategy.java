package io.github.limiter4j;

import io.github.limiter4j.storage.Storage;
import io.github.limiter4j.storage.spi.MovingWindowSupport;
import io.github.limiter4j.storage.spi.SlidingWindowCounterSupport;
import io.github.limiter4j.storage.spi.WindowStore;
import java.util.Arrays;
import java.util.Locale;
import java.util.Objects;
import java.util.stream.Collectors;

/** How a limit counts hits over time. Each is known by the name {@code limits} gives it. */
public enum Strategy {
  /**
   * A window starts at a key's first hit and lasts the limit's length; all hits in it are counted
   * together. Cheapest in memory and time; allows up to twice the amount across a window boundary.
   */
  FIXED_WINDOW("fixed-window") {
    @Override
    public WindowStore storeIn(Storage storage) {
      return Objects.requireNonNull(storage, "storage").fixedWindow();
    }

    @Override
    public boolean isSupportedBy(Storage storage) {
      return storage != null;
    }
  },

  /**
   * An exact log of hits: a hit is allowed if the hits of the last window length, itself included,
   * stay within the amount. Exact, at the price of storing each hit.
   */
  MOVING_WINDOW("moving-window") {
    @Override
    public WindowStore storeIn(Storage storage) {
      if (storage instanceof MovingWindowSupport) {
        return ((MovingWindowSupport) storage).movingWindow();
      }
      throw unsupported(storage);
    }

    @Override
    public boolean isSupportedBy(Storage storage) {
      return storage instanceof MovingWindowSupport;
    }
  },

  /**
   * Two counters per key, for the current and the previous window-aligned bucket; the previous one
   * counts in proportion to how much of it still overlaps the last window length. Nearly as cheap
   * as the fixed window and much smoother.
   */
  SLIDING_WINDOW_COUNTER("sliding-window-counter") {
    @Override
    public WindowStore storeIn(Storage storage) {
      if (storage instanceof SlidingWindowCounterSupport) {
        return ((SlidingWindowCounterSupport) storage).slidingWindowCounter();
      }
      throw unsupported(storage);
    }

    @Override
    public boolean isSupportedBy(Storage storage) {
      return storage instanceof SlidingWindowCounterSupport;
    }
  };

  private final String strategyName;

  Strategy(String strategyName) {
    this.strategyName = strategyName;
  }

  /**
   * Returns the strategy with the given name: {@code fixed-window}, {@code moving-window} or {@code
   * sliding-window-counter}, in any case.
   *
   * @throws IllegalArgumentException if no strategy has that name
   */
  public static Strategy fromName(String name) {
    Objects.requireNonNull(name, "name");
    String normalized = name.strip().toLowerCase(Locale.ROOT);
    for (Strategy strategy : values()) {
      if (strategy.strategyName.equals(normalized)) {
        return strategy;
      }
    }
    throw new IllegalArgumentException(
        "Unknown rate limit strategy \""
            + name
            + "\"; known strategies are "
            + Arrays.stream(values())
                .map(Strategy::strategyName)
                .collect(Collectors.joining(", ")));
  }

  /** Returns the strategy's name, such as {@code fixed-window}. */
  public String strategyName() {
    return strategyName;
  }

  /**
   * Returns the storage's operations for this strategy.
   *
   * @throws IllegalArgumentException if the storage does not support this strategy
   */
  public abstract WindowStore storeIn(Storage storage);

  /** Returns true if the storage supports this strategy. */
  public abstract boolean isSupportedBy(Storage storage);

  IllegalArgumentException unsupported(Storage storage) {
    Objects.requireNonNull(storage, "storage");
    return new IllegalArgumentException(
        "The "
            + strategyName
            + " strategy is not supported by "
            + storage
            + "; it supports "
            + Arrays.stream(values())
                .filter(s -> s.isSupportedBy(storage))
                .map(Strategy::strategyName)
                .collect(Collectors.joining(", ")));
  }

  /** Returns the strategy's name. */
  @Override
  public String toString() {
    return strategyName;
  }
}
