package io.github.limiter4j.consumercheck.boot;

import io.github.limiter4j.spring.boot.RateLimit;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** A Spring MVC application with one limited route, built only from the published modules. */
@SpringBootApplication
public class ConsumerApplication {
  /** Starts the application. */
  public static void main(String[] args) {
    SpringApplication.run(ConsumerApplication.class, args);
  }

  /** The limited route. */
  @RestController
  static class Greeting {
    @GetMapping("/hello")
    @RateLimit("2/minute")
    String hello() {
      return "hello";
    }
  }
}
