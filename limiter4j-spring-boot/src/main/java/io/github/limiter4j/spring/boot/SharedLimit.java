package io.github.limiter4j.spring.boot;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * A limit counted once for every method that declares it with the same scope: Flask-Limiter's
 * {@code @limiter.shared_limit}. Repeatable; the other attributes are those of {@link RateLimit},
 * and so is what it does on a method of a bean that is not a controller.
 *
 * <pre>{@code
 * @GetMapping("/search") @SharedLimit(value = "30/minute", scope = "search")
 * @GetMapping("/suggest") @SharedLimit(value = "30/minute", scope = "search")
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
@Repeatable(SharedLimit.List.class)
public @interface SharedLimit {
  /** The limits, such as {@code "30/minute"}; empty when {@link #limits()} gives them. */
  String value() default "";

  /**
   * The shared scope: a literal name, or {@code #{...}} or {@code @name} (a {@code ScopeFunction}
   * bean) computing it. A bare name is a literal, even if a bean has that name.
   */
  String scope();

  /** A {@code LimitProvider} bean or SpEL giving the limits for each request. */
  String limits() default "";

  /** A {@code KeyFunction} bean or SpEL identifying the client. */
  String key() default "";

  /**
   * What the limit does with a request its key gives no key for: {@code client-address}, {@code
   * shared}, {@code refuse} (with {@code ratelimit.missing-key-status}) or {@code unlimited};
   * {@code ratelimit.missing-key} by default. Not on a bean method that handles no request
   * (start-up fails): a call without a key is counted under {@code all-calls}.
   */
  String missingKey() default "";

  /** Whether each HTTP method has its own counter. */
  boolean perMethod() default false;

  /** The HTTP methods the limit applies to; all by default. */
  String[] methods() default {};

  /** The description of a breach, instead of the notation. */
  String errorMessage() default "";

  /** A {@code RequestCondition} bean or SpEL: requests meeting it skip the limit. */
  String exemptWhen() default "";

  /** Whether the limit replaces the default limits and those of enclosing groups. */
  boolean overrideDefaults() default true;

  /** A {@code ResponseCondition} bean or SpEL: only responses meeting it are charged. */
  String deductWhen() default "";

  /** A {@code BreachHandler} bean called when the limit is breached. */
  String onBreach() default "";

  /** What each request takes from the limit. */
  long cost() default 1;

  /** A {@code CostFunction} bean or SpEL computing the cost of each request instead. */
  String costFunction() default "";

  /** Meta limits counting this limit's breaches. */
  String metaLimits() default "";

  /** Holds repeated {@link SharedLimit}s. */
  @Documented
  @Retention(RetentionPolicy.RUNTIME)
  @Target({ElementType.METHOD, ElementType.TYPE})
  @interface List {
    /** The limits. */
    SharedLimit[] value();
  }
}
