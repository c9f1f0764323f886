package io.github.limiter4j.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.limiter4j.servlet.ServletWebRequest;
import io.github.limiter4j.web.ConfigurationEntry;
import io.github.limiter4j.web.CostFunction;
import io.github.limiter4j.web.KeyFunction;
import io.github.limiter4j.web.LimitProvider;
import io.github.limiter4j.web.Limiter;
import io.github.limiter4j.web.RequestCondition;
import io.github.limiter4j.web.ScopeFunction;
import io.github.limiter4j.web.WebRequest;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.mock.web.MockHttpServletRequest;

/**
 * What {@code limiter config} and the Actuator endpoint show for the functions that properties and
 * annotations name: an expression by its text, a bean by its name, as Flask-Limiter shows a
 * function by its name.
 */
class FunctionDescriptionsTest {
  private final DefaultListableBeanFactory beans = new DefaultListableBeanFactory();
  private final Functions functions = new Functions(beans);

  private static WebRequest request(String header) {
    MockHttpServletRequest request = new MockHttpServletRequest("GET", "/");
    if (header != null) {
      request.addHeader("X-Evil", header);
    }
    return new ServletWebRequest(request);
  }

  @Test
  void anExpressionIsShownByItsTextAndStillEvaluated() {
    RequestCondition condition = functions.condition("#{request.header('X-Evil') != null}", "test");
    CostFunction cost = functions.cost("#{request.header('X-Evil') != null ? 2 : 1}", "test");

    assertThat(condition).hasToString("#{request.header('X-Evil') != null}");
    assertThat(cost).hasToString("#{request.header('X-Evil') != null ? 2 : 1}");
    assertThat(functions.key("#{request.header('X-Evil')}", "test"))
        .hasToString("#{request.header('X-Evil')}");
    assertThat(functions.limits("#{'1/second'}", "test")).hasToString("#{'1/second'}");
    assertThat(functions.responseCondition("#{response.status() == 200}", "test"))
        .hasToString("#{response.status() == 200}");
    assertThat(functions.scope("#{endpoint + '-x'}", "test")).hasToString("#{endpoint + '-x'}");
    assertThat(condition.test(request("yes"))).isTrue();
    assertThat(condition.test(request(null))).isFalse();
    assertThat(cost.cost(request("yes"))).isEqualTo(2);
  }

  @Test
  void aBeanWithoutADescriptionOfItsOwnIsShownByItsName() {
    CostFunction lambda = request -> request.header("X-Evil") != null ? 2 : 1;
    beans.registerSingleton("defaultCost", lambda);

    CostFunction cost = functions.cost("defaultCost", "test");

    assertThat(cost).hasToString("defaultCost");
    assertThat(cost.cost(request("yes"))).isEqualTo(2);
    assertThat(cost.cost(request(null))).isEqualTo(1);
  }

  @Test
  void aBeanThatDescribesItselfOrIsShownNowhereIsUsedAsItIs() {
    KeyFunction described = KeyFunction.remoteAddress();
    ScopeFunction scope = endpoint -> endpoint.substring(0, 1);
    beans.registerSingleton("clientKey", described);
    beans.registerSingleton("firstLetter", scope);

    assertThat(functions.key("clientKey", "test")).isSameAs(described);
    assertThat(functions.scope("firstLetter", "test")).isSameAs(scope);
  }

  @Test
  void theConfigurationShowsExpressionsAndBeansAsThePropertiesNameThem() {
    RateLimitAutoConfigurationTest.webApplication()
        .withBean(
            "defaultLimitExtra",
            LimitProvider.class,
            () -> request -> request.header("X-Evil") != null ? "100/minute" : "200/minute")
        .withPropertyValues(
            "ratelimit.default=20/hour;1000/hour",
            "ratelimit.defaults-dynamic=defaultLimitExtra",
            "ratelimit.defaults-exempt-when=#{request.header('X-Internal') != null}",
            "ratelimit.defaults-deduct-when=#{response.status() == 200}",
            "ratelimit.defaults-cost=#{request.header('X-Evil') != null ? 2 : 1}")
        .run(
            context -> {
              Map<String, String> settings =
                  context.getBean(Limiter.class).configuration().stream()
                      .collect(
                          Collectors.toMap(ConfigurationEntry::name, ConfigurationEntry::value));
              assertThat(settings)
                  .containsEntry(
                      "default",
                      "['20 per 1 hour', '1000 per 1 hour', '(dynamic) defaultLimitExtra']")
                  .containsEntry("defaults-exempt-when", "#{request.header('X-Internal') != null}")
                  .containsEntry("defaults-deduct-when", "#{response.status() == 200}")
                  .containsEntry("defaults-cost", "#{request.header('X-Evil') != null ? 2 : 1}");
            });
  }
}
