package io.github.limiter4j.spring.boot;

import io.github.limiter4j.servlet.LimitedResponseFilter;
import io.github.limiter4j.storage.Storage;
import io.github.limiter4j.storage.StorageException;
import io.github.limiter4j.storage.StorageUri;
import io.github.limiter4j.storage.Storages;
import io.github.limiter4j.web.Limiter;
import io.github.limiter4j.web.UnsupportedLimitException;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.binder.MeterBinder;
import jakarta.servlet.DispatcherType;
import java.time.Duration;
import java.util.List;
import org.springframework.beans.factory.BeanFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.config.ConfigurableListableBeanFactory;
import org.springframework.boot.autoconfigure.AutoConfiguration;
import org.springframework.boot.autoconfigure.condition.ConditionalOnClass;
import org.springframework.boot.autoconfigure.condition.ConditionalOnMissingBean;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.autoconfigure.condition.ConditionalOnWebApplication;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.health.autoconfigure.contributor.ConditionalOnEnabledHealthIndicator;
import org.springframework.boot.health.contributor.HealthIndicator;
import org.springframework.boot.web.servlet.FilterRegistrationBean;
import org.springframework.boot.webmvc.error.ErrorAttributes;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.context.annotation.ImportRuntimeHints;
import org.springframework.core.Ordered;
import org.springframework.core.env.Environment;
import org.springframework.web.servlet.DispatcherServlet;
import org.springframework.web.servlet.HandlerExceptionResolver;
import org.springframework.web.servlet.config.annotation.InterceptorRegistry;
import org.springframework.web.servlet.config.annotation.WebMvcConfigurer;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Rate limiting for Spring MVC applications: a {@link Limiter} built from the {@code ratelimit.*}
 * properties and the controllers' annotations, a filter that checks the path limits before Spring
 * Security, an interceptor that checks every request against its handler's limits, a filter that
 * sets the headers before responses commit, error attributes that describe refusals, and, when
 * present, Micrometer metrics and a health indicator. Each bean backs off when the application
 * defines its own.
 */
@AutoConfiguration(
    beforeName = "org.springframework.boot.webmvc.autoconfigure.error.ErrorMvcAutoConfiguration")
@ConditionalOnWebApplication(type = ConditionalOnWebApplication.Type.SERVLET)
@ConditionalOnClass({DispatcherServlet.class, Limiter.class})
@EnableConfigurationProperties(RateLimitProperties.class)
@ImportRuntimeHints(RateLimitRuntimeHints.class)
public class RateLimitAutoConfiguration {
  /** The name of the limiter bean. */
  public static final String LIMITER_BEAN = "rateLimiter";

  /** Creates the configuration. */
  public RateLimitAutoConfiguration() {}

  @Bean
  Functions rateLimitFunctions(BeanFactory beans) {
    return new Functions(beans);
  }

  @Bean
  HandlerRoutes rateLimitRoutes(
      List<RequestMappingHandlerMapping> mappings,
      RateLimitProperties properties,
      Functions functions,
      ConfigurableListableBeanFactory beans,
      Environment environment) {
    return HandlerRoutes.scan(
        mappings,
        properties.getPaths(),
        functions,
        new MissingKeys(properties),
        MethodTargets.beanTypes(beans),
        proxyTargetClass(environment));
  }

  /**
   * Limits the methods of beans that are not controllers ({@code @Service}s) through Spring AOP
   * proxies, which are class proxies unless {@code spring.aop.proxy-target-class=false}.
   */
  @Bean
  static MethodLimitPostProcessor rateLimitMethodPostProcessor(
      Environment environment,
      ObjectProvider<HandlerRoutes> routes,
      ObjectProvider<Limiter> limiter) {
    return new MethodLimitPostProcessor(proxyTargetClass(environment), routes, limiter);
  }

  private static boolean proxyTargetClass(Environment environment) {
    return environment.getProperty("spring.aop.proxy-target-class", Boolean.class, true);
  }

  /**
   * The storage of the {@code ratelimit.storage-uri} (or the environment variable {@code
   * RATELIMIT_STORAGE_URI}) and {@code ratelimit.storage-options}; none when rate limiting is off.
   */
  @Bean
  @ConditionalOnMissingBean(Storage.class)
  @ConditionalOnProperty(prefix = "ratelimit", name = "enabled", matchIfMissing = true)
  Storage rateLimitStorage(RateLimitProperties properties) {
    String uri = properties.getStorageUri();
    try {
      return Storages.fromUri(uri, properties.getStorageOptions());
    } catch (IllegalArgumentException e) {
      // The problem names the URI already, masked; the value shown is masked too.
      throw new InvalidRateLimitException(
          "ratelimit.storage-uri", masked(uri), e.getMessage(), storageUriAction(e), e);
    } catch (StorageException e) {
      // A storage that connects when created, and cannot.
      throw new RateLimitStorageUnavailableException(masked(uri), e.getMessage(), Duration.ZERO);
    }
  }

