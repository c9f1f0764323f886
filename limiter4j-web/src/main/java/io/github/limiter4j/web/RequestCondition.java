package io.github.limiter4j.web;

/**
 * A yes-or-no question about a request: whether a limit is exempt for it ({@code exempt-when}) or
 * whether the limiter skips it altogether (a request filter).
 */
@FunctionalInterface
public interface RequestCondition {
  /** Returns true if the condition holds for the request. */
  boolean test(WebRequest request);
}
