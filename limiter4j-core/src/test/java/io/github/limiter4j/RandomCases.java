package io.github.limiter4j;

import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * Core's property tests in plain JUnit 5: {@link #check} runs cases, each with a generator of its
 * own seed, and reports a failing case with its seed; {@code -Dlimiter4j.seed=<that seed>} runs it
 * first. The same as {@code io.github.limiter4j.testing.RandomCases} of limiter4j-test, which the
 * other modules use: core cannot, as the test kit depends on core.
 */
public final class RandomCases {
  private static final String SEED_PROPERTY = "limiter4j.seed";

  /** What one case checks, with the generator of that case. */
  @FunctionalInterface
  public interface Case {
    /** Checks one case. */
    void check(RandomGenerator random) throws Exception;
  }

  private RandomCases() {}

  /** Runs {@code count} cases, stopping at the first that fails. */
  public static void check(int count, Case check) {
    String given = System.getProperty(SEED_PROPERTY, "").strip();
    long seed = given.isEmpty() ? new SplittableRandom().nextLong() : Long.parseLong(given);
    for (int i = 1; i <= count; i++) {
      try {
        check.check(new SplittableRandom(seed));
      } catch (Throwable e) {
        throw new AssertionError(
            "Case "
                + i
                + " of "
                + count
                + " failed with seed "
                + seed
                + "; to run it first, run the test again with -D"
                + SEED_PROPERTY
                + "="
                + seed
                + ": "
                + e,
            e);
      }
      // SplitMix64's step: the next case's seed follows from this one's alone.
      long z = seed + 0x9E3779B97F4A7C15L;
      z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
      z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
      seed = z ^ (z >>> 31);
    }
  }
}
