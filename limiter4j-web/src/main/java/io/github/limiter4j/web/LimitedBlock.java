package io.github.limiter4j.web;

/**
 * A block of a handler that passed its limit ({@link LimitedRequest#limit(Limit)}). Closing it does
 * nothing: the limit was counted when the block was entered, as in Flask-Limiter.
 */
public final class LimitedBlock implements AutoCloseable {
  static final LimitedBlock INSTANCE = new LimitedBlock();

  private LimitedBlock() {}

  /** Does nothing; the block's cost stays counted. */
  @Override
  public void close() {}
}
