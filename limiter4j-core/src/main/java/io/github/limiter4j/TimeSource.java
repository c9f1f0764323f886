package io.github.limiter4j;

/**
 * Where limiter4j reads the current time. Injected into every storage so that tests can move time
 * by hand (the test kit's {@code ManualClock}) instead of sleeping.
 */
@FunctionalInterface
public interface TimeSource {
  /** Returns the current time in milliseconds since the epoch. */
  long currentTimeMillis();

  /** Returns the time source backed by {@link System#currentTimeMillis()}. */
  static TimeSource system() {
    return SystemTimeSource.INSTANCE;
  }
}
