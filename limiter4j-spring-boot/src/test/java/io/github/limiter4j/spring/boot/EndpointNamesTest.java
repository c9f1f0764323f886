package io.github.limiter4j.spring.boot;

import static org.assertj.core.api.Assertions.assertThat;

import io.github.limiter4j.web.Limiter;
import io.github.limiter4j.web.LimitsQuery;
import io.github.limiter4j.web.Route;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.runner.WebApplicationContextRunner;
import org.springframework.context.ApplicationContext;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/**
 * Endpoint names are unique and stable: they are the storage keys' scopes, so a name that changed
 * when code is added elsewhere would silently reset its counters.
 */
class EndpointNamesTest {
  private static final String HERE = EndpointNamesTest.class.getName();

  private final WebApplicationContextRunner runner =
      RateLimitAutoConfigurationTest.webApplication();

  private static List<String> endpoints(ApplicationContext context) {
    List<String> endpoints = new ArrayList<>();
    for (Route route : context.getBean(HandlerRoutes.class).routes()) {
      endpoints.add(route.endpoint());
    }
    return endpoints;
  }

  /** The limits the route named {@code endpoint} applies, as the limits report shows them. */
  private static List<String> limitsOf(ApplicationContext context, String endpoint) {
    List<String> limits = new ArrayList<>();
    context
        .getBean(Limiter.class)
        .limits(LimitsQuery.builder().endpoint(endpoint).build())
        .routes()
        .get(0)
        .limits()
        .forEach(line -> limits.add(line.toString()));
    return limits;
  }

  @Test
  void anEndpointIsNamedByItsControllersClassAndItsMethod() {
    runner
        .withUserConfiguration(First.class)
        .run(context -> assertThat(endpoints(context)).containsExactly(HERE + ".First.list"));
  }

