/**
 * The Jakarta Servlet adapter: {@link io.github.limiter4j.servlet.RateLimitFilter} puts a {@link
 * io.github.limiter4j.web.Limiter} in front of any Servlet 6 container.
 *
 * <p>Null-free: parameters and return values are never null unless marked {@code @Nullable}.
 */
@NullMarked
package io.github.limiter4j.servlet;

import org.jspecify.annotations.NullMarked;
