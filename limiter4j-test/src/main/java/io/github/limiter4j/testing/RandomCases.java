package io.github.limiter4j.testing;

import java.util.Objects;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * Property tests in plain JUnit 5: {@link #check} runs a number of cases, each with a random
 * generator of its own seed, and a failing case is reported with its seed and how to run it again.
 *
 * <pre>{@code
 * @Test
 * void everyItemReadsBackFromItsWrittenForm() {
 *   RandomCases.check(20_000, random -> {
 *     RateLimitItem item = RateLimitItem.of(random.nextLong(0, 1000), Granularity.MINUTE);
 *     assertThat(RateLimitItem.parse(item.toString())).isEqualTo(item);
 *   });
 * }
 * }</pre>
 *
 * <p>The first case's seed is new on each run, or the value of the system property {@value
 * #SEED_PROPERTY}; each later case's seed follows from the one before. So {@code
 * -Dlimiter4j.seed=<the failing case's seed>} makes the failing case the first one of the next run,
 * whatever its position was (Maven passes {@code -D} options on to the tests: {@code mvn test
 * -Dtest=SomeTest -Dlimiter4j.seed=...}).
 */
public final class RandomCases {
  /** The system property that gives the first case's seed, a {@code long}. */
  public static final String SEED_PROPERTY = "limiter4j.seed";

  /** What one case checks, with the generator of that case. */
  @FunctionalInterface
  public interface Case {
    /**
     * Checks one case.
     *
     * @param random the case's generator, seeded with the case's seed
     * @throws Exception as a test method may
     */
    void check(RandomGenerator random) throws Exception;
  }

  private RandomCases() {}

  /**
   * Runs {@code count} cases of {@code check}, stopping at the first that fails: it returns only
   * when all {@code count} cases passed.
   *
   * @param count how many cases to run, at least 1
   * @param check what each case checks
   * @throws AssertionError naming the failing case, its seed and how to replay it, with the failure
   *     as its cause
   * @throws IllegalArgumentException if {@code count} is not positive or {@value #SEED_PROPERTY} is
   *     not a number
   */
  public static void check(int count, Case check) {
    check(firstSeed(), count, check);
  }

  /** Runs {@code count} cases of {@code check}, the first with {@code seed}. */
  static void check(long seed, int count, Case check) {
    Objects.requireNonNull(check, "check");
    if (count < 1) {
      throw new IllegalArgumentException("count must be positive but was " + count);
    }
    for (int i = 1; i <= count; i++) {
      try {
        check.check(new SplittableRandom(seed));
      } catch (Throwable e) {
        // Whatever the case threw (an assertion, an exception of the code under test, a stack
        // overflow), its seed is what makes it reproducible.
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
      seed = nextSeed(seed);
    }
  }

  /** Returns the seed of the first case: {@value #SEED_PROPERTY}, or a new one. */
  static long firstSeed() {
    String given = System.getProperty(SEED_PROPERTY, "").strip();
    if (given.isEmpty()) {
      return new SplittableRandom().nextLong();
    }
    try {
      return Long.parseLong(given);
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(
          "-D" + SEED_PROPERTY + " must be a long, such as 42, but was \"" + given + "\"", e);
    }
  }

  /** Returns the seed of the case after the one of {@code seed} (SplitMix64's step). */
  static long nextSeed(long seed) {
    long z = seed + 0x9E3779B97F4A7C15L;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