  /** The URI with its secrets masked, or empty if it does not parse (the problem shows it). */
  private static String masked(String uri) {
    try {
      return StorageUri.parse(uri).toString();
    } catch (IllegalArgumentException e) {
      return "";
    }
  }

  private static String storageUriAction(IllegalArgumentException e) {
    String problem = String.valueOf(e.getMessage());
    if (problem.contains("module on the class path")) {
      return "Add the module the problem names to the application's dependencies, or use another"
          + " storage URI.";
    }
    if (problem.contains("option")) {
      return "Correct or remove the option in ratelimit.storage-uri or ratelimit.storage-options;"
          + " docs/storage.md lists each storage's options.";
    }
    return "Correct ratelimit.storage-uri: a storage URI is written scheme://[user[:password]@]host"
        + "[:port][/path][?options], such as memory:// or redis://localhost:6379.";
  }

  /** The limiter. */
  @Bean(LIMITER_BEAN)
  @ConditionalOnMissingBean(Limiter.class)
  Limiter rateLimiter(
      RateLimitProperties properties,
      Functions functions,
      HandlerRoutes routes,
      ObjectProvider<Storage> storage,
      ObjectProvider<StorageDecorator> decorator,
      ObjectProvider<LimiterBuilderCustomizer> customizers) {
    Storage used = properties.isEnabled() ? storage.getIfAvailable() : null;
    if (used != null) {
      StorageDecorator decorate = decorator.getIfAvailable();
      if (decorate != null) {
        used = decorate.decorate(used);
      }
    }
    LimiterFactory factory = new LimiterFactory(properties, functions);
    Limiter.Builder builder = factory.builder(used, routes);
    List<LimiterBuilderCustomizer> applied = customizers.orderedStream().toList();
    applied.forEach(customizer -> customizer.customize(builder));
    Duration startupTimeout = properties.getStorageStartupTimeout();
    if (startupTimeout == null || startupTimeout.isNegative()) {
      throw new InvalidRateLimitException(
          "ratelimit.storage-startup-timeout",
          String.valueOf(startupTimeout),
          "is negative; give a duration such as 30s, or 0 to check the storage once",
          null);
    }
    Limiter limiter;
    try {
      limiter = builder.build();
    } catch (UnsupportedLimitException e) {
      throw factory.unsupported(e, routes);
    } catch (IllegalArgumentException e) {
      // Each property was checked on its own already (the strategy by LimiterFactory): what fails
      // here is the whole, or what a customizer set, and the exception's message says what it is.
      String origin =
          applied.isEmpty()
              ? "the limiter of the ratelimit.* properties"
              : "the limiter of the ratelimit.* properties and "
                  + applied.size()
                  + " LimiterBuilderCustomizer bean"
                  + (applied.size() == 1 ? "" : "s");
      throw new InvalidRateLimitException(origin, "", e.getMessage(), e);
    }
    if (properties.isEnabled()) {
      StorageStartup.await(limiter, startupTimeout);
    }
    return limiter;
  }

  @Bean
  RateLimitInterceptor rateLimitInterceptor(
      ObjectProvider<Limiter> limiter,
      ObjectProvider<HandlerRoutes> routes,
      ObjectProvider<RequestMetrics> metrics) {
    return new RateLimitInterceptor(
        limiter, routes, metrics.getIfAvailable(() -> RequestMetrics.NONE));
  }

  @Bean
  WebMvcConfigurer rateLimitWebMvcConfigurer(RateLimitInterceptor interceptor) {
    return new WebMvcConfigurer() {
      @Override
      public void addInterceptors(InterceptorRegistry registry) {
        registry.addInterceptor(interceptor).order(Ordered.HIGHEST_PRECEDENCE);
      }

      @Override
      public void extendHandlerExceptionResolvers(List<HandlerExceptionResolver> resolvers) {
        RefusalExceptionResolver.insertInto(resolvers);
        // First: the breach of a limited bean method that a handler called becomes a 429.
        resolvers.add(0, new MethodBreachResolver(resolvers));
      }
    };
  }

