package io.github.limiter4j.examples.aot;

import io.github.limiter4j.spring.boot.RateLimit;
import io.github.limiter4j.spring.boot.RateLimitExempt;
import java.util.Map;
import org.springframework.aot.AotDetector;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.ApplicationContext;
import org.springframework.context.annotation.AnnotationConfigUtils;
import org.springframework.stereotype.Service;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A limited application as a native image would run it: built with the Spring Boot plugin's {@code
 * process-aot} goal, and started from the generated code with {@code -Dspring.aot.enabled=true}. It
 * has a route limited per client by a SpEL key, a route calling a limited service through its
 * proxy, the {@code ratelimits} Actuator endpoint, and a route telling whether the generated code
 * runs.
 */
@SpringBootApplication
public class AotApplication {
  /** Starts the application. */
  public static void main(String[] args) {
    SpringApplication.run(AotApplication.class, args);
  }

  /** A service whose calls are limited, whoever calls it. */
  @Service
  public static class Reports {
    /** Returns the daily report; twice a minute. */
    @RateLimit("2/minute")
    public String daily() {
      return "report";
    }
  }

  /** The routes. */
  @RestController
  static class Views {
    private final Reports reports;
    private final ApplicationContext context;

    Views(Reports reports, ApplicationContext context) {
      this.reports = reports;
      this.context = context;
    }

    @GetMapping("/hello")
    @RateLimit(value = "2/minute", key = "#{request.header('X-User')}")
    String hello() {
      return "hello";
    }

    @GetMapping("/report")
    String report() {
      return reports.daily();
    }

    /**
     * Whether the application runs from generated code: in AOT mode no configuration class is
     * parsed at start-up, so the processor that parses them is not even defined.
     */
    @GetMapping("/aot")
    @RateLimitExempt
    Map<String, Boolean> aot() {
      return Map.of(
          "generatedArtifacts",
          AotDetector.useGeneratedArtifacts(),
          "configurationClassesParsed",
          context.containsBeanDefinition(
              AnnotationConfigUtils.CONFIGURATION_ANNOTATION_PROCESSOR_BEAN_NAME));
    }
  }
}
