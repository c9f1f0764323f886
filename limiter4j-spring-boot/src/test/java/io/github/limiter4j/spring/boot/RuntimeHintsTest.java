package io.github.limiter4j.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;
import static org.springframework.aot.hint.predicate.RuntimeHintsPredicates.proxies;
import static org.springframework.aot.hint.predicate.RuntimeHintsPredicates.reflection;
import static org.springframework.aot.hint.predicate.RuntimeHintsPredicates.resource;

import io.github.limiter4j.aothints.HintedApplication;
import io.github.limiter4j.servlet.ServletWebRequest;
import io.github.limiter4j.storage.MemoryStorage;
import io.github.limiter4j.web.Limiter;
import io.github.limiter4j.web.Route;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.aop.framework.AopProxyUtils;
import org.springframework.aot.generate.ClassNameGenerator;
import org.springframework.aot.generate.DefaultGenerationContext;
import org.springframework.aot.generate.InMemoryGeneratedFiles;
import org.springframework.aot.hint.RuntimeHints;
import org.springframework.boot.SpringApplication;
import org.springframework.boot.SpringApplicationHook;
import org.springframework.boot.SpringApplicationRunListener;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.context.aot.ApplicationContextAotGenerator;
import org.springframework.context.support.GenericApplicationContext;
import org.springframework.core.convert.TypeDescriptor;
import org.springframework.expression.AccessException;
import org.springframework.expression.EvaluationContext;
import org.springframework.expression.MethodExecutor;
import org.springframework.expression.spel.SpelCompilerMode;
import org.springframework.expression.spel.standard.SpelExpressionParser;
import org.springframework.expression.spel.support.ReflectiveMethodExecutor;
import org.springframework.expression.spel.support.ReflectiveMethodResolver;
import org.springframework.expression.spel.support.ReflectivePropertyAccessor;
import org.springframework.expression.spel.support.StandardEvaluationContext;
import org.springframework.javapoet.ClassName;
import org.springframework.mock.web.MockHttpServletRequest;

class RuntimeHintsTest {
  private static RuntimeHints registered() {
    RuntimeHints hints = new RuntimeHints();
    new RateLimitRuntimeHints().registerHints(hints, RuntimeHintsTest.class.getClassLoader());
    return hints;
  }

  @Test
  void theAnnotationsAttributesCanBeReadInANativeImage() throws Exception {
    RuntimeHints hints = registered();
    assertThat(reflection().onMethodInvocation(RateLimit.class.getMethod("value"))).accepts(hints);
    assertThat(reflection().onMethodInvocation(RateLimit.List.class.getMethod("value")))
        .accepts(hints);
    assertThat(reflection().onMethodInvocation(SharedLimit.class.getMethod("scope")))
        .accepts(hints);
    assertThat(reflection().onMethodInvocation(SharedLimit.List.class.getMethod("value")))
        .accepts(hints);
    assertThat(reflection().onMethodInvocation(RateLimitExempt.class.getMethod("value")))
        .accepts(hints);
    assertThat(reflection().onMethodInvocation(LimitGroup.class.getMethod("value"))).accepts(hints);
  }

  @Test
  void everyMemberAKeyExpressionReachesIsHinted() {
    List<Method> touched = new ArrayList<>();
    StandardEvaluationContext context = recording(touched);
    MockHttpServletRequest servlet = new MockHttpServletRequest("GET", "/hello");
    servlet.addHeader("X-User", "Alice");
    SpelRoot root = SpelRoot.of(new ServletWebRequest(servlet), null);

    Object key =
        new SpelExpressionParser()
            .parseExpression("request.header('X-User').toLowerCase()")
            .getValue(context, root);

    assertThat(key).isEqualTo("alice");
    assertThat(touched).extracting(Method::getName).contains("request", "header", "toLowerCase");
    RuntimeHints hints = registered();
    for (Method method : touched) {
      assertThat(reflection().onMethodInvocation(method)).as(method.toString()).accepts(hints);
    }
  }

  @Test
  void everyMemberAnExpressionOnABeanMethodReachesIsHinted() throws Exception {
    List<Method> touched = new ArrayList<>();
    StandardEvaluationContext context = recording(touched);
    Method daily = HintedApplication.Reports.class.getMethod("daily");
    MethodCall call = MethodCall.of(daily, new Object[0], new HintedApplication.Reports());

    Object key =
        new SpelExpressionParser()
            .parseExpression("request == null ? args.size() : request.remoteAddress()")
            .getValue(context, call.root());

    assertThat(key).isEqualTo(0);
    assertThat(touched).extracting(Method::getName).contains("request", "args");
    RuntimeHints hints = registered();
    for (Method method : touched) {
      if (method.getDeclaringClass().getName().startsWith("java.util.")) {
        continue; // The unmodifiable list of arguments: not ours to hint.
      }
      assertThat(reflection().onMethodInvocation(method)).as(method.toString()).accepts(hints);
    }
    assertThat(reflection().onMethodInvocation(MethodCall.class.getMethod("remoteAddress")))
        .accepts(hints);
  }

