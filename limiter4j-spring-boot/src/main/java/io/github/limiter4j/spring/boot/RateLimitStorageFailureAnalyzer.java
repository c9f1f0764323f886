package io.github.limiter4j.spring.boot;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Explains a start-up stopped by a rate limit storage that does not answer. */
final class RateLimitStorageFailureAnalyzer
    extends AbstractFailureAnalyzer<RateLimitStorageUnavailableException> {
  @Override
  protected FailureAnalysis analyze(
      Throwable rootFailure, RateLimitStorageUnavailableException cause) {
    String description =
        "The rate limit storage does not answer:\n\n    "
            + cause.storage()
            + (cause.reason().isEmpty() ? "" : "\n\n" + cause.reason())
            + (cause.waited().isZero()
                ? ""
                : "\n\nStart-up waited " + cause.waited() + " (ratelimit.storage-startup-timeout).")
            + "\n\nWithout ratelimit.swallow-errors or the in-memory fallback, no limited request"
            + " could be served.";
    String action =
        "Start the storage, or correct ratelimit.storage-uri and ratelimit.storage-options. To let"
            + " the application start without it, set one of:\n"
            + "    ratelimit.swallow-errors=true (requests pass unlimited until it answers)\n"
            + "    ratelimit.in-memory-fallback-enabled=true (requests are limited in memory until"
            + " it answers)\n"
            + "    ratelimit.storage-startup-timeout=30s (start-up waits for it that long)";
    return new FailureAnalysis(description, action, cause);
  }
}
