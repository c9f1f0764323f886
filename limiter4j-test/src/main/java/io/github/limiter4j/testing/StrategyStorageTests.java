package io.github.limiter4j.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.github.limiter4j.Acquisition;
import io.github.limiter4j.AcquisitionResult;
import io.github.limiter4j.Granularity;
import io.github.limiter4j.RateLimitItem;
import io.github.limiter4j.RateLimiter;
import io.github.limiter4j.Strategy;
import io.github.limiter4j.TimeSource;
import io.github.limiter4j.WindowStats;
import io.github.limiter4j.storage.Storage;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * What every storage must do for one strategy, whatever the strategy: the part of the compatibility
 * suite shared by {@link FixedWindowStorageTests}, {@link MovingWindowStorageTests} and {@link
 * SlidingWindowCounterStorageTests}. A backend extends those, not this.
 *
 * <p>Time comes from a {@link ManualClock} given to {@link #createStorage}; a storage that reads
 * time elsewhere (a server's clock) must be made to read it from the given source for this suite.
 */
public abstract class StrategyStorageTests {
  /** The clock of the storage under test; tests move it. */
  protected ManualClock clock;

  /** The storage under test, new for each test. */
  protected Storage storage;

  /** A limiter applying {@link #strategy()} to {@link #storage}. */
  protected RateLimiter limiter;

  /**
   * Creates the storage under test, reading time from {@code timeSource}. It may hold keys of
   * earlier tests only if {@link Storage#reset()} removes them.
   */
  protected abstract Storage createStorage(TimeSource timeSource);

  /** Returns the strategy under test. */
  protected abstract Strategy strategy();

  /**
   * Creates the clock of each test; by default one that starts at {@link
   * ManualClock#DEFAULT_START}. A storage whose keys also expire on a server's clock starts it
   * ahead of the server's time, so that nothing expires on the server before it does on the clock.
   */
  protected ManualClock createClock() {
    return new ManualClock();
  }

  @BeforeEach
  void createLimiter() {
    clock = createClock();
    storage = createStorage(clock);
    storage.reset();
    limiter = RateLimiter.of(strategy(), storage);
  }

  @AfterEach
  void closeStorage() {
    if (storage != null) {
      storage.reset();
      storage.close();
    }
  }

  /**
   * Moves the clock to the start of a window-aligned bucket of {@code item}, plus {@code offset}.
   */
  protected void alignToBucketOf(RateLimitItem item, Duration offset) {
    long window = item.windowMillis();
    long start = Math.floorDiv(clock.currentTimeMillis(), window) * window + window;
    clock.setMillis(start + offset.toMillis());
  }

  @Test
  void theAmountPassesAndTheNextHitFails() {
    RateLimitItem tenPerTwoSeconds = RateLimitItem.of(10, 2, Granularity.SECOND);
    for (int i = 0; i < 10; i++) {
      assertThat(limiter.hit(tenPerTwoSeconds, "client")).as("hit %d", i + 1).isTrue();
    }
    assertThat(limiter.hit(tenPerTwoSeconds, "client")).isFalse();
    assertThat(limiter.test(tenPerTwoSeconds, "client")).isFalse();
    assertThat(limiter.windowStats(tenPerTwoSeconds, "client").remaining()).isZero();
  }

  /**
   * Returns when a key without hits inside its window resets, as {@code limits} reports it: now,
   * for the fixed window and the sliding window counter. The moving window overrides it.
   */
  protected long resetWithoutHits(RateLimitItem item) {
    return clock.currentTimeMillis();
  }

  @Test
  void aKeyNeverHitHasTheWholeAmountAndResetsAsInLimits() {
    RateLimitItem item = RateLimitItem.of(7, Granularity.MINUTE);
    WindowStats stats = limiter.windowStats(item, "nobody");
    assertThat(stats.remaining()).isEqualTo(7);
    assertThat(stats.resetAtMillis()).isEqualTo(resetWithoutHits(item));
    assertThat(limiter.test(item, "nobody")).isTrue();
  }

  @Test
  void aHitCostingMoreThanTheAmountFailsAndLeavesTheKeyUntouched() {
    RateLimitItem tenPerTwoMinutes = RateLimitItem.of(10, 2, Granularity.MINUTE);
    assertThat(limiter.hit(tenPerTwoMinutes, 11, "client")).isFalse();
    assertThat(limiter.windowStats(tenPerTwoMinutes, "client").remaining()).isEqualTo(10);
    assertThat(limiter.hit(tenPerTwoMinutes, 10, "client")).isTrue();
    assertThat(limiter.windowStats(tenPerTwoMinutes, "client").remaining()).isZero();
  }

  @Test
  void aCostIsTakenWhole() {
    RateLimitItem tenPerTwoMinutes = RateLimitItem.of(10, 2, Granularity.MINUTE);
    assertThat(limiter.hit(tenPerTwoMinutes, 5, "client")).isTrue();
    assertThat(limiter.windowStats(tenPerTwoMinutes, "client").remaining()).isEqualTo(5);
    assertThat(limiter.test(tenPerTwoMinutes, 6, "client")).isFalse();
    assertThat(limiter.test(tenPerTwoMinutes, 5, "client")).isTrue();
    assertThat(limiter.hit(tenPerTwoMinutes, 6, "client")).isFalse();
    assertThat(limiter.windowStats(tenPerTwoMinutes, "client").remaining()).isEqualTo(5);
    assertThat(limiter.hit(tenPerTwoMinutes, 5, "client")).isTrue();
    assertThat(limiter.windowStats(tenPerTwoMinutes, "client").remaining()).isZero();
  }

  @Test
  void aRejectedHitConsumesNothing() {
    RateLimitItem threePerMinute = RateLimitItem.of(3, Granularity.MINUTE);
    assertThat(limiter.hit(threePerMinute, 2, "client")).isTrue();
    for (int i = 0; i < 5; i++) {
      assertThat(limiter.hit(threePerMinute, 2, "client")).isFalse();
    }
    assertThat(limiter.windowStats(threePerMinute, "client").remaining()).isEqualTo(1);
    assertThat(limiter.hit(threePerMinute, 1, "client")).isTrue();
  }

  @Test
  void anAmountOfZeroRejectsEveryHit() {
    RateLimitItem none = RateLimitItem.parse("0/minute");
    assertThat(limiter.hit(none, "client")).isFalse();
    assertThat(limiter.test(none, "client")).isFalse();
    WindowStats stats = limiter.windowStats(none, "client");
    assertThat(stats.remaining()).isZero();
    // The refused hit took nothing, so the key is still without hits.
    assertThat(stats.resetAtMillis()).isEqualTo(resetWithoutHits(none));
  }

  @Test
  void aHitOfCostZeroTakesNothing() {
    RateLimitItem onePerMinute = RateLimitItem.of(1, Granularity.MINUTE);
    assertThat(limiter.hit(onePerMinute, 0, "client")).isTrue();
    assertThat(limiter.windowStats(onePerMinute, "client").remaining()).isEqualTo(1);
    assertThat(limiter.hit(onePerMinute, "client")).isTrue();
    assertThat(limiter.hit(onePerMinute, 0, "client")).isTrue();
    assertThat(limiter.hit(onePerMinute, "client")).isFalse();
  }

  @Test
  void aNegativeCostIsAProgrammingError() {
    RateLimitItem item = RateLimitItem.of(1, Granularity.MINUTE);
    assertThatThrownBy(() -> limiter.hit(item, -1, "client"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("cost")
        .hasMessageContaining("-1");
  }

  @Test
  void keysAndLimitsAreCountedApart() {
    RateLimitItem onePerMinute = RateLimitItem.of(1, Granularity.MINUTE);
    RateLimitItem onePerHour = RateLimitItem.of(1, Granularity.HOUR);
    assertThat(limiter.hit(onePerMinute, "a")).isTrue();
    assertThat(limiter.hit(onePerMinute, "b")).isTrue();
    assertThat(limiter.hit(onePerHour, "a")).isTrue();
    assertThat(limiter.hit(onePerMinute.withNamespace("OTHER"), "a")).isTrue();
    assertThat(limiter.hit(onePerMinute, "a")).isFalse();
  }

  /**
   * Keys come from key functions, so from clients: any text must be a key of its own, whatever a
   * storage's key syntax or encoding allows.
   */
  @Test
  void keysOfAnyTextAreCountedApart() {
    RateLimitItem onePerMinute = RateLimitItem.of(1, Granularity.MINUTE);
    List<String> keys =
        List.of(
            "",
            "with space",
            "with_space",
            "tab\there",
            "new\nline",
            "nul\0char",
            "\u007f\u0001",
            "ключ-😀",
            "ünïcödé",
            "x".repeat(10_000),
            "x".repeat(10_000) + "y",
            "\uD800",
            "\uDC00",
            "\uD83D",
            "\uD83C",
            "?",
            "\uFFFD",
            "\uFFFF",
            "\uD800x",
            "?x",
            "a/b:c",
            "a:b/c",
            "{hash}tag",
            "LIMITER/a/b/1/1/minute",
            "$where",
            "a.b",
            "%41",
            "A");
    for (String key : keys) {
      assertThat(limiter.hit(onePerMinute, key)).as("first hit of %s", escaped(key)).isTrue();
    }
    for (String key : keys) {
      assertThat(limiter.hit(onePerMinute, key)).as("second hit of %s", escaped(key)).isFalse();
      assertThat(limiter.windowStats(onePerMinute, key).remaining()).isZero();
    }
  }

  private static String escaped(String key) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < Math.min(key.length(), 40); i++) {
      char c = key.charAt(i);
      out.append(c < 0x20 || c > 0x7e ? String.format("\\u%04x", (int) c) : String.valueOf(c));
    }
    return key.length() > 40 ? out + "... (" + key.length() + " chars)" : out.toString();
  }

  @Test
  void clearForgetsTheHitsOfOneKey() {
    RateLimitItem twoPerMinute = RateLimitItem.of(2, Granularity.MINUTE);
    limiter.hit(twoPerMinute, 2, "a");
    limiter.hit(twoPerMinute, 2, "b");
    limiter.clear(twoPerMinute, "a");
    assertThat(limiter.windowStats(twoPerMinute, "a").remaining()).isEqualTo(2);
    assertThat(limiter.windowStats(twoPerMinute, "b").remaining()).isZero();
    assertThat(limiter.hit(twoPerMinute, 2, "a")).isTrue();
  }

  @Test
  void resetForgetsEveryKey() {
    RateLimitItem onePerMinute = RateLimitItem.of(1, Granularity.MINUTE);
    limiter.hit(onePerMinute, "a");
    limiter.hit(onePerMinute, "b");
    assertThat(storage.reset()).isIn(-1L, 2L);
    assertThat(limiter.hit(onePerMinute, "a")).isTrue();
    assertThat(limiter.hit(onePerMinute, "b")).isTrue();
  }

  @Test
  void aWorkingStorageIsHealthy() {
    assertThat(storage.isHealthy()).isTrue();
  }

  @Test
  void aBatchTakesEveryLimitOrNone() {
    RateLimitItem perSecond = RateLimitItem.of(2, Granularity.SECOND);
    RateLimitItem perMinute = RateLimitItem.of(1, Granularity.MINUTE);
    List<Acquisition> request =
        List.of(Acquisition.of(perSecond, 1, "client"), Acquisition.of(perMinute, 1, "client"));

    AcquisitionResult first = limiter.acquire(request);
    assertThat(first.allowed()).isTrue();
    assertThat(first.remaining(0)).isEqualTo(1);
    assertThat(first.remaining(1)).isZero();

    AcquisitionResult second = limiter.acquire(request);
    assertThat(second.allowed()).isFalse();
    assertThat(second.breached(0)).isFalse();
    assertThat(second.breached(1)).isTrue();
    assertThat(second.firstBreached()).isEqualTo(1);
    assertThat(second.remaining(0)).as("the per-second limit kept its remaining 1").isEqualTo(1);
    assertThat(limiter.windowStats(perSecond, "client").remaining()).isEqualTo(1);
  }

  @Test
  void aBatchReportsEveryBreachedLimit() {
    RateLimitItem a = RateLimitItem.of(1, Granularity.MINUTE);
    RateLimitItem b = RateLimitItem.of(1, Granularity.HOUR);
    RateLimitItem c = RateLimitItem.of(5, Granularity.DAY);
    limiter.hit(a, "client");
    limiter.hit(b, "client");
    AcquisitionResult result =
        limiter.acquire(
            List.of(
                Acquisition.of(a, 1, "client"),
                Acquisition.of(b, 1, "client"),
                Acquisition.of(c, 1, "client")));
    assertThat(result.allowed()).isFalse();
    assertThat(List.of(result.breached(0), result.breached(1), result.breached(2)))
        .containsExactly(true, true, false);
    assertThat(limiter.windowStats(c, "client").remaining()).isEqualTo(5);
  }

  @Test
  void aBatchCountsAcquisitionsOfOneKeyTogether() {
    RateLimitItem threePerMinute = RateLimitItem.of(3, Granularity.MINUTE);
    Acquisition two = Acquisition.of(threePerMinute, 2, "client");
    assertThat(limiter.acquire(List.of(two, two)).allowed()).isFalse();
    assertThat(limiter.windowStats(threePerMinute, "client").remaining()).isEqualTo(3);
    Acquisition one = Acquisition.of(threePerMinute, 1, "client");
    AcquisitionResult result = limiter.acquire(List.of(two, one));
    assertThat(result.allowed()).isTrue();
    assertThat(result.remaining(0)).isZero();
    assertThat(result.remaining(1)).isZero();
  }

  @Test
  void aBatchTestTakesNothing() {
    RateLimitItem twoPerMinute = RateLimitItem.of(2, Granularity.MINUTE);
    List<Acquisition> request = List.of(Acquisition.of(twoPerMinute, 2, "client"));
    AcquisitionResult result = limiter.test(request);
    assertThat(result.allowed()).isTrue();
    assertThat(result.remaining(0)).isEqualTo(2);
    assertThat(limiter.acquire(request).allowed()).isTrue();
    assertThat(limiter.test(request).allowed()).isFalse();
  }

  @Test
  void aTestOnlyAcquisitionMustFitButTakesNothing() {
    RateLimitItem perMinute = RateLimitItem.of(2, Granularity.MINUTE);
    RateLimitItem meta = RateLimitItem.of(1, Granularity.HOUR);
    List<Acquisition> request =
        List.of(Acquisition.of(perMinute, 1, "client"), Acquisition.of(meta, 1, "meta").asTest());

    AcquisitionResult result = limiter.acquire(request);
    assertThat(result.allowed()).isTrue();
    assertThat(result.remaining(0)).isEqualTo(1);
    assertThat(result.remaining(1)).as("tested, not taken").isEqualTo(1);

    limiter.hit(meta, "meta");
    AcquisitionResult refused = limiter.acquire(request);
    assertThat(refused.allowed()).isFalse();
    assertThat(refused.breached(1)).isTrue();
    assertThat(limiter.windowStats(perMinute, "client").remaining())
        .as("the refused batch took nothing")
        .isEqualTo(1);
  }

  @Test
  void aTestOnlyAcquisitionOfATakenKeyMustFitBesideTheTaking() {
    RateLimitItem threePerMinute = RateLimitItem.of(3, Granularity.MINUTE);
    Acquisition take = Acquisition.of(threePerMinute, 2, "client");
    assertThat(limiter.acquire(List.of(take, take.asTest())).allowed()).isFalse();
    assertThat(limiter.windowStats(threePerMinute, "client").remaining()).isEqualTo(3);

    Acquisition testOne = Acquisition.of(threePerMinute, 1, "client").asTest();
    AcquisitionResult result = limiter.acquire(List.of(take, testOne));
    assertThat(result.allowed()).isTrue();
    assertThat(result.remaining(0)).isEqualTo(1);
  }

  @Test
  void anEmptyBatchIsAllowed() {
    AcquisitionResult result = limiter.acquire(List.of());
    assertThat(result.allowed()).isTrue();
    assertThat(result.size()).isZero();
  }

  @Test
  void hundredThreadsOnOneKeyAdmitExactlyTheAmount() {
    RateLimitItem fivePerMinute = RateLimitItem.of(5, Granularity.MINUTE);
    int admitted = ConcurrencyHarness.countSuccesses(100, i -> limiter.hit(fivePerMinute, "hot"));
    assertThat(admitted).isEqualTo(5);
  }

  @Test
  void hundredThreadsTakingBatchesAdmitExactlyTheAmountOfTheSharedLimit() {
    RateLimitItem shared = RateLimitItem.of(5, Granularity.MINUTE);
    RateLimitItem perThread = RateLimitItem.of(1, Granularity.SECOND);
    int admitted =
        ConcurrencyHarness.countSuccesses(
            100,
            i ->
                limiter
                    .acquire(
                        List.of(
                            Acquisition.of(perThread, 1, "thread-" + i),
                            Acquisition.of(shared, 1, "everyone")))
                    .allowed());
    assertThat(admitted).isEqualTo(5);
  }

  @Test
  void concurrentRefusedBatchesGiveBackWhatTheyTook() {
    RateLimitItem roomy = RateLimitItem.of(50, Granularity.MINUTE);
    RateLimitItem tight = RateLimitItem.of(3, Granularity.HOUR);
    int admitted =
        ConcurrencyHarness.countSuccesses(
            100,
            i ->
                limiter
                    .acquire(
                        List.of(
                            Acquisition.of(roomy, 1, "everyone"),
                            Acquisition.of(tight, 1, "everyone")))
                    .allowed());
    assertThat(admitted).isEqualTo(3);
    assertThat(limiter.windowStats(roomy, "everyone").remaining()).isEqualTo(47);
    assertThat(limiter.windowStats(tight, "everyone").remaining()).isZero();
  }

  /** How a batch's refused limit fails to fit. */
  private enum Refusal {
    /** Its key is already full. */
    FULL,
    /** Its cost is above its amount. */
    ABOVE_THE_AMOUNT,
    /** It is a test-only acquisition of a full key. */
    TESTED_FULL,
    /** A taking and a test of one key, which fit apart but not together. */
    TAKEN_AND_TESTED
  }

  /**
   * A refused batch must change nothing anywhere: the count and the reset time of every key in it
   * are what they were before (a window started or extended by the refused batch would move a key's
   * reset time, and a counter it left behind would admit less or later than upstream), wherever the
   * refused limit stands in the batch, and for keys never hit, hit in a running window, and hit in
   * a window that has passed.
   */
  @Test
  void aRefusedBatchLeavesTheCountAndResetTimeOfEveryKeyAsTheyWere() {
    RateLimitItem fivePerMinute = RateLimitItem.of(5, Granularity.MINUTE);
    RateLimitItem twoPerSecond = RateLimitItem.of(2, Granularity.SECOND);
    RateLimitItem onePerHour = RateLimitItem.of(1, Granularity.HOUR);
    RateLimitItem threePerHour = RateLimitItem.of(3, Granularity.HOUR);
    for (Refusal refusal : Refusal.values()) {
      for (int position = 0; position < 4; position++) {
        String run = refusal + "@" + position;
        limiter.hit(fivePerMinute, 2, run, "running");
        limiter.hit(twoPerSecond, 2, run, "passed");
        limiter.hit(onePerHour, run, "full");
        clock.advanceMillis(1_500);
        List<Acquisition> batch =
            new ArrayList<>(
                List.of(
                    Acquisition.of(fivePerMinute, 1, run, "never hit"),
                    Acquisition.of(fivePerMinute, 1, run, "running"),
                    Acquisition.of(twoPerSecond, 1, run, "passed")));
        List<Acquisition> refused =
            switch (refusal) {
              case FULL -> List.of(Acquisition.of(onePerHour, 1, run, "full"));
              case ABOVE_THE_AMOUNT -> List.of(Acquisition.of(threePerHour, 4, run, "costly"));
              case TESTED_FULL -> List.of(Acquisition.of(onePerHour, 1, run, "full").asTest());
              case TAKEN_AND_TESTED ->
                  List.of(
                      Acquisition.of(threePerHour, 2, run, "pair"),
                      Acquisition.of(threePerHour, 2, run, "pair").asTest());
            };
        batch.addAll(position, refused);
        Map<String, WindowStats> before = statsOfEveryKey(batch);

        AcquisitionResult result = limiter.acquire(batch);

        assertThat(result.allowed()).as(run).isFalse();
        assertThat(result.breached(position)).as(run).isTrue();
        assertThat(statsOfEveryKey(batch)).as("%s, right after", run).isEqualTo(before);
        for (int i = 0; i < batch.size(); i++) {
          Acquisition acquisition = batch.get(i);
          assertThat(result.remaining(i))
              .as("%s, remaining of %s in the result", run, acquisition.key())
              .isEqualTo(before.get(acquisition.key()).remaining());
        }
      }
    }
  }

  /**
   * A refused batch that would have started windows leaves later requests exactly where they would
   * have been without it: twin keys, one set refused and one never asked, report the same stats as
   * time goes on.
   */
  @Test
  void aRefusedBatchIsInvisibleToLaterRequests() {
    RateLimitItem tenPerMinute = RateLimitItem.of(10, Granularity.MINUTE);
    RateLimitItem onePerSecond = RateLimitItem.of(1, Granularity.SECOND);
    for (String twin : List.of("refused", "untouched")) {
      assertThat(limiter.hit(onePerSecond, twin)).isTrue();
    }
    limiter.hit(tenPerMinute, 3, "refused", "earlier");
    limiter.hit(tenPerMinute, 3, "untouched", "earlier");
    clock.advanceMillis(200);
    AcquisitionResult result =
        limiter.acquire(
            List.of(
                Acquisition.of(tenPerMinute, 1, "refused"),
                Acquisition.of(tenPerMinute, 1, "refused", "earlier"),
                Acquisition.of(onePerSecond, 1, "refused")));
    assertThat(result.allowed()).isFalse();
    for (long step : new long[] {0, 900, 20_000, 39_000, 1_000, 60_000}) {
      clock.advanceMillis(step);
      for (String[] ids : new String[][] {{}, {"earlier"}}) {
        assertThat(stats(tenPerMinute, "refused", ids))
            .as("%s at +%d ms", List.of(ids), step)
            .isEqualTo(stats(tenPerMinute, "untouched", ids));
      }
    }
  }

  private WindowStats stats(RateLimitItem item, String first, String... more) {
    String[] ids = new String[more.length + 1];
    ids[0] = first;
    System.arraycopy(more, 0, ids, 1, more.length);
    return limiter.windowStats(item, ids);
  }

  private Map<String, WindowStats> statsOfEveryKey(List<Acquisition> batch) {
    Map<String, WindowStats> stats = new LinkedHashMap<>();
    for (Acquisition acquisition : batch) {
      stats.put(
          acquisition.key(),
          strategy().storeIn(storage).stats(acquisition.item(), acquisition.key()));
    }
    return stats;
  }

  /**
   * Returns the largest cost one hit may take; by default no bound. A storage that bounds it (the
   * Redis moving window logs every unit) declares it in {@link
   * io.github.limiter4j.storage.spi.WindowStore#cannotHold} and refuses larger costs (that the
   * amount would admit) with an {@link IllegalArgumentException} giving that reason.
   */
  protected long largestCost() {
    return Long.MAX_VALUE;
  }

  /**
   * Returns the largest amount a limit may have; by default no bound. A storage that bounds it (the
   * memcached moving window keeps every hit in one item) declares it in {@link
   * io.github.limiter4j.storage.spi.WindowStore#cannotHold} and refuses larger amounts with an
   * {@link IllegalArgumentException} giving that reason.
   */
  protected long largestAmount() {
    return Long.MAX_VALUE;
  }

  @Test
  void amountsNearTheLargestLongNeitherOverflowNorGoNegative() {
    if (largestAmount() < Long.MAX_VALUE) {
      RateLimitItem largest = RateLimitItem.of(largestAmount(), Granularity.SECOND);
      assertThat(limiter.hit(largest, largestAmount(), "client")).isTrue();
      assertThat(limiter.hit(largest, 1, "client")).isFalse();
      assertThat(limiter.windowStats(largest, "client").remaining()).isZero();
      RateLimitItem tooLarge = RateLimitItem.of(largestAmount() + 1, Granularity.SECOND);
      // The storage declares its bound, so that a request limiter can check limits at start-up.
      assertThat(limiter.cannotHold(largest, largestAmount())).isEmpty();
      assertThat(limiter.cannotHold(tooLarge, 1)).get().asString().contains(largestAmount() + "");
      assertThatThrownBy(() -> limiter.hit(tooLarge, "client"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage(limiter.cannotHold(tooLarge, 1).get());
      return;
    }
    RateLimitItem huge = RateLimitItem.of(Long.MAX_VALUE, Granularity.SECOND);
    if (largestCost() < Long.MAX_VALUE - 1) {
      assertThat(limiter.cannotHold(huge, largestCost())).isEmpty();
      assertThat(limiter.cannotHold(huge, largestCost() + 1))
          .get()
          .asString()
          .contains(largestCost() + "");
      RateLimitItem small = RateLimitItem.of(10, Granularity.SECOND);
      assertThat(limiter.cannotHold(small, largestCost() + 1))
          .as("a cost above the amount is refused, never held")
          .isEmpty();
      assertThat(limiter.hit(small, largestCost() + 1, "client")).isFalse();
      assertThat(limiter.hit(huge, largestCost(), "client")).isTrue();
      assertThat(limiter.windowStats(huge, "client").remaining())
          .isEqualTo(Long.MAX_VALUE - largestCost());
      assertThatThrownBy(() -> limiter.hit(huge, largestCost() + 1, "client"))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessage(limiter.cannotHold(huge, largestCost() + 1).get());
      return;
    }
    assertThat(limiter.cannotHold(huge, Long.MAX_VALUE)).as("no bound").isEmpty();
    assertThat(limiter.hit(huge, Long.MAX_VALUE - 1, "client")).isTrue();
    assertThat(limiter.hit(huge, 2, "client")).isFalse();
    assertThat(limiter.hit(huge, Long.MAX_VALUE, "client")).isFalse();
    assertThat(limiter.windowStats(huge, "client").remaining()).isEqualTo(1);
    assertThat(limiter.hit(huge, 1, "client")).isTrue();
    assertThat(limiter.windowStats(huge, "client").remaining()).isZero();
  }

  @Test
  void aWindowOfManyYearsWorks() {
    RateLimitItem longest = RateLimitItem.of(2, 100_000_000, Granularity.YEAR);
    assertThat(limiter.hit(longest, "client")).isTrue();
    WindowStats stats = limiter.windowStats(longest, "client");
    assertThat(stats.remaining()).isEqualTo(1);
    assertThat(stats.resetAtMillis()).isGreaterThan(clock.currentTimeMillis());
    clock.advance(Duration.ofDays(3_650));
    assertThat(limiter.hit(longest, "client")).isTrue();
    assertThat(limiter.hit(longest, "client")).isFalse();
  }

  /**
   * A clock stepping back by less than a window (NTP correcting a fast clock, or instances whose
   * clocks disagree) must not free what was taken: every storage keeps a window's hits visible from
   * a clock up to one window behind the one that wrote them.
   */
  @Test
  void aClockThatStepsBackFreesNoHits() {
    RateLimitItem fivePerMinute = RateLimitItem.of(5, Granularity.MINUTE);
    long start = clock.currentTimeMillis();
    assertThat(limiter.hit(fivePerMinute, 5, "client")).isTrue();

    for (long back : new long[] {1, 30_000, 59_999}) {
      clock.setMillis(start - back);
      WindowStats stats = limiter.windowStats(fivePerMinute, "client");
      assertThat(limiter.hit(fivePerMinute, "client")).as("%d ms back", back).isFalse();
      assertThat(stats.remaining()).as("%d ms back", back).isZero();
      assertThat(stats.resetAtMillis()).as("%d ms back", back).isGreaterThanOrEqualTo(start - back);
    }
    clock.setMillis(start + 60_001 + 60_000); // past the window, and past a counter's next bucket
    assertThat(limiter.hit(fivePerMinute, 5, "client")).isTrue();
  }

  @Test
  void aClockThatJumpsYearsAheadStartsAFreshWindow() {
    RateLimitItem fivePerMinute = RateLimitItem.of(5, Granularity.MINUTE);
    assertThat(limiter.hit(fivePerMinute, 5, "client")).isTrue();

    clock.advance(Duration.ofDays(3 * 365));
    long now = clock.currentTimeMillis();
    WindowStats stats = limiter.windowStats(fivePerMinute, "client");

    assertThat(stats.remaining()).isEqualTo(5);
    assertThat(stats.resetAtMillis()).isEqualTo(resetWithoutHits(fivePerMinute));
    assertThat(limiter.hit(fivePerMinute, 5, "client")).isTrue();
    assertThat(limiter.hit(fivePerMinute, "client")).isFalse();
    assertThat(limiter.windowStats(fivePerMinute, "client").resetAtMillis())
        .isBetween(now, now + 60_000 + 60_000);
  }

  @Test
  void remainingIsNeverNegativeAndResetNeverInThePast() {
    // A fixed walk that every run checks alike, then a new one each run.
    RandomCases.check(42, 1, random -> randomWalk(random, 0));
    RandomCases.check(1, random -> randomWalk(random, 0));
  }

  @Test
  void remainingIsNeverNegativeAndResetNeverInThePastWhenTheClockStepsBack() {
    RandomCases.check(7, 1, random -> randomWalk(random, 2_000));
    RandomCases.check(1, random -> randomWalk(random, 2_000));
  }

  /**
   * Hits, tests and batches at random, moving the clock ahead by up to 3 s (and back by up to
   * {@code maxStepBackMillis}), checking after each step what a caller relies on. Each test walks a
   * fixed seed, the same on every run, then a new one; a failing walk is replayed with the seed its
   * failure names.
   */
  private void randomWalk(RandomGenerator random, int maxStepBackMillis) {
    List<RateLimitItem> items =
        List.of(
            RateLimitItem.of(3, Granularity.SECOND),
            RateLimitItem.of(10, 7, Granularity.SECOND),
            RateLimitItem.of(100, Granularity.MINUTE));
    for (int step = 0; step < 2_000; step++) {
      RateLimitItem item = items.get(random.nextInt(items.size()));
      String key = "k" + random.nextInt(3);
      switch (random.nextInt(maxStepBackMillis > 0 ? 5 : 4)) {
        case 0:
          clock.advanceMillis(random.nextInt(3_000));
          break;
        case 1:
          limiter.hit(item, random.nextInt(5), key);
          break;
        case 2:
          limiter.acquire(List.of(Acquisition.of(item, 1, key), Acquisition.of(items.get(0), 1)));
          break;
        case 3:
          limiter.test(item, random.nextInt(5), key);
          break;
        default:
          clock.advanceMillis(-random.nextInt(maxStepBackMillis));
      }
      long now = clock.currentTimeMillis();
      WindowStats stats = limiter.windowStats(item, key);
      assertThat(stats.remaining()).as("step %d", step).isBetween(0L, item.amount());
      assertThat(stats.resetAtMillis()).as("step %d", step).isGreaterThanOrEqualTo(now);
      assertThat(limiter.test(item, key)).as("step %d", step).isEqualTo(stats.remaining() > 0);
    }
  }
}
