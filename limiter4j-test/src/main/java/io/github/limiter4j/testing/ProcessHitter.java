package io.github.limiter4j.testing;

import io.github.limiter4j.RateLimitItem;
import io.github.limiter4j.RateLimiter;
import io.github.limiter4j.Strategy;
import io.github.limiter4j.storage.Storage;
import io.github.limiter4j.storage.Storages;

/**
 * The program each process of {@link ConcurrencyHarness#countSuccessesAcrossProcesses} runs: hits
 * one key from many threads and prints how many hits were admitted ({@code admitted=N}). Arguments:
 * storage URI, strategy name, limit, key, threads.
 */
public final class ProcessHitter {
  private ProcessHitter() {}

  /** Hits and prints the count of admitted hits. */
  public static void main(String[] args) {
    if (args.length != 5) {
      throw new IllegalArgumentException(
          "arguments: storage URI, strategy, limit, key, threads; got " + args.length);
    }
    try (Storage storage = Storages.fromUri(args[0])) {
      RateLimiter limiter = RateLimiter.of(Strategy.fromName(args[1]), storage);
      RateLimitItem item = RateLimitItem.parse(args[2]);
      int threads = Integer.parseInt(args[4]);
      int admitted = ConcurrencyHarness.countSuccesses(threads, i -> limiter.hit(item, args[3]));
      System.out.println("admitted=" + admitted);
    }
  }
}
