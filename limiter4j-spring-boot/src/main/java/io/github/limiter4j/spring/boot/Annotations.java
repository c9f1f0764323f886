package io.github.limiter4j.spring.boot;

import io.github.limiter4j.web.ExemptionScope;
import io.github.limiter4j.web.Limit;
import io.github.limiter4j.web.MissingKey;
import io.github.limiter4j.web.ScopeFunction;
import java.lang.reflect.AnnotatedElement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.annotation.AnnotatedElementUtils;

/** Reads {@link RateLimit}, {@link SharedLimit} and {@link RateLimitExempt} into limits. */
final class Annotations {
  private static final Logger LOG = LoggerFactory.getLogger(Annotations.class);

  private final Functions functions;
  private final Functions callFunctions;
  private final MissingKeys missingKeys;
  // Where each limit read was declared, for errors found once the limiter is built.
  private final Map<Limit, String> origins = new IdentityHashMap<>();

  Annotations(Functions functions, MissingKeys missingKeys) {
    this.functions = functions;
    this.callFunctions = functions.forCalls();
    this.missingKeys = missingKeys;
  }

  boolean hasAny(AnnotatedElement element) {
    return hasAny(element, false);
  }

  /**
   * Whether {@code element} declares limits or an exemption; for a bean method ({@code call}) also
   * on the methods it overrides and the interfaces it implements, where a proxy sees them too.
   */
  static boolean hasAny(AnnotatedElement element, boolean call) {
    if (call) {
      return !AnnotatedElementUtils.findMergedRepeatableAnnotations(element, RateLimit.class)
              .isEmpty()
          || !AnnotatedElementUtils.findMergedRepeatableAnnotations(element, SharedLimit.class)
              .isEmpty()
          || AnnotatedElementUtils.hasAnnotation(element, RateLimitExempt.class);
    }
    return !AnnotatedElementUtils.getMergedRepeatableAnnotations(element, RateLimit.class).isEmpty()
        || !AnnotatedElementUtils.getMergedRepeatableAnnotations(element, SharedLimit.class)
            .isEmpty()
        || AnnotatedElementUtils.hasAnnotation(element, RateLimitExempt.class);
  }

  /** The limits declared on {@code element}; {@code where} names it in error messages. */
  List<Limit> limitsOn(AnnotatedElement element, String where) {
    return limitsOn(element, where, false);
  }

  /**
   * The limits declared on {@code element}; {@code call} for a bean method or class that is not a
   * controller's, whose limits count calls: found on overridden and interface methods too, and
   * without the attributes that only requests have.
   */
  List<Limit> limitsOn(AnnotatedElement element, String where, boolean call) {
    List<Limit> limits = new ArrayList<>();
    for (RateLimit limit :
        call
            ? AnnotatedElementUtils.findMergedRepeatableAnnotations(element, RateLimit.class)
            : AnnotatedElementUtils.getMergedRepeatableAnnotations(element, RateLimit.class)) {
      String origin = "@RateLimit on " + where;
      Spec spec =
          new Spec(
              limit.value(),
              limit.limits(),
              limit.key(),
              limit.missingKey(),
              limit.scope(),
              false,
              limit.perMethod(),
              limit.methods(),
              limit.errorMessage(),
              limit.exemptWhen(),
              limit.overrideDefaults(),
              limit.deductWhen(),
              limit.onBreach(),
              limit.cost(),
              limit.costFunction(),
              limit.metaLimits(),
              call);
      limits.add(declared(toLimit(spec, origin), origin));
    }
    for (SharedLimit limit :
        call
            ? AnnotatedElementUtils.findMergedRepeatableAnnotations(element, SharedLimit.class)
            : AnnotatedElementUtils.getMergedRepeatableAnnotations(element, SharedLimit.class)) {
      String origin = "@SharedLimit on " + where;
      Spec spec =
          new Spec(
              limit.value(),
              limit.limits(),
              limit.key(),
              limit.missingKey(),
              limit.scope(),
              true,
              limit.perMethod(),
              limit.methods(),
              limit.errorMessage(),
              limit.exemptWhen(),
              limit.overrideDefaults(),
              limit.deductWhen(),
              limit.onBreach(),
              limit.cost(),
              limit.costFunction(),
              limit.metaLimits(),
              call);
      limits.add(declared(toLimit(spec, origin), origin));
    }
    return limits;
  }

  /** Returns the annotation that declared {@code limit}, if one of these annotations did. */
  Optional<String> originOf(Limit limit) {
    return Optional.ofNullable(origins.get(limit));
  }

  private Limit declared(Limit limit, String origin) {
    origins.put(limit, origin);
    return limit;
  }

  /** The exemption declared on {@code element}, or null. */
  Set<ExemptionScope> exemptionOn(AnnotatedElement element) {
    RateLimitExempt exempt =
        AnnotatedElementUtils.findMergedAnnotation(element, RateLimitExempt.class);
    if (exempt == null) {
      return null;
    }
    Set<ExemptionScope> scopes = EnumSet.noneOf(ExemptionScope.class);
    scopes.addAll(Arrays.asList(exempt.value()));
    return scopes;
  }

