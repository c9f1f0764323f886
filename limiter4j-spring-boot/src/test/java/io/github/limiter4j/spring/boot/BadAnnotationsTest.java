package io.github.limiter4j.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** Every malformed annotation attribute stops start-up, naming the method and the attribute. */
class BadAnnotationsTest {
  private final WebApplicationContextRunner runner =
      RateLimitAutoConfigurationTest.webApplication();

  @ParameterizedTest(name = "{1}")
  @CsvSource(
      delimiter = '|',
      value = {
        "BadValue | 10/minuet",
        "BadLimits | (limits)",
        "ValueAndLimits | gives both value and limits",
        "NoLimits | declares no limits",
        "BadKey | (key)",
        "BadMissingKey | (missingKey)",
        "BadScope | (scope)",
        "BadMethods | (methods)",
        "BadErrorMessage | (errorMessage)",
        "BadExemptWhen | (exemptWhen)",
        "BadDeductWhen | (deductWhen)",
        "BadOnBreach | (onBreach)",
        "NegativeCost | is not a cost",
        "BadCostFunction | (costFunction)",
        "BadMetaLimits | (metaLimits)",
        "BadSharedLimit | @SharedLimit on BadAnnotationsTest.BadSharedLimit.get()"
      })
  void aMalformedAttributeFailsStartUpNamingTheMethod(String controller, String named) {
    Class<?> type;
    try {
      type = Class.forName(BadAnnotationsTest.class.getName() + "$" + controller);
    } catch (ClassNotFoundException e) {
      throw new AssertionError(e);
    }
    runner
        .withUserConfiguration(type)
        .run(
            context -> {
              assertThat(context).hasFailed();
              InvalidRateLimitException cause =
                  RateLimitAutoConfigurationTest.find(context.getStartupFailure());
              assertThat(cause).as("the start-up failure's cause").isNotNull();
              assertThat(cause.getMessage())
                  .contains("BadAnnotationsTest." + controller + ".get()")
                  .contains(named);
            });
  }

  @RestController
  static class BadValue {
    @GetMapping("/x")
    @RateLimit("10/minuet")
    String get() {
      return "";
    }
  }

  @RestController
  static class BadLimits {
    @GetMapping("/x")
    @RateLimit(limits = "noSuchProvider")
    String get() {
      return "";
    }
  }

  @RestController
  static class ValueAndLimits {
    @GetMapping("/x")
    @RateLimit(value = "1/minute", limits = "#{'1/hour'}")
    String get() {
      return "";
    }
  }

  @RestController
  static class NoLimits {
    @GetMapping("/x")
    @RateLimit
    String get() {
      return "";
    }
  }

  @RestController
  static class BadMissingKey {
    @GetMapping("/x")
    @RateLimit(value = "1/minute", key = "#{request.header('X-Api-Key')}", missingKey = "ignore")
    String get() {
      return "";
    }
  }

  @RestController
  static class BadKey {
    @GetMapping("/x")
    @RateLimit(value = "1/minute", key = "#{request.header(}")
    String get() {
      return "";
    }
  }

  @RestController
  static class BadScope {
    @GetMapping("/x")
    @RateLimit(value = "1/minute", scope = "#{endpoint +}")
    String get() {
      return "";
    }
  }

  @RestController
  static class BadMethods {
    @GetMapping("/x")
    @RateLimit(
        value = "1/minute",
        methods = {"GET", "PO ST"})
    String get() {
      return "";
    }
  }

  @RestController
  static class BadErrorMessage {
    @GetMapping("/x")
    @RateLimit(value = "1/minute", errorMessage = "#{limit.}")
    String get() {
      return "";
    }
  }

  @RestController
  static class BadExemptWhen {
    @GetMapping("/x")
    @RateLimit(value = "1/minute", exemptWhen = "noSuchCondition")
    String get() {
      return "";
    }
  }

  @RestController
  static class BadDeductWhen {
    @GetMapping("/x")
    @RateLimit(value = "1/minute", deductWhen = "#{response.status(}")
    String get() {
      return "";
    }
  }

  @RestController
  static class BadOnBreach {
    @GetMapping("/x")
    @RateLimit(value = "1/minute", onBreach = "noSuchHandler")
    String get() {
      return "";
    }
  }

  @RestController
  static class NegativeCost {
    @GetMapping("/x")
    @RateLimit(value = "1/minute", cost = -2)
    String get() {
      return "";
    }
  }

  @RestController
  static class BadCostFunction {
    @GetMapping("/x")
    @RateLimit(value = "1/minute", costFunction = "#{1 +}")
    String get() {
      return "";
    }
  }

  @RestController
  static class BadMetaLimits {
    @GetMapping("/x")
    @RateLimit(value = "1/minute", metaLimits = "1/dya")
    String get() {
      return "";
    }
  }

  @RestController
  static class BadSharedLimit {
    @GetMapping("/x")
    @SharedLimit(value = "1/minuet", scope = "shared")
    String get() {
      return "";
    }
  }
}
