package io.github.limiter4j.spring.boot.webflux;

import io.github.limiter4j.spring.boot.RateLimit;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import reactor.core.publisher.Mono;

/** A WebFlux application as a user writes it from docs/spring-boot.md: a limited controller. */
@SpringBootApplication
class WebFluxApplication {
  @RestController
  static class Hello {
    @GetMapping("/hello")
    @RateLimit("1/minute")
    Mono<String> hello() {
      return Mono.just("hello");
    }
  }
}
