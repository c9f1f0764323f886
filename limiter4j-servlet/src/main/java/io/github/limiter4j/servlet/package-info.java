/**
 * The Jakarta Servlet adapter: {@link io.github.limiter4j.servlet.RateLimitFilter} puts a {@link
 * io.github.limiter4j.web.Limiter} in front of any Servlet 6 container.
 */
package io.github.limiter4j.servlet;
