package io.github.limiter4j.testing;

import io.github.limiter4j.TimeSource;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link TimeSource} that stands still until a test moves it, so tests of windows never sleep.
 * Thread-safe.
 */
public final class ManualClock implements TimeSource {
  /** Where a clock made by {@link #ManualClock()} starts: 2026-01-01T00:00:00Z. */
  public static final Instant DEFAULT_START = Instant.parse("2026-01-01T00:00:00Z");

  private final AtomicLong millis;

  /** Creates a clock at {@link #DEFAULT_START}. */
  public ManualClock() {
    this(DEFAULT_START);
  }

  /** Creates a clock at {@code start}. */
  public ManualClock(Instant start) {
    this.millis = new AtomicLong(Objects.requireNonNull(start, "start").toEpochMilli());
  }

  @Override
  public long currentTimeMillis() {
    return millis.get();
  }

  /** Returns the current time as an instant. */
  public Instant instant() {
    return Instant.ofEpochMilli(millis.get());
  }

  /**
   * Moves the clock forward (or back, for a negative duration).
   *
   * @return this clock
   */
  public ManualClock advance(Duration duration) {
    millis.addAndGet(Objects.requireNonNull(duration, "duration").toMillis());
    return this;
  }

  /**
   * Moves the clock by {@code delta} milliseconds.
   *
   * @return this clock
   */
  public ManualClock advanceMillis(long delta) {
    millis.addAndGet(delta);
    return this;
  }

  /**
   * Sets the clock to {@code epochMillis}.
   *
   * @return this clock
   */
  public ManualClock setMillis(long epochMillis) {
    millis.set(epochMillis);
    return this;
  }

  /**
   * Sets the clock to {@code instant}.
   *
   * @return this clock
   */
  public ManualClock set(Instant instant) {
    return setMillis(Objects.requireNonNull(instant, "instant").toEpochMilli());
  }

  @Override
  public String toString() {
    return "ManualClock{" + instant() + "}";
  }
}
