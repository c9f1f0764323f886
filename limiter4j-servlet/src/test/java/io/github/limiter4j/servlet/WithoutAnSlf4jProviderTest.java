package io.github.limiter4j.servlet;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.github.limiter4j.storage.MemoryStorage;
import io.github.limiter4j.testing.SwitchableStorage;
import io.github.limiter4j.web.Limiter;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.List;
import java.util.ServiceLoader;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * A plain Servlet application often has no SLF4J provider, where SLF4J drops every line: a storage
 * outage is then logged through the JDK's {@code System.Logger}. The build runs this test in an
 * execution of its own, without the SLF4J provider the other tests use.
 */
class WithoutAnSlf4jProviderTest {
  private final List<LogRecord> records = new CopyOnWriteArrayList<>();
  private final Logger jdkLogger = Logger.getLogger(Limiter.class.getName());
  private final Handler handler =
      new Handler() {
        @Override
        public void publish(LogRecord record) {
          records.add(record);
        }

        @Override
        public void flush() {}

        @Override
        public void close() {}
      };

  @BeforeEach
  void listen() {
    assumeTrue(
        ServiceLoader.load(SLF4JServiceProvider.class).stream().findAny().isEmpty(),
        "runs in the build's execution without an SLF4J provider");
    jdkLogger.addHandler(handler);
  }

  @AfterEach
  void stopListening() {
    jdkLogger.removeHandler(handler);
  }

  @Test
  void aStorageOutageIsLoggedThroughTheJdkLogger() throws Exception {
    SwitchableStorage storage = new SwitchableStorage(MemoryStorage.builder().build());
    try (Limiter limiter =
        Limiter.builder().storage(storage).swallowErrors(true).defaultLimits("5/minute").build()) {
      TomcatContainer container = new TomcatContainer(new RateLimitFilter(limiter));
      try {
        storage.takeDown();
        HttpResponse<String> response =
            HttpClient.newHttpClient()
                .send(
                    HttpRequest.newBuilder(URI.create(container.baseUrl() + "/t1")).build(),
                    HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).isEqualTo(200);
      } finally {
        container.stop();
      }
    } finally {
      storage.close();
    }

    assertThat(records)
        .anySatisfy(
            record -> {
              assertThat(record.getLevel()).isEqualTo(Level.SEVERE);
              assertThat(record.getMessage())
                  .contains("Rate limit storage")
                  .contains("failed; requests pass unlimited until it answers again");
              assertThat(record.getThrown()).isNotNull();
            });
  }
}
