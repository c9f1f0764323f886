package io.github.limiter4j.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.limiter4j.RateLimitItem;
import io.github.limiter4j.RateLimiter;
import io.github.limiter4j.Strategy;
import io.github.limiter4j.WindowStats;
import io.github.limiter4j.testing.ManualClock;
import java.io.IOException;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Sliding window counter keys that the Python {@code limits} library (5.x, its Redis storage)
 * wrote, read and hit by limiter4j on the same server. The keys are written here as {@code limits}
 * leaves them: {@code LIMITS:{LIMITER/<ids>/<amount>/<multiples>/<granularity>}} holds the current
 * bucket's count and is created at the key's first hit with a time to live of two windows; when its
 * time to live falls below one window, {@code limits} renames it to {@code ...}/-1} (the previous
 * bucket, keeping its expiry) and creates the current key again with 0 and the time the previous
 * one has left plus a window. So {@code limits}' buckets start at a key's first hit, not on
 * multiples of the window; each key's bucket ends one window before the key expires.
 *
 * <p>What Python reports, from its {@code get_window_stats}: remaining is the amount less {@code
 * current + floor(previous × previousTtl / window)}; the reset is {@code now + currentTtl % window}
 * for a current count alone.
 */
class RedisSharedWithPythonTest {
  private final RedisServer server = RedisTestServers.standalone();
  private final ManualClock clock = RedisTestServers.clockAheadOfServer();
  private RedisStorage storage;
  private RateLimiter limiter;

  @BeforeEach
  void connect() {
    storage =
        RedisStorage.builder(RedisTestServers.standaloneUri() + "?key_prefix=PYSHARED")
            .timeSource(clock)
            .build();
    limiter = RateLimiter.of(Strategy.SLIDING_WINDOW_COUNTER, storage);
  }

  @AfterEach
  void close() {
    storage.reset();
    storage.close();
  }

  /**
   * A limit and its key as Python names it, first hit by Python {@code offset} ms into a bucket on
   * a multiple of the window: 3 s for {@code 5/10 seconds}, 50 s for {@code 10/minute}.
   */
  static Stream<Arguments> limits() {
    return Stream.of(
        Arguments.of("5/10 seconds", 3000, "PYSHARED:{LIMITER/py-client/5/10/second}"),
        Arguments.of("10/minute", 50_000, "PYSHARED:{LIMITER/py-client/10/1/minute}"));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("limits")
  void aBucketThatPythonStartedEndsOneWindowAfterItsFirstHit(
      String limit, long offset, String current) throws IOException {
    RateLimitItem item = RateLimitItem.parse(limit);
    long window = item.windowMillis();
    long firstHit = firstHit(window, offset);
    // Python's first hit: SET {key} 1 PX 2 × window.
    write(current, 1, firstHit + 2 * window);
    clock.setMillis(firstHit + 1000);

    WindowStats stats = limiter.windowStats(item, "py-client");

    assertThat(stats.remaining()).isEqualTo(item.amount() - 1);
    // Python: now + (2 × window - 1000) % window, the end of the bucket its first hit began.
    assertThat(stats.resetAtMillis()).isEqualTo(firstHit + window);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("limits")
  void aHitAfterPythonsBucketEndedRollsThePairAsPythonWould(
      String limit, long offset, String current) throws IOException {
    RateLimitItem item = RateLimitItem.parse(limit);
    long window = item.windowMillis();
    long firstHit = firstHit(window, offset);
    String previous = current + "/-1";
    write(current, 2, firstHit + 2 * window);
    // 1.2 windows after Python's first hit: its bucket ended 0.2 windows ago.
    clock.setMillis(firstHit + window + window / 5);

    assertThat(limiter.hit(item, "py-client")).isTrue();

    // limits would rename the current key to the previous one, create the current one with the
    // previous one's time left plus a window, and increment it.
    assertThat(RedisTestServers.authed(server, "GET", previous)).isEqualTo("2");
    assertThat(expiresAt(previous)).isEqualTo(firstHit + 2 * window);
    assertThat(RedisTestServers.authed(server, "GET", current)).isEqualTo("1");
    assertThat(expiresAt(current)).isEqualTo(firstHit + 3 * window);
    // 2 × 0.8 of the previous bucket, floored, and 1 in the current one: Python counts 2 too.
    assertThat(limiter.windowStats(item, "py-client").remaining()).isEqualTo(item.amount() - 2);
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("limits")
  void aPairThatPythonRolledIsCountedAndResetAsPythonDoes(String limit, long offset, String current)
      throws IOException {
    RateLimitItem item = RateLimitItem.parse(limit);
    long window = item.windowMillis();
    long firstHit = firstHit(window, offset);
    // Python rolled the pair 1.2 windows after its first hit, then hit once more.
    write(current + "/-1", 1, firstHit + 2 * window);
    write(current, 1, firstHit + 3 * window);
    clock.setMillis(firstHit + window + window / 5);

    WindowStats stats = limiter.windowStats(item, "py-client");

    // floor(1 × 0.8) + 1.
    assertThat(stats.remaining()).isEqualTo(item.amount() - 1);
    // Python: the previous bucket's unit leaves at now + (0.8 window % window), the current one
    // at now + (1.8 windows % window): both when the current bucket ends.
    assertThat(stats.resetAtMillis()).isEqualTo(firstHit + 2 * window);
  }

  /** Python's first hit: {@code offset} ms into a bucket on a multiple of the window, ahead. */
  private long firstHit(long window, long offset) {
    return (clock.currentTimeMillis() / window + 1) * window + offset;
  }

  /** Writes a counter with an absolute expiry: the state Python's relative one leaves. */
  private void write(String key, long count, long expiresAt) throws IOException {
    assertThat(
            RedisTestServers.authed(
                server, "SET", key, Long.toString(count), "PXAT", Long.toString(expiresAt)))
        .isEqualTo("OK");
  }

  private long expiresAt(String key) throws IOException {
    return Long.parseLong(RedisTestServers.authed(server, "PEXPIRETIME", key));
  }
}