  @Test
  void theResourcesLoadedByNameAreIncluded() {
    RuntimeHints hints = registered();
    assertThat(resource().forResource("io/github/limiter4j/web/version.properties")).accepts(hints);
    assertThat(resource().forResource("io/github/limiter4j/redis/acquire.lua")).accepts(hints);
    assertThat(Limiter.version()).isNotEqualTo("unknown");
  }

  @Test
  void theStorageProvidersOnTheClassPathCanBeLoadedAsServices() throws Exception {
    RuntimeHints hints = registered();
    assertThat(resource().forResource(RateLimitRuntimeHints.PROVIDERS)).accepts(hints);
    // limiter4j-redis is on this module's test class path.
    Class<?> redis = Class.forName("io.github.limiter4j.redis.RedisStorageProvider");
    assertThat(RateLimitRuntimeHints.providers(getClass().getClassLoader()))
        .contains(redis.getName());
    assertThat(reflection().onConstructorInvocation(redis.getConstructor())).accepts(hints);
  }

  @Test
  void theEndpointAnswersWithOnlyTypesJacksonWritesWithoutReflection() {
    Limiter limiter =
        Limiter.builder()
            .storage(MemoryStorage.builder().build())
            .defaultLimits("10/minute")
            .route(Route.builder("hello").path("/hello").limit("2/minute").build())
            .build();
    RateLimitsEndpoint endpoint = new RateLimitsEndpoint(limiter, "aot");

    List<Class<?>> types = new ArrayList<>();
    collectTypes(endpoint.ratelimits(null, null, null).getBody(), types);
    collectTypes(endpoint.key("alice", null, null, null).getBody(), types);
    collectTypes(endpoint.clear("alice", null, null, null).getBody(), types);

    assertThat(types)
        .isNotEmpty()
        .allSatisfy(
            type ->
                assertThat(
                        Map.class.isAssignableFrom(type)
                            || List.class.isAssignableFrom(type)
                            || type == String.class
                            || type == Boolean.class
                            || Number.class.isAssignableFrom(type))
                    .as(type.getName() + " needs binding hints")
                    .isTrue());
  }

  @Test
  void expressionsAreInterpretedInANativeImageWhichCannotDefineClasses() {
    assertThat(Functions.compilerMode(true)).isEqualTo(SpelCompilerMode.OFF);
    assertThat(Functions.compilerMode(false)).isEqualTo(SpelCompilerMode.MIXED);
  }

  @Test
  void aFunctionBeanIsShownByItsOwnToStringOnlyIfItHasOne() {
    Object lambda = (io.github.limiter4j.web.KeyFunction) request -> "k";
    Object described =
        new Object() {
          @Override
          public String toString() {
            return "plans";
          }
        };
    Object hashed =
        new Object() {
          @Override
          public int hashCode() {
            return 42;
          }

          @Override
          public boolean equals(Object other) {
            return other == this;
          }
        };
    assertThat(Functions.describesItself(lambda)).isFalse();
    assertThat(Functions.describesItself(hashed)).isFalse();
    assertThat(Functions.describesItself(new Object())).isFalse();
    assertThat(Functions.describesItself(described)).isTrue();
  }

  @Test
  void aotProcessingOfAnApplicationHintsTheClassesItsLimitsAreReadFrom() throws Exception {
    RuntimeHints hints = processAheadOfTime();

    for (Class<?> type :
        List.of(
            HintedApplication.Greetings.class,
            HintedApplication.Grouped.class,
            HintedApplication.Reports.class,
            HintedApplication.Quoted.class,
            HintedApplication.Quotes.class)) {
      assertThat(reflection().onType(type)).as(type.getName()).accepts(hints);
    }
    assertThat(reflection().onMethodInvocation(HintedApplication.Reports.class.getMethod("daily")))
        .accepts(hints);
    assertThat(reflection().onMethodInvocation(HintedApplication.Quotes.class.getMethod("quote")))
        .accepts(hints);
    assertThat(reflection().onMethodInvocation(HintedApplication.Quoted.class.getMethod("quote")))
        .accepts(hints);
    assertThat(reflection().onMethodInvocation(HintedApplication.Greetings.class.getMethod("ping")))
        .accepts(hints);
    assertThat(reflection().onMethodInvocation(HintedApplication.Plain.class.getMethod("plain")))
        .rejects(hints);
    // The auto-configuration's own hints come with it.
    assertThat(reflection().onMethodInvocation(SpelRoot.class.getMethod("request"))).accepts(hints);
    // Class proxies are generated at build time; no JDK proxy is declared where none is made.
    assertThat(
            proxies()
                .forInterfaces(
                    AopProxyUtils.completeJdkProxyInterfaces(HintedApplication.ReportSource.class)))
        .rejects(hints);
  }

