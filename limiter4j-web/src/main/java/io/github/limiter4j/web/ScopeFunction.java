package io.github.limiter4j.web;

/**
 * Computes the scope of a limit from the endpoint of the request: the counter a shared limit groups
 * its routes under, or a sub-division of a route's counter.
 */
@FunctionalInterface
public interface ScopeFunction {
  /** Returns the scope for a request to {@code endpoint}. */
  String scope(String endpoint);
}
