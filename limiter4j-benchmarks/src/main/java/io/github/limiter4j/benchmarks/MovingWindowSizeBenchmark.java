package io.github.limiter4j.benchmarks;

import io.github.limiter4j.TimeSource;
import io.github.limiter4j.storage.MemoryStorage;
import io.github.limiter4j.web.LimitedRequest;
import io.github.limiter4j.web.Limiter;
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
 * The cost of a request under a moving window limit of {@code size} per hour whose log is full: one
 * client, one thread, a clock that moves on by just over an hour divided by the size at each
 * request, so that the window always holds {@code size - 1} hits, one expires and one is added per
 * request, and every request passes. The moving window promises a hit cost independent of the
 * limit's size; this measures it from 10 to 100,000.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 4, time = 1)
@Measurement(iterations = 5, time = 1)
@Fork(1)
public class MovingWindowSizeBenchmark {
  private static final long HOUR_MILLIS = 3_600_000;

  /** The limit: this many requests per hour. */
  @Param({"10", "1000", "100000"})
  public int size;

  private long now = 1_000_000_000_000L;
  private long step;
  private Limiter limiter;
  private final BenchmarkRequest request = new BenchmarkRequest("client");

  /** Creates the benchmark; JMH sets its parameters. */
  public MovingWindowSizeBenchmark() {}

  /** Builds the limiter and fills the client's window. */
  @Setup(Level.Trial)
  public void setUp() {
    step = HOUR_MILLIS / size + 1;
    TimeSource clock = () -> now;
    limiter =
        Limiter.builder()
            .keyFunction(each -> each.header(BenchmarkRequest.CLIENT_HEADER))
            .timeSource(clock)
            .storage(MemoryStorage.builder().timeSource(clock).build())
            .strategy("moving-window")
            .defaultLimits(size + "/hour")
            .headersEnabled(true)
            .build();
    for (int i = 0; i < size; i++) {
      request();
    }
  }

  /** Closes the limiter's storage. */
  @TearDown(Level.Trial)
  public void tearDown() {
    limiter.storage().ifPresent(storage -> storage.close());
  }

  /** One request, a step later than the last. */
  @Benchmark
  public Object request() {
    now += step;
    LimitedRequest limited = limiter.check(request);
    return limited.finish(BenchmarkRequest.OK);
  }
}
