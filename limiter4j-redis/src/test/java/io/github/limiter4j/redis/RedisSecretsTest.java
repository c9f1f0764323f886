package io.github.limiter4j.redis;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.limiter4j.RateLimitItem;
import io.github.limiter4j.RateLimiter;
import io.github.limiter4j.Strategy;
import io.github.limiter4j.storage.Storage;
import io.github.limiter4j.storage.Storages;
import io.github.limiter4j.web.ConfigurationEntry;
import io.github.limiter4j.web.Limiter;
import io.github.limiter4j.web.WebRequest;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * A password in the storage URI never shows: not in descriptions, the configuration the CLI and the
 * Actuator endpoint print, exception messages and stack traces, or what is logged while the server
 * fails.
 */
class RedisSecretsTest {
  private static final String PASSWORD = RedisTestServers.PASSWORD;
  private static final RateLimitItem ONE_PER_MINUTE = RateLimitItem.parse("1/minute");
  private static final WebRequest REQUEST = RedisRequestLimiterTest.request("192.0.2.1");

  @Test
  void theConfigurationAndDescriptionsNeverShowThePassword() {
    try (Limiter limiter =
        Limiter.builder()
            .storageUri(RedisTestServers.standaloneUri() + "?timeout=1s")
            .storageOption("sentinel-password", PASSWORD)
            .defaultLimits("10/minute")
            .build()) {
      StringBuilder shown = new StringBuilder(limiter.toString());
      for (ConfigurationEntry entry : limiter.configuration()) {
        shown.append('\n').append(entry);
      }
      shown.append('\n').append(limiter.storage().orElseThrow());

      assertThat(shown.toString()).contains("****");
      assertNoSecret(shown.toString(), PASSWORD);
    }
  }

  @Test
  void failuresToConnectNeverShowThePassword() throws Exception {
    String unreachable =
        "redis://:" + PASSWORD + "@127.0.0.1:" + RedisServer.sparePort() + "?timeout=300ms";
    assertNoSecret(failureOf(unreachable), PASSWORD);

    String wrong = "wrong-" + PASSWORD;
    String refused =
        "redis://:"
            + URLEncoder.encode(wrong, StandardCharsets.UTF_8)
            + "@127.0.0.1:"
            + RedisTestServers.standalone().port;
    assertThat(failureOf(refused))
        .contains("Cannot connect to the Redis storage redis://:****@127.0.0.1:")
        .contains("WRONGPASS");
    assertNoSecret(failureOf(refused), wrong);
  }

  @Test
  void whatIsLoggedWhileTheServerHangsNeverShowsThePassword() throws Exception {
    try (RedisServer server = RedisServer.start("requirepass " + PASSWORD)) {
      String uri = "redis://:" + PASSWORD + "@127.0.0.1:" + server.port + "?timeout=300ms";
      for (boolean swallow : new boolean[] {true, false}) {
        try (Limiter limiter =
            Limiter.builder()
                .storageUri(uri)
                .swallowErrors(swallow)
                .defaultLimits("10/minute")
                .build()) {
          limiter.check(REQUEST);
          String logged;
          server.pause();
          PrintStream standardError = System.err;
          ByteArrayOutputStream captured = new ByteArrayOutputStream();
          try {
            System.setErr(new PrintStream(captured, true, StandardCharsets.UTF_8));
            try {
              limiter.check(REQUEST);
            } catch (RuntimeException e) {
              e.printStackTrace();
            }
          } finally {
            System.setErr(standardError);
            server.resume();
          }
          logged = captured.toString(StandardCharsets.UTF_8);
          assertThat(logged).as("swallow %s", swallow).contains("failed");
          assertNoSecret(logged, PASSWORD);
        }
      }
    }
  }

  /** Everything a failure of the storage at {@code uri} says: messages, causes, stack trace. */
  private static String failureOf(String uri) {
    try (Storage storage = Storages.fromUri(uri)) {
      RateLimiter.of(Strategy.FIXED_WINDOW, storage).hit(ONE_PER_MINUTE, "secrets");
    } catch (RuntimeException e) {
      StringWriter trace = new StringWriter();
      e.printStackTrace(new PrintWriter(trace));
      return trace.toString();
    }
    throw new AssertionError("the storage at " + uri + " did not fail");
  }

  private static void assertNoSecret(String text, String secret) {
    assertThat(text)
        .doesNotContain(secret)
        .doesNotContain(URLEncoder.encode(secret, StandardCharsets.UTF_8))
        .doesNotContain(secret.substring(1));
  }
}
