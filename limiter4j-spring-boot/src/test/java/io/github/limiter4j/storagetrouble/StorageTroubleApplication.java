package io.github.limiter4j.storagetrouble;

import io.github.limiter4j.spring.boot.RateLimit;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** An application with a limited route, an unlimited one and one keyed by a header. */
@SpringBootApplication
class StorageTroubleApplication {
  /** Counts the storage's calls (ratelimit.storage.latency). */
  @Bean
  MeterRegistry meterRegistry() {
    return new SimpleMeterRegistry();
  }

  @RestController
  static class Routes {
    @GetMapping("/limited")
    @RateLimit("2/minute")
    String limited() {
      return "limited";
    }

    @GetMapping("/open")
    String open() {
      return "open";
    }

    @GetMapping("/keyed")
    @RateLimit(value = "5/minute", key = "#{request.header('X-Api-Key')}")
    String keyed() {
      return "keyed";
    }
  }
}
