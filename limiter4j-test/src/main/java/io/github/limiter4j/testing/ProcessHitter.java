package io.github.limiter4j.testing;

import io.github.limiter4j.Acquisition;
import io.github.limiter4j.RateLimitItem;
import io.github.limiter4j.RateLimiter;
import io.github.limiter4j.Strategy;
import io.github.limiter4j.storage.Storage;
import io.github.limiter4j.storage.Storages;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The program each process of {@link ConcurrencyHarness#countSuccessesAcrossProcesses} runs: hits
 * one key from many threads and prints how many hits were admitted ({@code admitted=N}). Arguments:
 * storage URI, strategy name, limits (several, separated by {@code ;}, are taken as one batch),
 * key, threads.
 */
public final class ProcessHitter {
  private ProcessHitter() {}

  /** Hits and prints the count of admitted hits. */
  public static void main(String[] args) {
    if (args.length != 5) {
      throw new IllegalArgumentException(
          "arguments: storage URI, strategy, limit, key, threads; got " + args.length);
    }
    // Counting under contention is under test, not timeouts: four JVMs starting at once on a
    // loaded machine can take longer than a storage's default second.
    try (Storage storage = Storages.fromUri(args[0], Map.of("timeout", "10s"))) {
      RateLimiter limiter = RateLimiter.of(Strategy.fromName(args[1]), storage);
      List<RateLimitItem> items = RateLimitItem.parseAll(args[2]);
      List<Acquisition> batch = new ArrayList<>();
      for (RateLimitItem item : items) {
        batch.add(Acquisition.of(item, 1, args[3]));
      }
      int threads = Integer.parseInt(args[4]);
      int admitted =
          ConcurrencyHarness.countSuccesses(
              threads,
              i ->
                  items.size() == 1
                      ? limiter.hit(items.get(0), args[3])
                      : limiter.acquire(batch).allowed());
      System.out.println("admitted=" + admitted);
    }
  }
}