  private Limit toLimit(Spec spec, String origin) {
    Functions functions = spec.call ? callFunctions : this.functions;
    if (spec.call) {
      requestOnly(spec, origin);
    }
    Limit.Builder builder;
    if (!spec.value.isEmpty() && !spec.limits.isEmpty()) {
      throw new InvalidRateLimitException(
          origin, spec.value, "gives both value and limits; give one", null);
    }
    if (!spec.value.isEmpty()) {
      try {
        builder = Limit.builder(spec.value);
      } catch (IllegalArgumentException e) {
        throw new InvalidRateLimitException(
            origin, spec.value, "is not a rate limit: " + e.getMessage(), e);
      }
    } else if (!spec.limits.isEmpty()) {
      builder = Limit.builder(functions.limits(spec.limits, origin + " (limits)"));
    } else {
      throw new InvalidRateLimitException(
          origin,
          "",
          "declares no limits: give value = \"10/minute\" or limits = a LimitProvider",
          null);
    }
    if (spec.call) {
      // A call without a key of its own is counted with every other call of the method.
      builder.keyFunction(
          spec.key.isEmpty()
              ? MethodCall.SHARED
              : MethodCall.orShared(functions.key(spec.key, origin + " (key)")));
    } else if (!spec.key.isEmpty()) {
      builder.keyFunction(functions.key(spec.key, origin + " (key)"));
    }
    MissingKey missingKey = missingKeys.forAnnotation(spec.missingKey, origin);
    if (missingKey != null) {
      builder.missingKey(missingKey);
    }
    if (!spec.scope.isEmpty()) {
      // A scope is a literal unless it says otherwise (#{...} or @bean): a literal that happens to
      // be a bean's name is still a literal.
      boolean computed = Functions.isSpel(spec.scope) || Functions.isBeanReference(spec.scope);
      if (!computed && functions.isBeanOf(spec.scope, ScopeFunction.class)) {
        LOG.warn(
            "{} (scope): \"{}\" is a literal scope, though a ScopeFunction bean has that name;"
                + " write \"@{}\" to compute the scope with the bean",
            origin,
            spec.scope,
            spec.scope);
      }
      if (spec.shared) {
        if (computed) {
          builder.shared(functions.scope(spec.scope, origin + " (scope)"));
        } else {
          builder.shared(spec.scope);
        }
      } else if (computed) {
        builder.scope(functions.scope(spec.scope, origin + " (scope)"));
      } else {
        builder.scope(spec.scope);
      }
    }
    builder.perMethod(spec.perMethod);
    if (spec.methods.length > 0) {
      try {
        builder.methods(spec.methods);
      } catch (IllegalArgumentException e) {
        throw new InvalidRateLimitException(
            origin + " (methods)",
            String.join(",", spec.methods),
            "are not HTTP methods: " + e.getMessage(),
            e);
      }
    }
    if (!spec.errorMessage.isEmpty()) {
      if (Functions.isSpel(spec.errorMessage)) {
        builder.errorMessage(functions.message(spec.errorMessage, origin + " (errorMessage)"));
      } else {
        builder.errorMessage(spec.errorMessage);
      }
    }
    if (!spec.exemptWhen.isEmpty()) {
      builder.exemptWhen(functions.condition(spec.exemptWhen, origin + " (exemptWhen)"));
    }
    builder.overrideDefaults(spec.overrideDefaults);
    if (!spec.deductWhen.isEmpty()) {
      builder.deductWhen(functions.responseCondition(spec.deductWhen, origin + " (deductWhen)"));
    }
    if (!spec.onBreach.isEmpty()) {
      builder.onBreach(functions.breachHandler(spec.onBreach, origin + " (onBreach)"));
    }
    if (spec.cost < 0) {
      throw new InvalidRateLimitException(
          origin, Long.toString(spec.cost), "is not a cost: costs are 0 or more", null);
    }
    builder.cost(spec.cost);
    if (!spec.costFunction.isEmpty()) {
      builder.cost(functions.cost(spec.costFunction, origin + " (costFunction)"));
    }
    if (!spec.metaLimits.isEmpty()) {
      try {
        builder.metaLimits(spec.metaLimits);
      } catch (IllegalArgumentException e) {
        throw new InvalidRateLimitException(
            origin + " (metaLimits)", spec.metaLimits, "is not a rate limit: " + e.getMessage(), e);
      }
    }
    return builder.build();
  }

  /** The attributes {@link RateLimit} and {@link SharedLimit} have in common. */
  private record Spec(
      String value,
      String limits,
      String key,
      String missingKey,
      String scope,
      boolean shared,
      boolean perMethod,
      String[] methods,
      String errorMessage,
      String exemptWhen,
      boolean overrideDefaults,
      String deductWhen,
      String onBreach,
      long cost,
      String costFunction,
      String metaLimits,
      boolean call) {}

  /** Rejects the attributes that only requests have, on a limit that counts calls. */
  private static void requestOnly(Spec spec, String origin) {
    String attribute = null;
    String why = null;
    if (spec.methods.length > 0) {
      attribute = "methods";
      why = "a call has no HTTP method";
    } else if (spec.perMethod) {
      attribute = "perMethod";
      why = "a call has no HTTP method";
    } else if (!spec.deductWhen.isEmpty()) {
      attribute = "deductWhen";
      why = "a call has no response; use exemptWhen over the arguments";
    } else if (!spec.metaLimits.isEmpty()) {
      attribute = "metaLimits";
      why = "meta limits count the breaches of requests, and calls are exempt from them";
    } else if (!spec.missingKey.isEmpty()) {
      attribute = "missingKey";
      why =
          "a call whose key is null or empty is counted under the shared key "
              + MethodCall.SHARED_KEY
              + ", so it never lacks a key";
    }
    if (attribute != null) {
      throw new InvalidRateLimitException(
          origin + " (" + attribute + ")",
          "",
          "limits a bean method that is not a request handler, where "
              + attribute
              + " does not apply: "
              + why,
          null);
    }
  }
}
