package io.github.limiter4j.spring.boot;

import io.github.limiter4j.web.ExemptionScope;
import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Exempts a controller method, or a controller's group, from what the scopes name: Flask-Limiter's
 * {@code @limiter.exempt}. Limits declared on the exempt method itself still apply. On a method of
 * a bean that is not a controller, whose calls no application, default or meta limit counts, only
 * the scopes that concern groups ({@code ANCESTORS}, {@code DESCENDENTS}) change anything.
 *
 * <pre>{@code
 * @GetMapping("/ping") @RateLimitExempt
 * @RateLimitExempt({ExemptionScope.DEFAULT, ExemptionScope.APPLICATION, ExemptionScope.ANCESTORS})
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target({ElementType.METHOD, ElementType.TYPE})
public @interface RateLimitExempt {
  /** What is exempt; by default the application, default and meta limits. */
  ExemptionScope[] value() default {
    ExemptionScope.APPLICATION, ExemptionScope.DEFAULT, ExemptionScope.META
  };
}
