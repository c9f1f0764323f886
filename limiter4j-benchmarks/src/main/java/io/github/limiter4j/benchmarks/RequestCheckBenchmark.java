package io.github.limiter4j.benchmarks;

import io.github.limiter4j.storage.MemoryStorage;
import io.github.limiter4j.web.LimitedRequest;
import io.github.limiter4j.web.Limiter;
import java.util.Map;
import java.util.StringJoiner;
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
 * What the web limiter does for one request, without a framework or server: check the request's
 * limits in memory, read the rate limit headers before the handler runs and finish the request
 * after it, as the Servlet and Spring Boot adapters do. Limits are never reached (the admitting
 * path); the client key comes from a header. How the cost grows with the number of limits per
 * request and with the number of keys the storage tracks (every key was counted once before
 * measuring). Run with {@code -prof gc} for bytes per request; see docs/benchmarks.md.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 4, time = 1)
@Measurement(iterations = 5, time = 1)
// The heap is touched before measuring: on a virtual machine the first write to each page is slow,
// and until the first collection every allocation lands on a page never written before.
@Fork(
    value = 1,
    jvmArgsAppend = {"-Xms6g", "-Xmx6g", "-XX:+AlwaysPreTouch"})
public class RequestCheckBenchmark {
  private static final String[] WINDOWS = {"second", "minute", "hour", "day", "month", "year"};

  /** Limits per request: 1, 3 or 10 rate limit items. */
  @Param({"1", "3", "10"})
  public int limits;

  /** How many clients send requests; each is a key the storage tracks per limit. */
  @Param({"1000", "1000000"})
  public int clients;

  /** The strategy. */
  @Param({"fixed-window", "moving-window", "sliding-window-counter"})
  public String strategy;

  private String[] ids;
  private Limiter limiter;

  /** Creates the benchmark; JMH sets its parameters. */
  public RequestCheckBenchmark() {}

  /** Builds the limiter and counts one request of every client. */
  @Setup(Level.Trial)
  public void setUp() {
    StringJoiner notation = new StringJoiner(";");
    for (int i = 0; i < limits; i++) {
      // Distinct items: windows of 1 to 2 of each unit, far more requests than the run makes.
      notation.add(
          "1000000000 per " + (1 + i / WINDOWS.length) + " " + WINDOWS[i % WINDOWS.length]);
    }
    limiter =
        Limiter.builder()
            .keyFunction(request -> request.header(BenchmarkRequest.CLIENT_HEADER))
            .storage(MemoryStorage.builder().maximumKeys(100_000_000).build())
            .strategy(strategy)
            .defaultLimits(notation.toString())
            .headersEnabled(true)
            .build();
    ids = new String[clients];
    for (int i = 0; i < clients; i++) {
      ids[i] = "client-" + i;
      request(new BenchmarkRequest(ids[i]));
    }
  }

  /** Closes the limiter's storage. */
  @TearDown(Level.Trial)
  public void tearDown() {
    limiter.storage().ifPresent(storage -> storage.close());
  }

  private Map<String, String> request(BenchmarkRequest request) {
    LimitedRequest limited = limiter.check(request);
    Map<String, String> before = limited.headers();
    Map<String, String> after = limited.finish(BenchmarkRequest.OK);
    return after.isEmpty() ? before : after;
  }

  /** One request of the next client: check, headers, finish. */
  @Benchmark
  public Map<String, String> request(KeyCursor cursor) {
    // A new string, as each request brings its own client id.
    return request(new BenchmarkRequest(new String(ids[cursor.nextIndex(clients)])));
  }
}
