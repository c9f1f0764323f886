package io.github.limiter4j.web;

import org.jspecify.annotations.Nullable;

/** What the limiter reads of a response: for deduct-when conditions and the Retry-After header. */
public interface WebResponse {
  /** Returns the response's status code. */
  int status();

  /** Returns the first value of the named header already set on the response, or null. */
  @Nullable String header(String name);
}
