package io.github.limiter4j.benchmarks;

import io.github.bucket4j.Bandwidth;
import io.github.bucket4j.BucketConfiguration;
import io.github.bucket4j.distributed.BucketProxy;
import io.github.bucket4j.redis.lettuce.Bucket4jLettuce;
import io.github.limiter4j.Acquisition;
import io.github.limiter4j.RateLimitItem;
import io.github.limiter4j.RateLimiter;
import io.github.limiter4j.Strategy;
import io.github.limiter4j.redis.RedisStorage;
import io.lettuce.core.RedisClient;
import io.lettuce.core.RedisURI;
import io.lettuce.core.api.StatefulRedisConnection;
import io.lettuce.core.codec.ByteArrayCodec;
import io.lettuce.core.codec.RedisCodec;
import io.lettuce.core.codec.StringCodec;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
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
 * One request's limits checked in Redis, on one hot key: limiter4j's batch acquire (one script call
 * for all the limits) beside Bucket4j's Lettuce proxy manager (a bucket with the same bandwidths,
 * compare-and-swap). Every limit allows 1,000,000,000 per minute so that requests pass. The
 * server's URI comes from {@code -Dlimiter4j.redis.uri}; run with {@code -t 1}, {@code -t 16} and
 * {@code -t 64} (limiter4j-benchmarks/redis-benchmark.sh does all of it).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 2, time = 2)
@Measurement(iterations = 3, time = 3)
@Fork(1)
public class RedisLimiterBenchmark {
  private static final long AMOUNT = 1_000_000_000L;
  private static final String[] WINDOWS = {"second", "minute", "hour"};

  /** How many limits one request is checked against. */
  @Param({"1", "3"})
  public int limits;

  /** The limiter4j strategy. */
  @Param({"fixed-window"})
  public String strategy;

  private RedisStorage storage;
  private RateLimiter limiter;
  private List<Acquisition> request;
  private RedisClient client;
  private StatefulRedisConnection<String, byte[]> bucket4jConnection;
  private BucketProxy bucket;

  @Setup(Level.Trial)
  public void setUp() {
    String uri = System.getProperty("limiter4j.redis.uri", "redis://127.0.0.1:6379");
    storage = RedisStorage.builder(uri).build();
    storage.reset();
    limiter = RateLimiter.of(Strategy.fromName(strategy), storage);
    request = new ArrayList<>();
    var bandwidths = new ArrayList<Bandwidth>();
    for (int i = 0; i < limits; i++) {
      RateLimitItem item = RateLimitItem.parse(AMOUNT + "/" + WINDOWS[i]);
      request.add(Acquisition.of(item, 1, "hot-client", "endpoint"));
      bandwidths.add(
          Bandwidth.builder()
              .capacity(AMOUNT)
              .refillGreedy(AMOUNT, Duration.ofMillis(item.windowMillis()))
              .build());
    }
    client = RedisClient.create(RedisURI.create(uri));
    bucket4jConnection = client.connect(RedisCodec.of(StringCodec.UTF8, ByteArrayCodec.INSTANCE));
    var configuration = BucketConfiguration.builder();
    bandwidths.forEach(configuration::addLimit);
    BucketConfiguration built = configuration.build();
    bucket =
        Bucket4jLettuce.casBasedBuilder(bucket4jConnection)
            .build()
            .builder()
            .build("bucket4j-hot-client", () -> built);
  }

  @TearDown(Level.Trial)
  public void tearDown() {
    storage.reset();
    storage.close();
    bucket4jConnection.close();
    client.shutdown();
  }

  @Benchmark
  public boolean limiter4jBatchAcquire() {
    return limiter.acquire(request).allowed();
  }

  @Benchmark
  public boolean bucket4jLettuceTryConsume() {
    return bucket.tryConsume(1);
  }
}