  @Test
  void overloadedHandlerMethodsOfOneControllerGetAnEndpointEach() {
    runner
        .withUserConfiguration(Overloaded.class)
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(endpoints(context))
                  .containsExactlyInAnyOrder(
                      HERE + ".Overloaded.get()", HERE + ".Overloaded.get(String,int)");
            });
  }

  @Test
  void aSameNamedMethodInAnotherControllerLeavesTheExistingEndpointsName() {
    List<String> alone = new ArrayList<>();
    runner.withUserConfiguration(First.class).run(context -> alone.addAll(endpoints(context)));
    runner
        .withUserConfiguration(First.class, Second.class)
        .run(
            context ->
                assertThat(endpoints(context))
                    .containsAll(alone)
                    .containsExactlyInAnyOrder(HERE + ".First.list", HERE + ".Second.list"));
  }

  @Test
  void anInheritedHandlerMethodHasAnEndpointInEachController() {
    runner
        .withUserConfiguration(InheritingX.class, InheritingY.class)
        .run(
            context -> {
              assertThat(endpoints(context))
                  .containsExactlyInAnyOrder(
                      HERE + ".InheritingX.inherited", HERE + ".InheritingY.inherited");
              HandlerRoutes routes = context.getBean(HandlerRoutes.class);
              java.lang.reflect.Method inherited = Inherited.class.getDeclaredMethod("inherited");
              assertThat(routes.routeOf(InheritingY.class, inherited).endpoint())
                  .isEqualTo(HERE + ".InheritingY.inherited");
            });
  }

  @Test
  void anExplicitMappingNameIsTheEndpoint() {
    runner
        .withUserConfiguration(Named.class)
        .run(context -> assertThat(endpoints(context)).containsExactly("catalogue"));
  }

  @Test
  void aNameOnTheControllersMappingAloneLeavesEachMethodItsClassAndMethodEndpoint() {
    // Spring gives every method of the controller the class-level name "users".
    runner
        .withUserConfiguration(NamedController.class)
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(endpoints(context))
                  .containsExactlyInAnyOrder(
                      HERE + ".NamedController.list", HERE + ".NamedController.show");
            });
  }

  @Test
  void aMethodsNameUnderANamedControllerIsSpringsCombinedName() {
    runner
        .withUserConfiguration(NamedControllerAndMethod.class)
        .run(
            context -> {
              assertThat(context).hasNotFailed();
              assertThat(endpoints(context))
                  .containsExactlyInAnyOrder(
                      "orders#list", "orders#show", HERE + ".NamedControllerAndMethod.count");
            });
  }

  @Test
  void twoMappingsOfTheSameExplicitNameFailStartUpNamingBothMethods() {
    runner
        .withUserConfiguration(Named.class, NamedAgain.class)
        .run(
            context -> {
              assertThat(context).hasFailed();
              InvalidRateLimitException cause =
                  RateLimitAutoConfigurationTest.find(context.getStartupFailure());
              assertThat(cause).as("the start-up failure's cause").isNotNull();
              assertThat(cause.getMessage())
                  .contains("catalogue")
                  .contains("EndpointNamesTest.Named.list()")
                  .contains("EndpointNamesTest.NamedAgain.other()");
            });
  }

  @Test
  void groupsOfTheSameLastNameInDifferentParentsAreTwoGroups() {
    runner
        .withUserConfiguration(ApiOfA.class, ApiOfB.class)
        .run(
            context -> {
              assertThat(limitsOf(context, HERE + ".ApiOfA.get")).containsExactly("1 per 1 minute");
              assertThat(limitsOf(context, HERE + ".ApiOfB.get")).containsExactly("5 per 1 minute");
            });
  }

  @Test
  void controllersOfTheSameSimpleNameWithClassLimitsAreTwoGroups() {
    runner
        .withUserConfiguration(One.Views.class, Two.Views.class)
        .run(
            context -> {
              assertThat(limitsOf(context, HERE + ".One.Views.get"))
                  .containsExactly("1 per 1 minute");
              assertThat(limitsOf(context, HERE + ".Two.Views.get"))
                  .containsExactly("5 per 1 minute");
            });
  }

  @Test
  void pathEntriesOfOnePatternForOtherMethodsAreTwoRoutes() {
    runner
        .withPropertyValues(
            "ratelimit.paths[0].pattern=/api/**",
            "ratelimit.paths[0].limit=10/minute",
            "ratelimit.paths[0].methods=POST,PUT",
            "ratelimit.paths[1].pattern=/api/**",
            "ratelimit.paths[1].limit=100/minute",
            "ratelimit.paths[2].pattern=/other/**",
            "ratelimit.paths[2].limit=1/minute")
        .run(
            context ->
                assertThat(endpoints(context))
                    .containsExactly("path:/api/**[POST,PUT]", "path:/api/**", "path:/other/**"));
  }

  @Test
  void pathEntriesOfOnePatternAndTheSameMethodsFailStartUpNamingBoth() {
    runner
        .withPropertyValues(
            "ratelimit.paths[0].pattern=/api/**",
            "ratelimit.paths[0].limit=10/minute",
            "ratelimit.paths[1].pattern=/api/**",
            "ratelimit.paths[1].exempt=META")
        .run(
            context -> {
              InvalidRateLimitException cause =
                  RateLimitAutoConfigurationTest.find(context.getStartupFailure());
              assertThat(cause).as("the start-up failure's cause").isNotNull();
              assertThat(cause.getMessage())
                  .contains("ratelimit.paths[1]")
                  .contains("ratelimit.paths[0]");
            });
  }

  @RestController
  static class First {
    @GetMapping("/first")
    String list() {
      return "first";
    }
  }

  @RestController
  static class Second {
    @GetMapping("/second")
    String list() {
      return "second";
    }
  }

  @RestController
  static class Overloaded {
    @GetMapping("/one")
    String get() {
      return "one";
    }

    @GetMapping("/two")
    String get(@RequestParam("q") String q, @RequestParam("n") int n) {
      return q + n;
    }
  }

  abstract static class Inherited {
    @GetMapping("/inherited")
    String inherited() {
      return getClass().getSimpleName();
    }
  }

  @RestController
  @RequestMapping("/x")
  static class InheritingX extends Inherited {}

  @RestController
  @RequestMapping("/y")
  static class InheritingY extends Inherited {}

  @RestController
  static class Named {
    @GetMapping(path = "/catalogue", name = "catalogue")
    String list() {
      return "catalogue";
    }
  }

  @RestController
  static class NamedAgain {
    @GetMapping(path = "/other", name = "catalogue")
    String other() {
      return "other";
    }
  }

  @RestController
  @RequestMapping(path = "/users", name = "users")
  static class NamedController {
    @GetMapping
    String list() {
      return "users";
    }

    @GetMapping("/{id}")
    String show(@PathVariable("id") String id) {
      return id;
    }
  }

  @RestController
  @RequestMapping(path = "/orders", name = "orders")
  static class NamedControllerAndMethod {
    @GetMapping(name = "list")
    String list() {
      return "orders";
    }

    @GetMapping(path = "/{id}", name = "show")
    String show(@PathVariable("id") String id) {
      return id;
    }

    @GetMapping("/count")
    String count() {
      return "0";
    }
  }

  @RestController
  @LimitGroup("a.api")
  @RateLimit("1/minute")
  static class ApiOfA {
    @GetMapping("/a/api")
    String get() {
      return "a";
    }
  }

  @RestController
  @LimitGroup("b.api")
  @RateLimit("5/minute")
  static class ApiOfB {
    @GetMapping("/b/api")
    String get() {
      return "b";
    }
  }

  static class One {
    @RestController
    @RateLimit("1/minute")
    static class Views {
      @GetMapping("/one")
      String get() {
        return "one";
      }
    }
  }

  static class Two {
    @RestController
    @RateLimit("5/minute")
    static class Views {
      @GetMapping("/two")
      String get() {
        return "two";
      }
    }
  }
}
