package io.github.limiter4j.spring.boot;

import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.autoconfigure.condition.NoneNestedConditions;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Conditional;
import org.springframework.context.annotation.ConfigurationCondition;

/**
 * Stops an application that is not a Spring MVC application (a batch worker, a message listener, a
 * servlet application without Spring MVC) from starting with limited bean methods: limiter4j limits
 * bean methods only where {@link RateLimitAutoConfiguration} applies yet, and a limit that silently
 * does nothing is worse than a start-up failure that names it. {@code ratelimit.enabled=false}
 * starts the application without limits. A WebFlux application fails start-up anyway ({@link
 * ReactiveRateLimitAutoConfiguration}).
 */
@AutoConfiguration
@Conditional(NonServletMethodLimitsAutoConfiguration.NotSpringMvc.class)
@ConditionalOnProperty(prefix = "ratelimit", name = "enabled", matchIfMissing = true)
public class NonServletMethodLimitsAutoConfiguration {
  /** How many limited methods the failure names. */
  private static final int NAMED = 3;

  /** Creates the configuration. */
  public NonServletMethodLimitsAutoConfiguration() {}

  /** Fails before any bean is created if a bean's class has limited methods. */
  @Bean
  static BeanFactoryPostProcessor rateLimitNonServletMethodCheck() {
    return beanFactory -> {
      List<String> named = new ArrayList<>();
      int count = 0;
      for (Class<?> type : MethodTargets.beanTypes(beanFactory)) {
        List<Method> methods = new ArrayList<>(MethodTargets.limitedMethods(type));
        if (type.isInterface()) {
          // A FactoryBean's product known by its interface, such as a Spring Data repository.
          Method limited = MethodTargets.unimplementedLimit(Set.of(type), null);
          if (limited != null) {
            methods.add(limited);
          }
        }
        for (Method method : methods) {
          count++;
          if (named.size() < NAMED) {
            named.add(
                MethodTargets.origin(
                    type.isInterface() ? method.getDeclaringClass() : type, method));
          }
        }
      }
      if (named.isEmpty()) {
        return;
      }
      String others = "";
      if (count > 1) {
        others =
            " (as do "
                + String.join(", ", named.subList(1, named.size()))
                + (count > named.size() ? " and " + (count - named.size()) + " more" : "")
                + ")";
      }
      throw new InvalidRateLimitException(
          named.get(0),
          "",
          "limits a bean method"
              + others
              + " in an application that is not a Spring MVC (servlet web) application"
              + " (spring.main.web-application-type is none, or no servlet web server or Spring"
              + " MVC is on the class path), and limits on bean methods need a Spring MVC"
              + " application for now: the limits would be ignored",
          "Run the application as a Spring MVC (servlet) web application, remove the limits, or"
              + " set ratelimit.enabled=false to start it without rate limiting.",
          null);
    };
  }

  /** Neither a Spring MVC application (which limits bean methods) nor a reactive one (refused). */
  static final class NotSpringMvc extends NoneNestedConditions {
    NotSpringMvc() {
      super(ConfigurationCondition.ConfigurationPhase.PARSE_CONFIGURATION);
    }

    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
    @ConditionalOnClass(name = "org.springframework.web.servlet.DispatcherServlet")
    static final class SpringMvc {}

    @ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.REACTIVE)
    static final class Reactive {}
  }
}
