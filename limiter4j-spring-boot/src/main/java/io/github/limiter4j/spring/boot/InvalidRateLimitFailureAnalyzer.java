package io.github.limiter4j.spring.boot;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Explains a start-up failure caused by a bad rate limit setting. */
final class InvalidRateLimitFailureAnalyzer
    extends AbstractFailureAnalyzer<InvalidRateLimitException> {
  @Override
  protected FailureAnalysis analyze(Throwable rootFailure, InvalidRateLimitException cause) {
    String description =
        "Invalid rate limit configuration:\n\n    "
            + cause.origin()
            + (cause.value().isEmpty() ? "" : " = \"" + cause.value() + "\"")
            + "\n\n"
            + cause.problem();
    String action = cause.action().isEmpty() ? actionFor(cause) : cause.action();
    return new FailureAnalysis(description, action, cause);
  }

  /** Explains the notation only to whom wrote a limit, and functions to whom wrote one. */
  private static String actionFor(InvalidRateLimitException cause) {
    String correct = "Correct " + cause.origin() + ".";
    String problem = cause.problem();
    if (problem.startsWith("is not a rate limit") || problem.startsWith("declares no limits")) {
      return correct
          + " Limits are written \"[count] per|/ [n] second|minute|hour|day|month|year[s]\","
          + " several joined by \",\" \";\" or \"|\", for example \"10/minute;100/hour\".";
    }
    if (problem.contains("bean") || problem.contains("SpEL")) {
      return correct
          + " A function is the name of a bean of the right type or a SpEL expression"
          + " \"#{...}\".";
    }
    return correct;
  }
}
