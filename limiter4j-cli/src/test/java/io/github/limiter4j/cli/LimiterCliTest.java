package io.github.limiter4j.cli;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.limiter4j.storage.MemoryStorage;
import io.github.limiter4j.testing.SwitchableStorage;
import io.github.limiter4j.web.Limiter;
import io.github.limiter4j.web.Route;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

/** The command against a limiter of this process. */
class LimiterCliTest {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final ByteArrayOutputStream err = new ByteArrayOutputStream();

  private int run(LimiterSource source, String... args) {
    return LimiterCli.run(
        source,
        args,
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8),
        new ByteArrayInputStream(new byte[0]),
        false);
  }

  private String output() {
    return out.toString(StandardCharsets.UTF_8);
  }

  @Test
  void whenTheStorageIsDownLimitsSaySoAndShowNoStatus() {
    SwitchableStorage storage = new SwitchableStorage(MemoryStorage.builder().build());
    try (Limiter limiter =
        Limiter.builder()
            .storage(storage)
            .route(Route.builder("root").path("/").limit("10/minute").build())
            .build()) {
      storage.takeDown();
      assertThat(run(LimiterSource.of(limiter, "app"), "limits", "--key", "10.0.0.1")).isZero();
      assertThat(output())
          .startsWith("Storage not available\n")
          .contains("`-- root: /\n    `-- 10 per 1 minute\n");
      storage.bringUp();
    } finally {
      storage.close();
    }
  }

  @Test
  void watchRedrawsUntilInterrupted() throws Exception {
    AtomicInteger draws = new AtomicInteger();
    try (Limiter limiter = Limiter.builder().defaultLimits("1/minute").build()) {
      LimiterSource counting =
          new LimiterSource() {
            private final LimiterSource delegate = LimiterSource.of(limiter, "app");

            @Override
            public Map<String, Object> configuration() {
              return delegate.configuration();
            }

            @Override
            public Map<String, Object> limits(io.github.limiter4j.web.LimitsQuery query) {
              draws.incrementAndGet();
              return delegate.limits(query);
            }

            @Override
            public Map<String, Object> clear(io.github.limiter4j.web.LimitsQuery query) {
              return delegate.clear(query);
            }
          };
      int[] code = {-1};
      Thread watcher = new Thread(() -> code[0] = run(counting, "limits", "--watch"));
      watcher.start();
      long deadline = System.nanoTime() + 10_000_000_000L;
      while (draws.get() < 2 && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
      watcher.interrupt();
      watcher.join(5000);
      assertThat(draws.get()).isGreaterThanOrEqualTo(2);
      assertThat(code[0]).isZero();
      assertThat(output()).contains("Default Limits\n`-- 1 per 1 minute\n");
    }
  }

  @Test
  void clearingADynamicLimitThisInstanceHasNotCountedTheKeyUnderSaysItIsNotCleared() {
    io.github.limiter4j.web.LimitProvider plans =
        new io.github.limiter4j.web.LimitProvider() {
          @Override
          public String limits(io.github.limiter4j.web.WebRequest request) {
            return "2/minute";
          }

          @Override
          public String toString() {
            return "plans";
          }
        };
    try (Limiter limiter =
        Limiter.builder()
            .route(
                Route.builder("items")
                    .path("/items")
                    .limit(io.github.limiter4j.web.Limit.of(plans))
                    .build())
            .build()) {
      assertThat(run(LimiterSource.of(limiter, "app"), "clear", "--key", "k", "-y")).isZero();
      assertThat(output())
          .endsWith(
              "`-- items: /items\n    `-- (dynamic) plans: no dynamic limit of this key known on"
                  + " this instance: it is cleared only once this instance has counted it\n");
    }
  }

  @Test
  void withoutAProcessLimiterTheUrlIsRequired() {
    assertThat(run(null, "config")).isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("Missing --url");
  }

  @Test
  void anUnreachableEndpointFailsClearly() {
    assertThat(run(null, "--url", "http://127.0.0.1:9/actuator/ratelimits", "config")).isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("cannot connect to http://127.0.0.1:9");
  }

  @Test
  void credentialsInTheUrlAreNeverPrinted() {
    assertThat(run(null, "--url", "http://ops:opspw@127.0.0.1:9/actuator/ratelimits", "config"))
        .isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains("cannot connect to http://ops:****@127.0.0.1:9")
        .doesNotContain("opspw");
  }

  @Test
  void aSecretGivenWithAMistypedOptionIsNotEchoed() {
    assertThat(run(null, "--url", "http://127.0.0.1:9/", "--tokn=s3cr3t-token", "config"))
        .isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8)).contains("--tokn").doesNotContain("s3cr3t");
  }

  @Test
  void aTokenAndAUserTogetherAreAUsageError() {
    assertThat(
            run(
                null,
                "--url",
                "http://127.0.0.1:9/",
                "--token",
                "t0ken",
                "--user",
                "ops",
                "--password",
                "pw",
                "config"))
        .isEqualTo(2);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .contains(
            "give either a bearer token (--token) or a user and password (--user and --password)")
        .contains("not both")
        .doesNotContain("t0ken");
  }

  @Test
  void aPasswordOptionWithoutAValueAsksForItAndTheCommandAfterItIsNoSecret() {
    int code =
        LimiterCli.run(
            null,
            new String[] {
              "--url",
              "http://127.0.0.1:9/actuator/ratelimits",
              "--user",
              "ops",
              "--password",
              "limits"
            },
            new PrintStream(out, true, StandardCharsets.UTF_8),
            new PrintStream(err, true, StandardCharsets.UTF_8),
            new ByteArrayInputStream("typed-Secret\n".getBytes(StandardCharsets.UTF_8)),
            false);

    assertThat(code).isEqualTo(1);
    assertThat(err.toString(StandardCharsets.UTF_8))
        .isEqualTo("Error: cannot connect to http://127.0.0.1:9/actuator/ratelimits\n");
  }
}
