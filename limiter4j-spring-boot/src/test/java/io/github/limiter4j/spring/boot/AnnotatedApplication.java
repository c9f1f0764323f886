package io.github.limiter4j.spring.boot;

import io.github.limiter4j.web.BreachHandler;
import io.github.limiter4j.web.BreachResponse;
import io.github.limiter4j.web.ExemptionScope;
import io.github.limiter4j.web.LimitProvider;
import io.github.limiter4j.web.RateLimitExceededException;
import io.github.limiter4j.web.ScopeFunction;
import java.util.Map;
import java.util.Optional;
import org.springframework.boot.autoconfigure.SpringBootApplication;
import org.springframework.context.annotation.Bean;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** An application using every annotation option once, for the end-to-end tests. */
@SpringBootApplication
class AnnotatedApplication {
  @Bean
  LimitProvider planLimits() {
    return request -> "gold".equals(request.header("X-Plan")) ? "3/minute" : "1/minute";
  }

  @Bean
  ScopeFunction firstLetter() {
    return endpoint -> endpoint.substring(0, 1);
  }

  @Bean
  BreachHandler teapot() {
    return (limit, request) ->
        Optional.of(BreachResponse.text(418, "short and stout: " + limit.description()));
  }

  @RestController
  static class Limited {
    @GetMapping("/static")
    @RateLimit("1/minute")
    String fixed() {
      return "static";
    }

    @GetMapping("/probe")
    @RateLimit("1/minute")
    String probe() {
      return "probe";
    }

    @GetMapping("/dynamic")
    @RateLimit(limits = "planLimits")
    String dynamic() {
      return "dynamic";
    }

    @GetMapping("/keyed")
    @RateLimit(value = "1/minute", key = "#{request.header('X-User')}")
    String keyed() {
      return "keyed";
    }

    @GetMapping("/scoped/{id}")
    @RateLimit(value = "1/minute", scope = "#{endpoint + '-x'}")
    String scoped(@PathVariable String id) {
      return id;
    }

    @RequestMapping(
        path = "/per-method",
        method = {
          org.springframework.web.bind.annotation.RequestMethod.GET,
          org.springframework.web.bind.annotation.RequestMethod.POST
        })
    @RateLimit(value = "1/minute", perMethod = true)
    String perMethod() {
      return "per-method";
    }

    @RequestMapping(
        path = "/only-post",
        method = {
          org.springframework.web.bind.annotation.RequestMethod.GET,
          org.springframework.web.bind.annotation.RequestMethod.POST
        })
    @RateLimit(value = "1/minute", methods = "POST")
    String onlyPost() {
      return "only-post";
    }

    @GetMapping("/message")
    @RateLimit(value = "1/minute", errorMessage = "slow down")
    String message() {
      return "message";
    }

    @GetMapping("/exempt-when")
    @RateLimit(value = "1/minute", exemptWhen = "#{request.header('X-Internal') != null}")
    String exemptWhen() {
      return "exempt-when";
    }

    @GetMapping("/with-defaults")
    @RateLimit(value = "5/minute", overrideDefaults = false)
    String withDefaults() {
      return "with-defaults";
    }

    @GetMapping("/deduct/{status}")
    @RateLimit(value = "1/minute", deductWhen = "#{response.status() >= 400}")
    ResponseEntity<String> deduct(@PathVariable int status) {
      return ResponseEntity.status(status).body("deduct");
    }

    @GetMapping("/teapot")
    @RateLimit(value = "1/minute", onBreach = "teapot")
    String teapotRoute() {
      return "teapot";
    }

    @GetMapping("/cost")
    @RateLimit(value = "4/minute", cost = 2)
    String cost() {
      return "cost";
    }

    @GetMapping("/cost-function")
    @RateLimit(
        value = "4/minute",
        costFunction = "#{T(java.lang.Long).parseLong(request.header('X-Cost'))}")
    String costFunction() {
      return "cost-function";
    }

    @GetMapping("/meta")
    @RateLimit(value = "1/minute", metaLimits = "1/hour")
    String meta() {
      return "meta";
    }

    @GetMapping("/shared-a")
    @SharedLimit(value = "1/minute", scope = "shared")
    String sharedA() {
      return "a";
    }

    @GetMapping("/shared-b")
    @SharedLimit(value = "1/minute", scope = "shared")
    String sharedB() {
      return "b";
    }

    @GetMapping("/xa")
    @SharedLimit(value = "1/minute", scope = "@firstLetter")
    String xa() {
      return "xa";
    }

    @GetMapping("/xb")
    @SharedLimit(value = "1/minute", scope = "@firstLetter")
    String xb() {
      return "xb";
    }

    @GetMapping("/exempt")
    @RateLimitExempt
    String exempt() {
      return "exempt";
    }

    @GetMapping("/by-path/one")
    String byPath() {
      return "by-path";
    }

    @GetMapping("/exempt-by-path")
    String exemptByPath() {
      return "exempt-by-path";
    }

    @GetMapping("/undecorated")
    String undecorated() {
      return "undecorated";
    }
  }

  @RestController
  static class Handled {
    @GetMapping("/handled")
    @RateLimit("1/minute")
    String handled() {
      return "handled";
    }

    @ExceptionHandler(RateLimitExceededException.class)
    ResponseEntity<Map<String, String>> onLimit(RateLimitExceededException e) {
      return ResponseEntity.status(429).body(Map.of("handled", e.description()));
    }
  }

  @RestController
  @LimitGroup("parent")
  @RateLimit("2/minute")
  static class Parent {
    @GetMapping("/parent")
    String parent() {
      return "parent";
    }
  }

  @RestController
  @LimitGroup("parent.child")
  @RateLimit(value = "1/second", overrideDefaults = false)
  static class Child {
    @GetMapping("/parent/child")
    String child() {
      return "child";
    }
  }

  @RestController
  @LimitGroup("parent.health")
  @RateLimitExempt({ExemptionScope.DEFAULT, ExemptionScope.APPLICATION, ExemptionScope.ANCESTORS})
  static class Health {
    @GetMapping("/parent/health")
    String health() {
      return "ok";
    }
  }
}
