package io.github.limiter4j.memcached;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.limiter4j.Granularity;
import io.github.limiter4j.RateLimitItem;
import io.github.limiter4j.RateLimiter;
import io.github.limiter4j.Strategy;
import io.github.limiter4j.testing.ConcurrencyHarness;
import io.github.limiter4j.testing.ManualClock;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Limits near the largest long on the counters of memcached, on a server of its own whose freed
 * memory holds minus signs. Memcached before 1.6.22 (Debian 12 ships 1.6.18) parses a counter of
 * 2^63 or more and then looks for a minus sign past the value's end, in whatever the memory after
 * it holds; if it finds one it refuses the increment or decrement as "non-numeric". So a counter
 * must never hold 2^63 or more, not even while a refused hit is being given back.
 */
class MemcachedLargeCountersTest {
  private static final RateLimitItem LARGEST = RateLimitItem.of(Long.MAX_VALUE, Granularity.MINUTE);

  private static MemcachedServer server;

  private final ManualClock clock = new ManualClock();
  private MemcachedStorage storage;

  @BeforeAll
  static void startServer() throws IOException {
    server = MemcachedServer.startTcp();
  }

  @AfterAll
  static void stopServer() {
    server.close();
  }

  @BeforeEach
  void createStorage() {
    storage = MemcachedStorage.builder(server.uri()).timeSource(clock).build();
    storage.reset();
    leaveMinusSignsInFreedMemory();
  }

  @AfterEach
  void closeStorage() {
    storage.reset();
    storage.close();
  }

  @ParameterizedTest
  @ValueSource(strings = {"fixed-window", "sliding-window-counter"})
  void refusedHitsNearTheLargestLongAreGivenBackWithoutAFailure(String strategy) {
    RateLimiter limiter = RateLimiter.of(Strategy.fromName(strategy), storage);
    assertThat(limiter.hit(LARGEST, Long.MAX_VALUE - 1, "client")).isTrue();
    assertThat(limiter.hit(LARGEST, 2, "client")).isFalse();
    assertThat(limiter.hit(LARGEST, Long.MAX_VALUE, "client")).isFalse();
    assertThat(limiter.windowStats(LARGEST, "client").remaining()).isEqualTo(1);
    assertThat(limiter.hit(LARGEST, 1, "client")).isTrue();
    assertThat(limiter.windowStats(LARGEST, "client").remaining()).isZero();
  }

  @ParameterizedTest
  @ValueSource(strings = {"fixed-window", "sliding-window-counter"})
  void concurrentHitsNearTheLargestLongAdmitWhatFitsAndNothingMore(String strategy) {
    RateLimiter limiter = RateLimiter.of(Strategy.fromName(strategy), storage);
    // Three fit in the amount, a fourth does not; the clock stands still.
    long cost = Long.MAX_VALUE / 4 + 1;
    int admitted = ConcurrencyHarness.countSuccesses(32, i -> limiter.hit(LARGEST, cost, "hot"));
    assertThat(admitted).isEqualTo(3);
    assertThat(limiter.windowStats(LARGEST, "hot").remaining())
        .isEqualTo(Long.MAX_VALUE - 3 * cost);
  }

  @ParameterizedTest
  @ValueSource(strings = {"fixed-window", "sliding-window-counter"})
  void aHitTakesASecondRoundTripOnlyAbove2To40(String strategy) {
    RateLimiter limiter = RateLimiter.of(Strategy.fromName(strategy), storage);
    RateLimitItem largestOptimistic = RateLimitItem.of(1L << 40, Granularity.MINUTE);
    RateLimitItem smallestChecked = RateLimitItem.of((1L << 40) + 1, Granularity.MINUTE);
    for (RateLimitItem item : List.of(largestOptimistic, smallestChecked)) {
      // The first hit starts the fixed window; the next finds it known.
      assertThat(limiter.hit(item, "round-trips")).isTrue();
      long before = storage.roundTrips();
      assertThat(limiter.hit(item, "round-trips")).isTrue();
      assertThat(storage.roundTrips() - before)
          .as("%s", item)
          .isEqualTo(item == largestOptimistic ? 1 : 2);
    }
  }

  /**
   * Stores items of every size up to 1,000 bytes filled with minus signs, and deletes them:
   * memcached gives their memory, not erased, to the next items of those sizes.
   */
  private void leaveMinusSignsInFreedMemory() {
    List<MetaCommand> adds = new ArrayList<>();
    List<MetaCommand> deletes = new ArrayList<>();
    for (int length = 1; length <= 1_000; length++) {
      String key = "minus-signs/" + length;
      adds.add(MetaCommand.add(key, "-".repeat(length).getBytes(StandardCharsets.US_ASCII), 60));
      deletes.add(MetaCommand.delete(key));
    }
    assertThat(storage.execute(adds)).allMatch(MetaResponse::ok);
    assertThat(storage.execute(deletes)).allMatch(MetaResponse::ok);
  }
}
