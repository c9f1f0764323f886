/**
 * The request limiter: Flask-Limiter's semantics for any web framework. A {@link
 * io.github.limiter4j.web.Limiter} holds the configuration, routes and route groups; adapters turn
 * their requests into {@link io.github.limiter4j.web.WebRequest}s, call {@link
 * io.github.limiter4j.web.Limiter#check(io.github.limiter4j.web.WebRequest)} before the handler and
 * {@link io.github.limiter4j.web.LimitedRequest#finish(io.github.limiter4j.web.WebResponse)} after
 * it.
 *
 * <p>Null-free: parameters and return values are never null unless marked {@code @Nullable}.
 */
@NullMarked
package io.github.limiter4j.web;

import org.jspecify.annotations.NullMarked;
