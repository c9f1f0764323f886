package io.github.limiter4j.examples.quickstart;

import io.github.limiter4j.spring.boot.RateLimit;
import io.github.limiter4j.spring.boot.RateLimitExempt;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * Flask-Limiter's quick start: default limits of 200 a day and 50 an hour for every route (in
 * application.properties), one route with its own limit, one adding a limit to the defaults, one
 * with the defaults only, and one exempt.
 */
@SpringBootApplication
public class QuickstartApplication {
  /** Starts the application. */
  public static void main(String[] args) {
    SpringApplication.run(QuickstartApplication.class, args);
  }

  /** The four routes. */
  @RestController
  static class Views {
    @GetMapping("/slow")
    @RateLimit("1 per day")
    String slow() {
      return ":(";
    }

    @GetMapping("/medium")
    @RateLimit(value = "1/second", overrideDefaults = false)
    String medium() {
      return ":|";
    }

    @GetMapping("/fast")
    String fast() {
      return ":)";
    }

    @GetMapping("/ping")
    @RateLimitExempt
    String ping() {
      return "PONG";
    }
  }
}