  /**
   * Checks the path limits (with the application and meta limits) before Spring Security, at {@code
   * ratelimit.filter-order}; after the response filter, which finishes what it counted.
   */
  @Bean
  @ConditionalOnMissingBean(name = "rateLimitPathFilter")
  FilterRegistrationBean<PathLimitFilter> rateLimitPathFilter(
      RateLimitProperties properties,
      ObjectProvider<Limiter> limiter,
      ObjectProvider<HandlerRoutes> routes,
      ObjectProvider<RequestMetrics> metrics,
      ObjectProvider<HandlerExceptionResolver> resolvers,
      ObjectProvider<RequestMappingHandlerMapping> mappings) {
    FilterRegistrationBean<PathLimitFilter> registration =
        new FilterRegistrationBean<>(
            new PathLimitFilter(
                limiter,
                routes,
                metrics.getIfAvailable(() -> RequestMetrics.NONE),
                resolvers,
                mappings));
    registration.setName("rateLimitPathFilter");
    registration.setOrder(properties.getFilterOrder());
    // Once per request, as the interceptor: not again for its forwards or error page.
    registration.setDispatcherTypes(DispatcherType.REQUEST);
    registration.setAsyncSupported(true);
    return registration;
  }

  /** Wraps responses so that headers are set before they commit. */
  @Bean
  @ConditionalOnMissingBean(name = "rateLimitResponseFilter")
  FilterRegistrationBean<LimitedResponseFilter> rateLimitResponseFilter() {
    FilterRegistrationBean<LimitedResponseFilter> registration =
        new FilterRegistrationBean<>(new LimitedResponseFilter());
    registration.setName("rateLimitResponseFilter");
    registration.setOrder(Ordered.HIGHEST_PRECEDENCE + 50);
    registration.setAsyncSupported(true);
    return registration;
  }

  /** Error attributes that carry the breached limit's description. */
  @Bean
  @ConditionalOnMissingBean(ErrorAttributes.class)
  RateLimitErrorAttributes errorAttributes() {
    return new RateLimitErrorAttributes();
  }

  /** Wraps the storage, for metrics. */
  @FunctionalInterface
  interface StorageDecorator {
    Storage decorate(Storage storage);
  }

  /** Micrometer: request outcomes, storage latency, whether the fallback is active. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(MeterRegistry.class)
  static class Metrics {
    @Bean
    @ConditionalOnMissingBean(RequestMetrics.class)
    RequestMetrics rateLimitRequestMetrics(ObjectProvider<MeterRegistry> registry) {
      MeterRegistry meters = registry.getIfAvailable();
      return meters == null ? RequestMetrics.NONE : new MicrometerRequestMetrics(meters);
    }

    @Bean
    StorageDecorator rateLimitStorageTimer(ObjectProvider<MeterRegistry> registry) {
      return storage -> {
        MeterRegistry meters = registry.getIfAvailable();
        return meters == null ? storage : new TimedStorage(storage, meters);
      };
    }

    @Bean
    MeterBinder rateLimitFallbackGauge(ObjectProvider<Limiter> limiter) {
      return registry ->
          Gauge.builder(
                  "ratelimit.fallback.active",
                  limiter,
                  provider -> provider.getObject().isUsingFallback() ? 1 : 0)
              .description("1 while requests are limited in memory because the storage is down")
              .register(registry);
    }
  }

  /** The Actuator endpoint {@code ratelimits}. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = "org.springframework.boot.actuate.endpoint.annotation.Endpoint")
  static class Actuator {
    @Bean
    @ConditionalOnMissingBean
    RateLimitsEndpoint rateLimitsEndpoint(
        Limiter limiter, org.springframework.core.env.Environment environment) {
      return new RateLimitsEndpoint(
          limiter, environment.getProperty("spring.application.name", "application"));
    }
  }

  /** {@code java -jar app.jar limiter ...}: the limiter command in the application's process. */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(name = "io.github.limiter4j.cli.LimiterCli")
  static class Command {
    @Bean
    LimiterCommandRunner limiterCommandRunner(
        Limiter limiter,
        org.springframework.core.env.Environment environment,
        org.springframework.context.ConfigurableApplicationContext context) {
      return new LimiterCommandRunner(
          limiter,
          environment.getProperty("spring.application.name", "application"),
          context,
          environment.getProperty("limiter4j.command.exit", Boolean.class, true));
    }
  }

  /**
   * The storage's health, as {@code rateLimit} in the health endpoint; off with {@code
   * management.health.ratelimit.enabled=false}.
   */
  @Configuration(proxyBeanMethods = false)
  @ConditionalOnClass(HealthIndicator.class)
  @ConditionalOnEnabledHealthIndicator("ratelimit")
  static class Health {
    @Bean
    @ConditionalOnMissingBean(name = "rateLimitHealthIndicator")
    RateLimitHealthIndicator rateLimitHealthIndicator(Limiter limiter) {
      return new RateLimitHealthIndicator(limiter);
    }
  }
}
