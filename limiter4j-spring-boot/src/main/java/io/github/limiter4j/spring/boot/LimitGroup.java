package io.github.limiter4j.spring.boot;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Puts a controller's methods in a route group (Flask's blueprint), by the dotted names of the
 * groups it is nested in, outermost first: {@code @LimitGroup("parent.child")}. The controller's
 * class-level {@link RateLimit}, {@link SharedLimit} and {@link RateLimitExempt} are the limits and
 * exemption of that group, which is keyed by its full dotted name: {@code a.api} and {@code b.api}
 * are two groups. A controller with class-level limits and no {@code @LimitGroup} is a group of its
 * own, named after its class ({@code com/example/Views}). On a bean that is not a controller it
 * groups the limits of that bean's methods; a group holds either controllers or other beans.
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.TYPE)
public @interface LimitGroup {
  /** The dotted group names, outermost first. */
  String value();
}
