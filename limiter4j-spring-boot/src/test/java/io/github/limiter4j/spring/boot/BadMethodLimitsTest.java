package io.github.limiter4j.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.springframework.beans.factory.FactoryBean;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.core.PriorityOrdered;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/**
 * A limit on a bean method that a proxy cannot apply stops start-up with a failure analysis naming
 * the method, instead of being ignored.
 */
class BadMethodLimitsTest {
  private final WebApplicationContextRunner runner =
      RateLimitAutoConfigurationTest.webApplication();

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {
        "PrivateMethod | PrivateMethod.count() | private",
        "StaticMethod | StaticMethod.count() | static",
        "FinalMethod | FinalMethod.count() | final",
        "FinalClass | FinalClass.count() | final class",
        "HttpMethods | HttpMethods.count() | methods",
        "PerMethod | PerMethod.count() | perMethod",
        "DeductWhen | DeductWhen.count() | deductWhen",
        "MetaLimits | MetaLimits.count() | metaLimits",
        "MissingKeyAttribute | MissingKeyAttribute.count( | missingKey",
        "BadKey | BadKey.count() | (key)",
        "HiddenType | HiddenImpl.count() | return type",
        "ControllerHelper | ControllerHelper.helper() | not a request handler",
        "ControllerInterface | ControllerInterface.get() | overrides or implements",
        "OnlyExempt | OnlyExempt.count() | exempts",
        "MadeBeforeTheLimiter | Early.count() | BeanPostProcessor",
        "InterfaceOnlyBean | Finder.find( | interface",
        "InjectedInterfaceOnlyBean | Finder.find( | interface"
      })
  void aLimitThatCannotApplyFailsStartUpNamingTheMethod(
      String configuration, String method, String problem) throws Exception {
    Class<?> type = Class.forName(BadMethodLimitsTest.class.getName() + "$" + configuration);
    runner
        .withUserConfiguration(type)
        .run(
            context -> {
              assertThat(context).hasFailed();
              InvalidRateLimitException cause =
                  RateLimitAutoConfigurationTest.find(context.getStartupFailure());
              assertThat(cause).as("the start-up failure's cause").isNotNull();
              FailureAnalysis analysis =
                  new InvalidRateLimitFailureAnalyzer().analyze(context.getStartupFailure());
              assertThat(analysis.getDescription())
                  .contains("BadMethodLimitsTest." + method)
                  .contains(problem);
            });
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(
      delimiter = '|',
      value = {"InterfaceOnlyProxy | InterfaceOnlyProxy.extra() | interface"})
  void withInterfaceProxiesALimitOnAMethodNoInterfaceDeclaresFailsStartUp(
      String configuration, String method, String problem) throws Exception {
    Class<?> type = Class.forName(BadMethodLimitsTest.class.getName() + "$" + configuration);
    runner
        .withPropertyValues("spring.aop.proxy-target-class=false")
        .withUserConfiguration(type)
        .run(
            context -> {
              assertThat(context).hasFailed();
              InvalidRateLimitException cause =
                  RateLimitAutoConfigurationTest.find(context.getStartupFailure());
              assertThat(cause).as("the start-up failure's cause").isNotNull();
              assertThat(cause.getMessage())
                  .contains("BadMethodLimitsTest." + method)
                  .contains(problem);
            });
  }

  @Configuration(proxyBeanMethods = false)
  static class PrivateMethod {
    @RateLimit("1/minute")
    private int count() {
      return 1;
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class StaticMethod {
    @RateLimit("1/minute")
    public static int count() {
      return 1;
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class FinalMethod {
    @RateLimit("1/minute")
    public final int count() {
      return 1;
    }
  }

  static final class FinalClass {
    @RateLimit("1/minute")
    public int count() {
      return 1;
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class HttpMethods {
    @RateLimit(value = "1/minute", methods = "GET")
    public int count() {
      return 1;
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class PerMethod {
    @RateLimit(value = "1/minute", perMethod = true)
    public int count() {
      return 1;
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class DeductWhen {
    @RateLimit(value = "1/minute", deductWhen = "#{true}")
    public int count() {
      return 1;
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class MetaLimits {
    @RateLimit(value = "1/minute", metaLimits = "1/hour")
    public int count() {
      return 1;
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class MissingKeyAttribute {
    @RateLimit(value = "1/minute", key = "#{#user}", missingKey = "refuse")
    public int count(String user) {
      return 1;
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class BadKey {
    @RateLimit(value = "1/minute", key = "#{#user +}")
    public int count() {
      return 1;
    }
  }

  interface Hidden {
    int count();
  }

  static class HiddenImpl implements Hidden {
    @Override
    @RateLimit("1/minute")
    public int count() {
      return 1;
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class HiddenType {
    // Made after the limiter, which then saw only the interface.
    @Bean
    Hidden hidden(io.github.limiter4j.web.Limiter limiter) {
      return new HiddenImpl();
    }
  }

  @RestController
  static class ControllerHelper {
    @GetMapping("/x")
    String get() {
      return "";
    }

    @RateLimit("1/minute")
    public String helper() {
      return "";
    }
  }

  interface LimitedApi {
    @RateLimit("1/minute")
    String get();
  }

  @RestController
  static class ControllerInterface implements LimitedApi {
    @Override
    @GetMapping("/x")
    public String get() {
      return "";
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class OnlyExempt {
    @RateLimitExempt
    public int count() {
      return 1;
    }
  }

  interface Counter {
    int count();
  }

  static class InterfaceOnlyProxy implements Counter {
    @Override
    @RateLimit("1/minute")
    public int count() {
      return 1;
    }

    @RateLimit("1/minute")
    public int extra() {
      return 2;
    }
  }

  static class Early {
    @RateLimit("1/minute")
    public int count() {
      return 1;
    }
  }

  /** A bean post processor that needs a limited bean, made before the limiter's post processor. */
  static class NeedsEarly implements BeanPostProcessor, PriorityOrdered {
    NeedsEarly(Early early) {}

    @Override
    public int getOrder() {
      return 0;
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class MadeBeforeTheLimiter {
    @Bean
    static Early early() {
      return new Early();
    }

    @Bean
    static NeedsEarly needsEarly(Early early) {
      return new NeedsEarly(early);
    }
  }

  /** A bean known only by its interface, as a Spring Data repository. */
  interface Finder {
    @RateLimit("1/minute")
    String find(String name);
  }

  static class FinderFactory implements FactoryBean<Finder> {
    @Override
    public Finder getObject() {
      return (Finder)
          Proxy.newProxyInstance(
              Finder.class.getClassLoader(),
              new Class<?>[] {Finder.class},
              (proxy, method, arguments) ->
                  method.getName().equals("find") ? "found" : method.invoke(this, arguments));
    }

    @Override
    public Class<?> getObjectType() {
      return Finder.class;
    }
  }

  @Configuration(proxyBeanMethods = false)
  static class InterfaceOnlyBean {
    @Bean
    FinderFactory finder() {
      return new FinderFactory();
    }
  }

  static class FinderUser {
    FinderUser(Finder finder) {}
  }

  @Configuration(proxyBeanMethods = false)
  @org.springframework.context.annotation.Import(InterfaceOnlyBean.class)
  static class InjectedInterfaceOnlyBean {
    @Bean
    FinderUser finderUser(Finder finder) {
      return new FinderUser(finder);
    }
  }
}
