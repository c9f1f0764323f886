package io.github.limiter4j.spring.boot;

/**
 * Thrown at start-up of a reactive (WebFlux) application with limiter4j: its limits would limit
 * nothing, since only Spring MVC applications are limited yet.
 */
final class UnsupportedStackException extends IllegalStateException {
  private static final long serialVersionUID = 1L;

  private final boolean command;

  /**
   * @param command whether the application was started for the {@code limiter} command
   */
  UnsupportedStackException(boolean command) {
    super(
        "limiter4j does not apply rate limits in reactive (WebFlux) applications yet"
            + (command ? "; the limiter command has no limiter to show" : ""));
    this.command = command;
  }

  boolean command() {
    return command;
  }
}
