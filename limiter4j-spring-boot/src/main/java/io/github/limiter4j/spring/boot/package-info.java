/**
 * Spring Boot integration: {@link io.github.limiter4j.spring.boot.RateLimit}, {@link
 * io.github.limiter4j.spring.boot.SharedLimit}, {@link
 * io.github.limiter4j.spring.boot.RateLimitExempt} and {@link
 * io.github.limiter4j.spring.boot.LimitGroup} on controllers and on the methods of other beans, the
 * {@code ratelimit.*} properties, and the auto-configuration that applies them.
 *
 * <p>Null-free: parameters and return values are never null unless marked {@code @Nullable}.
 */
@NullMarked
package io.github.limiter4j.spring.boot;

import org.jspecify.annotations.NullMarked;
