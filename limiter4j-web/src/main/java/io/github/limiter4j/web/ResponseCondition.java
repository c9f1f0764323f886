package io.github.limiter4j.web;

/**
 * Decides after the response whether the request is charged to a limit ({@code deduct-when}): for
 * example only failed logins, {@code (request, response) -> response.status() >= 400}.
 */
@FunctionalInterface
public interface ResponseCondition {
  /** Returns true if the request should be charged. */
  boolean test(WebRequest request, WebResponse response);
}
