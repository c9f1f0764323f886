package io.github.limiter4j.web;

/** Gives how much one request takes from a limit, computed from the request. */
@FunctionalInterface
public interface CostFunction {
  /** Returns the cost of this request, 0 or more. */
  long cost(WebRequest request);
}
