package io.github.limiter4j.aothints;

import io.github.limiter4j.spring.boot.LimitGroup;
import io.github.limiter4j.spring.boot.RateLimit;
import io.github.limiter4j.spring.boot.RateLimitExempt;
import io.github.limiter4j.spring.boot.SharedLimit;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.stereotype.Service;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** An application whose limits sit where start-up looks for them, for the AOT hint tests. */
@SpringBootApplication
public class HintedApplication {
  /** A controller with a method limit and an exempt method. */
  @RestController
  public static class Greetings {
    /** Limited. */
    @GetMapping("/hello")
    @RateLimit(value = "2/minute", key = "#{request.header('X-User')}")
    public String hello() {
      return "hello";
    }

    /** Exempt. */
    @GetMapping("/ping")
    @RateLimitExempt
    public String ping() {
      return "pong";
    }
  }

  /** A controller that is a route group by its class-level limit. */
  @RestController
  @LimitGroup("api")
  @SharedLimit(value = "10/minute", scope = "api")
  public static class Grouped {
    /** Limited by the group. */
    @GetMapping("/api/items")
    public String items() {
      return "items";
    }
  }

  /** What the limited service offers. */
  public interface ReportSource {
    /** A report. */
    String daily();
  }

  /** A service whose calls are limited through a proxy. */
  @Service
  public static class Reports implements ReportSource {
    @Override
    @RateLimit("1/minute")
    public String daily() {
      return "report";
    }
  }

  /** An interface whose method declares the limit. */
  public interface Quoted {
    /** A quote, limited. */
    @RateLimit("1/minute")
    String quote();
  }

  /** A service limited only by its interface. */
  @Service
  public static class Quotes implements Quoted {
    @Override
    public String quote() {
      return "quote";
    }
  }

  /** A bean without limits, which needs no hints of ours. */
  @Service
  public static class Plain {
    /** Not limited. */
    public String plain() {
      return "plain";
    }
  }
}
