package io.github.limiter4j.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatNullPointerException;

import java.util.Optional;
import org.junit.jupiter.api.Test;

/** The API returns no null: what a declaration leaves out reads as empty. */
class AbsentValuesTest {
  @Test
  void aLimitWithEveryOptionAtItsDefaultHasEveryOptionalPartEmpty() {
    Limit limit = Limit.of("1/second");

    assertThat(limit.notation()).contains("1/second");
    assertThat(limit.provider()).isEmpty();
    assertThat(limit.keyFunction()).isEmpty();
    assertThat(limit.missingKey()).isEmpty();
    assertThat(limit.scope()).isEmpty();
    assertThat(limit.scopeFunction()).isEmpty();
    assertThat(limit.methods()).isEmpty();
    assertThat(limit.errorMessage()).isEmpty();
    assertThat(limit.exemptWhen()).isEmpty();
    assertThat(limit.deductWhen()).isEmpty();
    assertThat(limit.onBreach()).isEmpty();
    assertThat(limit.costFunction()).isEmpty();
  }

  @Test
  void aLimitGivesBackEveryOptionItWasBuiltWith() {
    KeyFunction byUser = request -> request.header("X-User");
    MissingKey unlimited = MissingKey.unlimited();
    RequestCondition internal = request -> true;
    ResponseCondition failed = (request, response) -> response.status() >= 400;
    BreachHandler quiet = (limit, request) -> Optional.empty();
    CostFunction double_ = request -> 2;

    Limit limit =
        Limit.builder("1/second")
            .keyFunction(byUser)
            .missingKey(unlimited)
            .shared("search")
            .methods("post", "GET")
            .errorMessage("Slow down")
            .exemptWhen(internal)
            .deductWhen(failed)
            .onBreach(quiet)
            .cost(double_)
            .build();

    assertThat(limit.keyFunction()).containsSame(byUser);
    assertThat(limit.missingKey()).containsSame(unlimited);
    assertThat(limit.scope()).contains("search");
    assertThat(limit.scopeFunction()).isEmpty();
    assertThat(limit.methods()).containsExactlyInAnyOrder("GET", "POST");
    assertThat(limit.errorMessage()).contains("Slow down");
    assertThat(limit.exemptWhen()).containsSame(internal);
    assertThat(limit.deductWhen()).containsSame(failed);
    assertThat(limit.onBreach()).containsSame(quiet);
    assertThat(limit.costFunction()).containsSame(double_);
  }

  @Test
  void aDynamicLimitHasAProviderAndNoNotation() {
    LimitProvider plan = request -> "5/minute";
    ScopeFunction byEndpoint = endpoint -> endpoint;

    Limit limit = Limit.builder(plan).scope(byEndpoint).build();

    assertThat(limit.provider()).containsSame(plan);
    assertThat(limit.notation()).isEmpty();
    assertThat(limit.scopeFunction()).containsSame(byEndpoint);
    assertThat(limit.scope()).isEmpty();
  }

  @Test
  void aLimitWithoutMethodsAppliesToEveryMethod() {
    Limit limit = Limit.of("1/second");

    assertThat(limit.methods()).isEmpty();
    assertThat(limit.isMethodExempt("DELETE")).isFalse();
    assertThat(Limit.builder("1/second").methods("GET").build().isMethodExempt("DELETE")).isTrue();
  }

  @Test
  void aRouteWithoutPathOrGroupHasThemEmpty() {
    Route matchedByItsFramework = Route.builder("reports").build();
    Route declared = Route.builder("users").path("/users/{id}").group("api.v1").build();

    assertThat(matchedByItsFramework.path()).isEmpty();
    assertThat(matchedByItsFramework.group()).isEmpty();
    assertThat(declared.path()).contains("/users/{id}");
    assertThat(declared.group()).contains("api.v1");
  }

  @Test
  void aQueryOfEverythingNarrowsByNothing() {
    LimitsQuery all = LimitsQuery.all();

    assertThat(all.endpoint()).isEmpty();
    assertThat(all.path()).isEmpty();
    assertThat(all.method()).isEmpty();
    assertThat(all.key()).isEmpty();
    assertThat(LimitsQuery.of("10.0.0.1", null, "/users", "get").method()).contains("GET");
    assertThat(LimitsQuery.of("10.0.0.1", null, "/users", "get").endpoint()).isEmpty();
  }

  @Test
  void publicMethodsRefuseNullNamingTheParameter() {
    assertThatNullPointerException()
        .isThrownBy(() -> Limit.builder("1/second").errorMessage((String) null))
        .withMessage("errorMessage");
    assertThatNullPointerException()
        .isThrownBy(() -> Introspection.configuration(null))
        .withMessage("limiter");
    try (Limiter limiter = Limiter.builder().build()) {
      assertThatNullPointerException()
          .isThrownBy(() -> Introspection.limits(limiter, null))
          .withMessage("query");
      assertThatNullPointerException().isThrownBy(() -> limiter.limits(null)).withMessage("query");
    }
  }
}
