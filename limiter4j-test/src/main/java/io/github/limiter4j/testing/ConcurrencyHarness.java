package io.github.limiter4j.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.IntPredicate;

/** Runs one action on many threads released at the same instant, to provoke races. */
public final class ConcurrencyHarness {
  private ConcurrencyHarness() {}

  /**
   * Runs {@code action} once on each of {@code threads} threads, all started together, and returns
   * how many returned true. The action receives the thread's number, 0 to threads - 1.
   *
   * @throws AssertionError if an action throws or the run takes longer than a minute
   */
  public static int countSuccesses(int threads, IntPredicate action) {
    if (threads < 1) {
      throw new IllegalArgumentException("threads must be 1 or more but was " + threads);
    }
    ExecutorService executor = Executors.newFixedThreadPool(threads);
    try {
      CountDownLatch ready = new CountDownLatch(threads);
      CountDownLatch start = new CountDownLatch(1);
      List<Future<Boolean>> results = new ArrayList<>(threads);
      for (int i = 0; i < threads; i++) {
        int number = i;
        results.add(
            executor.submit(
                () -> {
                  ready.countDown();
                  start.await();
                  return action.test(number);
                }));
      }
      ready.await(1, TimeUnit.MINUTES);
      start.countDown();
      int successes = 0;
      for (Future<Boolean> result : results) {
        if (result.get(1, TimeUnit.MINUTES)) {
          successes++;
        }
      }
      return successes;
    } catch (ExecutionException e) {
      throw new AssertionError("an action failed", e.getCause());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AssertionError("interrupted", e);
    } catch (TimeoutException e) {
      throw new AssertionError("the actions took longer than a minute", e);
    } finally {
      executor.shutdownNow();
    }
  }
}
