package io.github.limiter4j.benchmarks.http;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.cache.annotation.EnableCaching;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * The application of the HTTP benchmarks: one endpoint, {@code GET /hello}. Its profiles choose the
 * limiter: none, {@code limiter4j} or {@code bucket4j}, in memory or with {@code redis}, with one
 * limit or three ({@code limiter4j1}, {@code limiter4j3}, {@code bucket4j1}, {@code bucket4j3})
 * (see {@code limiter4j-benchmarks/http-benchmark.sh}).
 */
@SpringBootApplication
@EnableCaching
@RestController
public class HttpBenchmarkApplication {
  /** Starts the application. */
  public static void main(String[] args) {
    SpringApplication.run(HttpBenchmarkApplication.class, args);
  }

  /** Returns a greeting: the least an endpoint can do. */
  @GetMapping("/hello")
  public String hello() {
    return "hello";
  }
}