  @Test
  void aBeanProxiedByItsInterfacesHasItsJdkProxyDeclaredBySpring() {
    RuntimeHints hints = processAheadOfTime("--spring.aop.proxy-target-class=false");

    for (Object bean : List.of(new HintedApplication.Reports(), new HintedApplication.Quotes())) {
      // The proxy start-up makes, as start-up makes it.
      Object proxy =
          new MethodLimitPostProcessor(false, null, null)
              .postProcessAfterInitialization(bean, "bean");
      assertThat(java.lang.reflect.Proxy.isProxyClass(proxy.getClass())).isTrue();
      assertThat(proxies().forInterfaces(proxy.getClass().getInterfaces()))
          .as(bean.getClass().getName())
          .accepts(hints);
    }
  }

  @Test
  void springBootHintsTheEndpointAndTheNestedAndListedProperties() throws Exception {
    RuntimeHints hints = processAheadOfTime();

    assertThat(reflection().onMethodInvocation(RateLimitsEndpoint.class, "ratelimits"))
        .accepts(hints);
    assertThat(reflection().onMethodInvocation(RateLimitsEndpoint.class, "clear")).accepts(hints);

    assertThat(
            reflection()
                .onMethodInvocation(
                    RateLimitProperties.PathLimit.class.getMethod("setPattern", String.class)))
        .accepts(hints);
    assertThat(
            reflection()
                .onMethodInvocation(
                    RateLimitProperties.ClientAddress.class.getMethod(
                        "setTrustedProxies", List.class)))
        .accepts(hints);
    assertThat(
            reflection()
                .onMethodInvocation(
                    RateLimitProperties.class.getMethod("setStorageOptions", Map.class)))
        .accepts(hints);
  }

  /**
   * Runs Spring's AOT processing over {@link HintedApplication}, as the build plugins do: the
   * application is prepared, not started, and every hint contributor runs.
   */
  private static RuntimeHints processAheadOfTime(String... args) {
    SpringApplicationHook hook =
        application ->
            new SpringApplicationRunListener() {
              @Override
              public void contextLoaded(ConfigurableApplicationContext context) {
                throw new SpringApplication.AbandonedRunException(context);
              }
            };
    GenericApplicationContext context = null;
    System.setProperty("spring.aot.processing", "true");
    try {
      SpringApplication.withHook(hook, () -> SpringApplication.run(HintedApplication.class, args));
    } catch (SpringApplication.AbandonedRunException prepared) {
      context = (GenericApplicationContext) prepared.getApplicationContext();
    } finally {
      System.clearProperty("spring.aot.processing");
    }
    assertThat(context).isNotNull();
    DefaultGenerationContext generation =
        new DefaultGenerationContext(
            new ClassNameGenerator(ClassName.get(HintedApplication.class)),
            new InMemoryGeneratedFiles());
    try {
      new ApplicationContextAotGenerator().processAheadOfTime(context, generation);
    } finally {
      context.close();
    }
    return generation.getRuntimeHints();
  }

  /** An evaluation context that records the methods SpEL resolves by reflection. */
  private static StandardEvaluationContext recording(List<Method> touched) {
    StandardEvaluationContext context = new StandardEvaluationContext();
    context.setPropertyAccessors(
        List.of(
            new ReflectivePropertyAccessor() {
              @Override
              protected Method findGetterForProperty(
                  String propertyName, Class<?> type, boolean mustBeStatic) {
                Method getter = super.findGetterForProperty(propertyName, type, mustBeStatic);
                if (getter != null) {
                  touched.add(getter);
                }
                return getter;
              }
            }));
    context.setMethodResolvers(
        List.of(
            new ReflectiveMethodResolver() {
              @Override
              public MethodExecutor resolve(
                  EvaluationContext evaluation,
                  Object target,
                  String name,
                  List<TypeDescriptor> argumentTypes)
                  throws AccessException {
                MethodExecutor executor = super.resolve(evaluation, target, name, argumentTypes);
                if (executor instanceof ReflectiveMethodExecutor reflective) {
                  touched.add(reflective.getMethod());
                }
                return executor;
              }
            }));
    return context;
  }

  private static void collectTypes(Object value, List<Class<?>> types) {
    if (value == null) {
      return;
    }
    types.add(value.getClass());
    if (value instanceof Map<?, ?> map) {
      map.values().forEach(element -> collectTypes(element, types));
    } else if (value instanceof Iterable<?> iterable) {
      iterable.forEach(element -> collectTypes(element, types));
    }
  }
}
