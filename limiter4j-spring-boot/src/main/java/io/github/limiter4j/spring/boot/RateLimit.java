package io.github.limiter4j.spring.boot;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Repeatable;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Limits a controller method, or every method of a controller (which makes the controller a route
 * group): Flask-Limiter's {@code @limiter.limit}; or the calls of a method of any other bean.
 * Repeatable.
 *
 * <pre>{@code
 * @GetMapping("/slow")
 * @RateLimit("1/day")
 * String slow() { return ":("; }
 *
 * @GetMapping("/medium")
 * @RateLimit(value = "1/second", overrideDefaults = false)
 * String medium() { return ":|"; }
 * }</pre>
 *
 * <p>Attributes that name a function take the name of a bean implementing the matching interface of
 * {@code io.github.limiter4j.web} ({@code name} or {@code @name}), or a SpEL expression {@code
 * #{...}} whose root has {@code request} (the {@code WebRequest}), {@code servletRequest}, {@code
 * response} (for deduct-when) and {@code endpoint} (for scopes). A notation that does not parse
 * fails the application's start-up, naming the annotated method.
 *
 * <p>The method's endpoint (the scope of its storage keys) is the mapping's {@code name}, else the
 * controller's class name and the method's name, such as {@code com.example.Views.slow}.
 *
 * <p>On a method (or class) of any other bean, such as a {@code @Service}, it limits the method's
 * calls through a Spring AOP proxy: a call over the limit throws {@code RateLimitExceededException}
 * before the method runs. Expressions there see a {@link MethodSpelRoot} (the arguments as {@code
 * args} and by name, {@code #{#userId}}); without a {@link #key()} every call is counted together.
 * {@link #methods()}, {@link #perMethod()}, {@link #deductWhen()} and {@link #metaLimits()} apply
 * to requests only, and where no proxy can apply the limit (a private, static or final method, a
 * final class) start-up fails, naming the method. Calls from the bean to itself are not limited.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
@Repeatable(RateLimit.List.class)
public @interface RateLimit {
  /** The limits, such as {@code "10/minute;100/hour"}; empty when {@link #limits()} gives them. */
  String value() default "";

  /** A {@code LimitProvider} bean or SpEL giving the limits for each request (dynamic limits). */
  String limits() default "";

  /** A {@code KeyFunction} bean or SpEL identifying the client; the limiter's by default. */
  String key() default "";

  /**
   * What the limit does with a request its key gives no key for: {@code client-address}, {@code
   * shared}, {@code refuse} (with {@code ratelimit.missing-key-status}) or {@code unlimited};
   * {@code ratelimit.missing-key} by default. Not on a bean method that handles no request
   * (start-up fails): a call without a key is counted under {@code all-calls}.
   */
  String missingKey() default "";

  /**
   * Divides the route's counter: a literal scope, or {@code #{...}} or {@code @name} (a {@code
   * ScopeFunction} bean) computing it. A bare name is a literal, even if a bean has that name.
   */
  String scope() default "";

  /** Whether each HTTP method has its own counter. */
  boolean perMethod() default false;

  /** The HTTP methods the limit applies to; all by default. */
  String[] methods() default {};

  /** The description of a breach, instead of the notation; a SpEL expression is evaluated. */
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

  /** Meta limits counting this limit's breaches, such as {@code "2/day"}. */
  String metaLimits() default "";

  /** Holds repeated {@link RateLimit}s. */
  @Documented
  @Retention(RetentionPolicy.RUNTIME)
  @Target({ElementType.METHOD, ElementType.TYPE})
  @interface List {
    /** The limits. */
    RateLimit[] value();
  }
}
