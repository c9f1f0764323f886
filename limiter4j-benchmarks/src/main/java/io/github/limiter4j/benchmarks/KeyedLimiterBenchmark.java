package io.github.limiter4j.benchmarks;

import com.google.common.util.concurrent.RateLimiter;
import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.Bucket;
import io.github.limiter4j.RateLimitItem;
import io.github.limiter4j.Strategy;
import io.github.limiter4j.WindowStats;
import io.github.limiter4j.storage.MemoryStorage;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;
import java.time.Duration;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * One keyed rate limit check per operation, on one hot key or spread over many keys: limiter4j's
 * three strategies on {@link MemoryStorage} beside what users would write with Bucket4j,
 * Resilience4j and Guava (a {@link ConcurrentHashMap} of one limiter per key). Every limiter allows
 * 1,000,000,000 per minute, so that hits pass and the measured path is the admitting one.
 *
 * <p>Each operation gets a new {@code String} for the client id, as a server gets for each request
 * (its hash not yet computed, not identical to the map's key), and every key has been hit once
 * before measuring so that test and stats read real entries.
 *
 * <p>Run with {@code -t 1} and {@code -t 2}; see docs/benchmarks.md.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
@Warmup(iterations = 3, time = 1)
@Measurement(iterations = 5, time = 1)
// The heap is touched before measuring: on a virtual machine the first write to each page is slow,
// and until the first collection every allocation lands on a page never written before.
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms2g", "-Xmx2g", "-XX:+AlwaysPreTouch"})
public class KeyedLimiterBenchmark {
  private static final long AMOUNT = 1_000_000_000L;

  /** How many distinct keys the operations spread over. */
  @Param({"1", "100000"})
  public int keys;

  /** The memory storage's cleanup interval in milliseconds; 0 runs no cleaner. */
  @Param({"1000"})
  public long cleanupMillis;

  private String[] ids;
  private MemoryStorage storage;
  private io.github.limiter4j.RateLimiter fixedWindow;
  private io.github.limiter4j.RateLimiter movingWindow;
  private io.github.limiter4j.RateLimiter slidingWindow;
  private final RateLimitItem perMinute =
      RateLimitItem.of(AMOUNT, 1, io.github.limiter4j.Granularity.MINUTE);

  private final ConcurrentHashMap<String, Bucket> bucket4j = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, io.github.resilience4j.ratelimiter.RateLimiter>
      resilience4j = new ConcurrentHashMap<>();
  private final ConcurrentHashMap<String, RateLimiter> guava = new ConcurrentHashMap<>();
  private RateLimiterConfig resilience4jConfig;

  @Setup(Level.Trial)
  public void setUp() {
    ids = new String[keys];
    for (int i = 0; i < keys; i++) {
      ids[i] = "client-" + i;
    }
    storage =
        MemoryStorage.builder()
            .maximumKeys(10_000_000)
            .cleanupInterval(Duration.ofMillis(cleanupMillis))
            .build();
    fixedWindow = io.github.limiter4j.RateLimiter.of(Strategy.FIXED_WINDOW, storage);
    movingWindow = io.github.limiter4j.RateLimiter.of(Strategy.MOVING_WINDOW, storage);
    slidingWindow = io.github.limiter4j.RateLimiter.of(Strategy.SLIDING_WINDOW_COUNTER, storage);
    resilience4jConfig =
        RateLimiterConfig.custom()
            .limitForPeriod((int) AMOUNT)
            .limitRefreshPeriod(Duration.ofMinutes(1))
            .timeoutDuration(Duration.ZERO)
            .build();
    for (String id : ids) {
      fixedWindow.hit(perMinute, id);
      movingWindow.hit(perMinute, id);
      slidingWindow.hit(perMinute, id);
      bucket4j.computeIfAbsent(id, KeyedLimiterBenchmark::newBucket).tryConsume(1);
      resilience4j
          .computeIfAbsent(
              id, key -> io.github.resilience4j.ratelimiter.RateLimiter.of(key, resilience4jConfig))
          .acquirePermission();
      guava.computeIfAbsent(id, key -> RateLimiter.create(AMOUNT / 60.0)).tryAcquire();
    }
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    storage.close();
  }

  private String id(KeyCursor cursor) {
    // A new instance, as each request brings its own client id string.
    return new String(ids[cursor.nextIndex(keys)]);
  }

  @Benchmark
  public boolean limiter4jFixedWindowHit(KeyCursor cursor) {
    return fixedWindow.hit(perMinute, id(cursor));
  }

  @Benchmark
  public boolean limiter4jMovingWindowHit(KeyCursor cursor) {
    return movingWindow.hit(perMinute, id(cursor));
  }

  @Benchmark
  public boolean limiter4jSlidingWindowHit(KeyCursor cursor) {
    return slidingWindow.hit(perMinute, id(cursor));
  }

  @Benchmark
  public boolean limiter4jFixedWindowTest(KeyCursor cursor) {
    return fixedWindow.test(perMinute, id(cursor));
  }

  @Benchmark
  public boolean limiter4jMovingWindowTest(KeyCursor cursor) {
    return movingWindow.test(perMinute, id(cursor));
  }

  @Benchmark
  public boolean limiter4jSlidingWindowTest(KeyCursor cursor) {
    return slidingWindow.test(perMinute, id(cursor));
  }

  @Benchmark
  public WindowStats limiter4jFixedWindowStats(KeyCursor cursor) {
    return fixedWindow.windowStats(perMinute, id(cursor));
  }

  @Benchmark
  public WindowStats limiter4jMovingWindowStats(KeyCursor cursor) {
    return movingWindow.windowStats(perMinute, id(cursor));
  }

  @Benchmark
  public WindowStats limiter4jSlidingWindowStats(KeyCursor cursor) {
    return slidingWindow.windowStats(perMinute, id(cursor));
  }

  @Benchmark
  public boolean bucket4jKeyedHit(KeyCursor cursor) {
    return bucket4j.computeIfAbsent(id(cursor), KeyedLimiterBenchmark::newBucket).tryConsume(1);
  }

  @Benchmark
  public boolean resilience4jKeyedHit(KeyCursor cursor) {
    return resilience4j
        .computeIfAbsent(
            id(cursor),
            key -> io.github.resilience4j.ratelimiter.RateLimiter.of(key, resilience4jConfig))
        .acquirePermission();
  }

  @Benchmark
  public boolean guavaKeyedHit(KeyCursor cursor) {
    return guava.computeIfAbsent(id(cursor), key -> RateLimiter.create(AMOUNT / 60.0)).tryAcquire();
  }

  private static Bucket newBucket(String key) {
    return Bucket.builder()
        .addLimit(
            Bandwidth.builder()
                .capacity(AMOUNT)
                .refillGreedy(AMOUNT, Duration.ofMinutes(1))
                .build())
        .build();
  }
}
