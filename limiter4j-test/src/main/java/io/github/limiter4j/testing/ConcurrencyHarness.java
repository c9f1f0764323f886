package io.github.limiter4j.testing;

import io.github.limiter4j.RateLimitItem;
import io.github.limiter4j.Strategy;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
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

  /**
   * Starts {@code processes} JVMs (with this JVM's class path) that each hit {@code key} with
   * {@code item} from {@code threadsPerProcess} threads at once, in a storage made from {@code
   * storageUri} with a 10 second timeout, and returns how many hits they admitted in all.
   *
   * @throws AssertionError if a process fails or does not report
   */
  public static int countSuccessesAcrossProcesses(
      int processes,
      int threadsPerProcess,
      String storageUri,
      Strategy strategy,
      RateLimitItem item,
      String key)
      throws IOException, InterruptedException {
    return countSuccessesAcrossProcesses(
        processes, threadsPerProcess, storageUri, strategy, List.of(item), key);
  }

  /**
   * As {@link #countSuccessesAcrossProcesses(int, int, String, Strategy, RateLimitItem, String)},
   * but each attempt takes all of {@code items} on {@code key} as one batch ({@link
   * io.github.limiter4j.RateLimiter#acquire}); returns how many batches were admitted in all.
   *
   * @throws AssertionError if a process fails or does not report
   */
  public static int countSuccessesAcrossProcesses(
      int processes,
      int threadsPerProcess,
      String storageUri,
      Strategy strategy,
      List<RateLimitItem> items,
      String key)
      throws IOException, InterruptedException {
    StringBuilder limits = new StringBuilder();
    for (RateLimitItem item : items) {
      limits.append(limits.length() == 0 ? "" : ";").append(item);
    }
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    List<Process> started = new ArrayList<>();
    for (int i = 0; i < processes; i++) {
      started.add(
          new ProcessBuilder(
                  java,
                  "-cp",
                  System.getProperty("java.class.path"),
                  ProcessHitter.class.getName(),
                  storageUri,
                  strategy.toString(),
                  limits.toString(),
                  key,
                  Integer.toString(threadsPerProcess))
              .redirectErrorStream(true)
              .start());
    }
    int admitted = 0;
    for (Process process : started) {
      String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (process.waitFor() != 0) {
        throw new AssertionError("a hitting process failed: " + output);
      }
      String line =
          output
              .lines()
              .filter(l -> l.startsWith("admitted="))
              .findFirst()
              .orElseThrow(() -> new AssertionError("a hitting process did not report: " + output));
      admitted += Integer.parseInt(line.substring("admitted=".length()));
    }
    return admitted;
  }
}
