package io.github.limiter4j;

/**
 * Thrown when a rate limit string does not follow the notation {@code [count] [per|/] [n]
 * [second|minute|hour|day|month|year][s]}. The message quotes the input and says what is wrong.
 */
public final class RateLimitParseException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  private final String input;
  private final String problem;

  /**
   * Creates an exception for {@code input} that failed to parse because of {@code problem}.
   *
   * @param input the whole string that was parsed
   * @param problem what is wrong with it, for a person to read
   */
  public RateLimitParseException(String input, String problem) {
    super("Invalid rate limit \"" + input + "\": " + problem);
    this.input = input;
    this.problem = problem;
  }

  /** Returns the string that failed to parse. */
  public String input() {
    return input;
  }

  /** Returns what is wrong with the input, without the input itself. */
  public String problem() {
    return problem;
  }
}
